package org.spikeforge.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.model.ThetaPhase;
import org.spikeforge.hw.net.DenseOnly;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * Checks that a {@link Network} can be simulated: a known model with valid parameters,
 * consistent population and projection shapes, finite weights and initial states, and
 * populations in topological order. Simulators and compilers may then assume all of this.
 */
public final class NetworkValidator {
  /** Validation stops collecting after this many problems; the first one is what users see. */
  static final int MAX_PROBLEMS = 50;

  private static final String INPUT = "input";

  private NetworkValidator() {}

  /** Throws a one-line {@link SpikeForgeIoException} for the first problem, if there is any. */
  public static void check(Network net, Path file) {
    List<ValidationProblem> problems = problems(net);
    if (!problems.isEmpty()) {
      throw SpikeForgeIoException.ofProblems(file, problems);
    }
  }

  /**
   * Refuses a network with a conv or pool projection, naming the first, for the commands whose engines and targets
   * read projections as dense matrices (the event simulator, the lowerings, the exporters, HIL; evaluate until its
   * data path carries input shapes): a dense reading of a kernel would be silently wrong.
   */
  public static void requireDense(Network net, Path file) {
    int i = DenseOnly.firstKernel(net);
    if (i >= 0) {
      Projection p = net.getProjections(i);
      String kind = DenseOnly.kind(p);
      throw new SpikeForgeIoException(file, "projections[" + i + "]." + kind, "(" + p.getTarget() + " <- "
          + p.getSource() + ") is a " + kind + " layer; conv and pool layers validate, convert and run in the "
          + "layered training engine, but this command's engine, targets and exporters take dense layers only so far");
    }
  }

  /** Every problem found (up to {@value #MAX_PROBLEMS}), in field order; empty when valid. */
  public static List<ValidationProblem> problems(Network net) {
    List<ValidationProblem> out = new ArrayList<>();
    checkModel(net, out);
    if (!(net.getTrialEnd() > 0) || Double.isInfinite(net.getTrialEnd())) {
      out.add(new ValidationProblem("trial_end", num(net.getTrialEnd()) + ", must be finite and > 0"));
    }
    if (net.getNumInputs() < 0) {
      out.add(new ValidationProblem("num_inputs", net.getNumInputs() + ", must be >= 0"));
    }
    ConvGeometry.checkInputShape(net, out);
    Map<String, Integer> index = checkPopulations(net, out);
    checkProjections(net, index, out);
    return out.size() > MAX_PROBLEMS ? List.copyOf(out.subList(0, MAX_PROBLEMS)) : out;
  }

  private static void checkModel(Network net, List<ValidationProblem> out) {
    NeuronModel model = net.getModel();
    if (model == NeuronModel.NEURON_MODEL_UNSPECIFIED || model == NeuronModel.UNRECOGNIZED) {
      String got = model == NeuronModel.UNRECOGNIZED ? "unknown value " + net.getModelValue() : "unspecified";
      out.add(new ValidationProblem("model", got + "; expected QIF_EXP, THETA, LIF_EXP or LIF_DELTA"));
      return;
    }
    NeuronParams p = net.getParams();
    if (!(p.getTau() > 0) || Double.isInfinite(p.getTau())) {
      out.add(new ValidationProblem("params.tau", num(p.getTau()) + ", must be finite and > 0"));
    }
    if (model == NeuronModel.THETA && (!(p.getDrive() > 0.25) || Double.isInfinite(p.getDrive()))) {
      out.add(new ValidationProblem(
          "params.drive", num(p.getDrive()) + ", THETA needs a finite drive I0 > 1/4"));
    }
    if (model == NeuronModel.LIF_DELTA && !Double.isFinite(p.getDrive())) {
      out.add(new ValidationProblem("params.drive", num(p.getDrive()) + ", LIF_DELTA needs a finite drive"));
    }
    if ((model == NeuronModel.LIF_EXP || model == NeuronModel.LIF_DELTA)
        && (!(p.getThreshold() > 0) || Double.isInfinite(p.getThreshold()))) {
      out.add(new ValidationProblem(
          "params.threshold", num(p.getThreshold()) + ", " + model + " needs a finite threshold > 0"));
    }
    if (model == NeuronModel.QIF_EXP && (!(p.getPseudoAlpha() >= 0) || Double.isInfinite(p.getPseudoAlpha()))) {
      out.add(new ValidationProblem(
          "params.pseudo_alpha", num(p.getPseudoAlpha()) + ", must be finite and >= 0 (0 = default 10)"));
    }
  }

  private static Map<String, Integer> checkPopulations(Network net, List<ValidationProblem> out) {
    Map<String, Integer> index = new HashMap<>();
    double period = thetaPeriod(net);
    for (int i = 0; i < net.getPopulationsCount(); i++) {
      Population pop = net.getPopulations(i);
      String at = "populations[" + i + "]";
      if (pop.getName().isEmpty() || pop.getName().equals(INPUT)) {
        out.add(new ValidationProblem(at + ".name", "'" + pop.getName() + "', must be non-empty and not 'input'"));
      } else if (index.putIfAbsent(pop.getName(), i) != null) {
        out.add(new ValidationProblem(
            at + ".name", "'" + pop.getName() + "' already names populations[" + index.get(pop.getName()) + "]"));
      }
      if (pop.getSize() <= 0) {
        out.add(new ValidationProblem(at + ".size", pop.getSize() + ", must be > 0"));
      }
      ConvGeometry.checkShape(pop.getShape(), pop.getSize(), at + ".shape", "size", out);
      checkState(pop.getInitialVList(), pop.getSize(), at + ".initial_v", period, out);
      checkState(pop.getInitialIList(), pop.getSize(), at + ".initial_i", Double.NaN, out);
    }
    return index;
  }

  /** THETA: phases live in [0, Theta]; otherwise NaN (no range beyond finiteness). */
  private static double thetaPeriod(Network net) {
    NeuronParams p = net.getParams();
    if (net.getModel() != NeuronModel.THETA || !(p.getDrive() > 0.25) || !(p.getTau() > 0)) {
      return Double.NaN;
    }
    return ThetaPhase.period(p.getTau(), p.getDrive());
  }

  private static void checkState(
      List<Double> values, int size, String field, double phaseMax, List<ValidationProblem> out) {
    if (!values.isEmpty() && values.size() != size) {
      out.add(new ValidationProblem(
          field, values.size() + " values, expected 0 (all zero) or size = " + size));
      return;
    }
    for (int k = 0; k < values.size(); k++) {
      double v = values.get(k);
      if (!Double.isFinite(v)) {
        out.add(new ValidationProblem(field + "[" + k + "]", num(v) + ", must be finite"));
        return;
      }
      if (!Double.isNaN(phaseMax) && !ThetaPhase.isPhase(v, phaseMax)) {
        out.add(new ValidationProblem(
            field + "[" + k + "]", num(v) + ", a THETA phase must lie in [0, Theta = " + num(phaseMax) + "]"));
        return;
      }
    }
  }

  private static void checkProjections(
      Network net, Map<String, Integer> index, List<ValidationProblem> out) {
    for (int i = 0; i < net.getProjectionsCount(); i++) {
      Projection proj = net.getProjections(i);
      String at = "projections[" + i + "]";
      Integer target = index.get(proj.getTarget());
      if (target == null) {
        out.add(new ValidationProblem(at + ".target", "'" + proj.getTarget() + "' is not a population name"));
      }
      int sourceSize;
      Integer source = null;
      if (proj.getSource().equals(INPUT)) {
        sourceSize = net.getNumInputs();
      } else {
        source = index.get(proj.getSource());
        if (source == null) {
          out.add(new ValidationProblem(
              at + ".source", "'" + proj.getSource() + "' is neither 'input' nor a population name"));
        }
        sourceSize = source == null ? -1 : net.getPopulations(source).getSize();
      }
      if (source != null && target != null && source > target) {
        out.add(new ValidationProblem(
            at + ".source",
            "'" + proj.getSource() + "' (populations[" + source + "]) comes after its target '"
                + proj.getTarget() + "' (populations[" + target + "]); populations must be in topological order"));
      }
      if (target != null && proj.getRows() != net.getPopulations(target).getSize()) {
        out.add(new ValidationProblem(
            at + ".rows", proj.getRows() + ", expected target '" + proj.getTarget() + "' size = "
                + net.getPopulations(target).getSize()));
      }
      if (sourceSize >= 0 && proj.getCols() != sourceSize) {
        String what = source == null ? "num_inputs" : "source '" + proj.getSource() + "' size";
        out.add(new ValidationProblem(at + ".cols", proj.getCols() + ", expected " + what + " = " + sourceSize));
      }
      long expected = (long) proj.getRows() * proj.getCols();
      if (proj.getRows() < 0 || proj.getCols() < 0) {
        continue;
      }
      boolean dense = proj.getConnectivityCase() == Projection.ConnectivityCase.CONNECTIVITY_NOT_SET;
      if (!dense && (source != null || proj.getSource().equals(INPUT)) && target != null) {
        MapShape from = source == null ? net.getInputShape() : net.getPopulations(source).getShape();
        ConvGeometry.checkProjection(proj, at, from, proj.getSource(), net.getPopulations(target).getShape(),
            proj.getSource().equals(proj.getTarget()), out);
      }
      if (dense && proj.getWeightsCount() != expected) {
        out.add(new ValidationProblem(
            at + ".weights", proj.getWeightsCount() + " values, expected rows*cols = " + expected));
      }
      for (int k = 0; k < proj.getWeightsCount(); k++) {
        double w = proj.getWeights(k);
        if (!Double.isFinite(w)) {
          out.add(new ValidationProblem(at + ".weights[" + k + "]", num(w) + ", must be finite"));
          break;
        }
      }
    }
  }

  /** Numbers as Java prints them (NaN, Infinity, 0.25) so the message shows the exact value. */
  private static String num(double v) {
    return Double.toString(v);
  }
}
