package org.spikeforge.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.spikeforge.grad.ParameterGradients;
import org.spikeforge.grad.SpikeTimeGradient;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;
import org.spikeforge.sim.SimulationOptions;

/**
 * Spike-pattern learning with the general event simulator and exact spike-time gradients (the spikegd single-neuron
 * and recurrent experiments). The loss is the mean squared error between target times and each target neuron's
 * n-th spike, continued by pseudospikes when it fired fewer than n spikes ({@link SpikeTimeMse}). Parameters live
 * in the simulator's own arrays (weights, initial states, input spike times) and are updated in place; a mask
 * selects which ones learn.
 */
public final class SpikePatternTask {
  private final String name;
  private final Network proto;
  private final CompiledNetwork net;
  private final double[] inputTimes;
  private final int[] inputStart;
  private final int[] targetNeuron;
  private final double[][] targets;
  private final boolean[] trainWeight;
  private final boolean[] trainState;
  private final boolean[] trainInput;

  private SpikePatternTask(String name, Network proto, InputTrains in, int[] targetNeuron, double[][] targets,
      boolean[] trainWeight, boolean[] trainState, boolean[] trainInput) {
    this.name = name;
    this.proto = proto;
    this.net = CompiledNetwork.fromProto(proto);
    this.inputTimes = in.times().clone();
    this.inputStart = in.start().clone();
    this.targetNeuron = targetNeuron;
    this.targets = targets;
    this.trainWeight = trainWeight;
    this.trainState = trainState;
    this.trainInput = trainInput;
  }

  /**
   * One QIF neuron (τ = 1, T = 10) with 20 fixed inputs (times U(0, T), weights N(0, 1)) and 2 trainable inputs
   * (weights start at 0, times at 1 and 9) learning to spike at 2.5 and 7.5.
   */
  public static SpikePatternTask singleNeuron(long seed) {
    Random rnd = new Random(seed);
    int fixed = 20;
    int trainable = 2;
    int inputs = fixed + trainable;
    double[] w = new double[inputs];
    double[] times = new double[inputs];
    times[0] = 1;
    times[1] = 9;
    for (int c = trainable; c < inputs; c++) {
      times[c] = 10 * rnd.nextDouble();
      w[c] = rnd.nextGaussian();
    }
    Network proto = Network.newBuilder().setName("single-neuron").setModel(NeuronModel.QIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1)).setTrialEnd(10).setNumInputs(inputs)
        .addPopulations(Population.newBuilder().setName("out").setSize(1).setOutput(true).addInitialV(0)
            .addInitialI(0))
        .addProjections(projection("input", "out", 1, inputs, w)).build();
    boolean[] tw = new boolean[inputs];
    boolean[] ti = new boolean[inputs];
    for (int c = 0; c < trainable; c++) {
      tw[c] = true;
      ti[c] = true;
    }
    return new SpikePatternTask("single-neuron", proto, InputTrains.ofSingleSpikes(times),
        new int[] {0}, new double[][] {{2.5, 7.5}}, tw, new boolean[2], ti);
  }

  /**
   * Ten recurrently connected QIF neurons (τ = 1, T = 10) driven by 5 fixed Poisson input trains (rate 0.4);
   * recurrent weights and initial states learn so that neuron 0 spikes at 2, 5, 8 and neuron 1 at 3.5, 7.
   */
  public static SpikePatternTask recurrent(long seed) {
    Random rnd = new Random(seed);
    int n = 10;
    int channels = 5;
    double trialEnd = 10;
    List<double[]> trains = new ArrayList<>();
    int total = 0;
    for (int c = 0; c < channels; c++) {
      List<Double> t = new ArrayList<>();
      for (double time = -Math.log(1 - rnd.nextDouble()) / 0.4; time < trialEnd;
          time += -Math.log(1 - rnd.nextDouble()) / 0.4) {
        t.add(time);
      }
      trains.add(t.stream().mapToDouble(Double::doubleValue).toArray());
      total += t.size();
    }
    int[] start = new int[channels + 1];
    double[] times = new double[total];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(trains.get(c), 0, times, start[c], trains.get(c).length);
      start[c + 1] = start[c] + trains.get(c).length;
    }
    double[] win = new double[n * channels];
    for (int i = 0; i < win.length; i++) {
      win[i] = 1.0 + rnd.nextGaussian();
    }
    double[] wrec = new double[n * n];
    for (int i = 0; i < wrec.length; i++) {
      wrec[i] = 0.3 * rnd.nextGaussian();
    }
    Population.Builder pop = Population.newBuilder().setName("rec").setSize(n).setOutput(true);
    for (int i = 0; i < n; i++) {
      pop.addInitialV(-0.5 + rnd.nextDouble());
      pop.addInitialI(0);
    }
    Network proto = Network.newBuilder().setName("recurrent").setModel(NeuronModel.QIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1)).setTrialEnd(trialEnd).setNumInputs(channels)
        .addPopulations(pop).addProjections(projection("input", "rec", n, channels, win))
        .addProjections(projection("rec", "rec", n, n, wrec)).build();
    CompiledNetwork net = CompiledNetwork.fromProto(proto); // for the parameter layout only
    boolean[] tw = new boolean[net.weights().length];
    int rec = net.projectionSource(0) == CompiledNetwork.INPUT ? 1 : 0;
    Arrays.fill(tw, net.weightOffset(rec), net.weightOffset(rec) + n * n, true);
    boolean[] ts = new boolean[net.initialState().length];
    Arrays.fill(ts, true);
    return new SpikePatternTask("recurrent", proto, new InputTrains(start, times), new int[] {0, 1},
        new double[][] {{2, 5, 8}, {3.5, 7}}, tw, ts, new boolean[total]);
  }

  private static Projection projection(String source, String target, int rows, int cols, double[] w) {
    Projection.Builder p = Projection.newBuilder().setSource(source).setTarget(target).setRows(rows).setCols(cols);
    for (double v : w) {
      p.addWeights(v);
    }
    return p.build();
  }

  public String name() {
    return name;
  }

  public CompiledNetwork network() {
    return net;
  }

  /** The network with its current (trained) weights and initial states. */
  public Network trainedNetwork() {
    return net.toProto(proto);
  }

  /** Targets per target neuron. */
  public double[][] targets() {
    return targets;
  }

  /** Loss, gradient and the target neurons' n-th spike/pseudospike times for the current parameters. */
  public record Step(double loss, double[] times, double gradNorm) {}

  /** Runs one trial, computes the loss and its exact gradient, and applies a clipped SGD or Adam step. */
  public static final class Learner {
    private final SpikePatternTask task;
    private final EventSimulator sim;
    private final EventLog log = new EventLog();
    private final SpikeTimeGradient gradient = new SpikeTimeGradient();
    private final ParameterGradients grads;
    private final int targetCount;
    private final Optimizer optimizer;
    private final double clip;
    private final double[] flat;
    private final double[] flatGrad;

    /** {@code clip} bounds each gradient component to [-clip, clip] (0: off), as in spikegd. */
    public Learner(SpikePatternTask task, String optimizerName, double clip) {
      this.task = task;
      int maxTargets = 0;
      int count = 0;
      for (double[] t : task.targets) {
        maxTargets = Math.max(maxTargets, t.length);
        count += t.length;
      }
      this.targetCount = count;
      this.sim = new EventSimulator(SimulationOptions.DEFAULT.withQifPseudospikes(maxTargets));
      this.grads = new ParameterGradients(task.net, task.inputTimes.length);
      int p = count(task.trainWeight) + count(task.trainState) + count(task.trainInput);
      this.flat = new double[p];
      this.flatGrad = new double[p];
      this.optimizer = switch (optimizerName) {
        case "adam" -> Adam.standard(p);
        case "sgd" -> new Sgd();
        default -> throw new ConfigException("optimizer '" + optimizerName + "' is not sgd or adam");
      };
      this.clip = clip;
    }

    private static int count(boolean[] mask) {
      int c = 0;
      for (boolean b : mask) {
        if (b) {
          c++;
        }
      }
      return c;
    }

    /** Loss and target-spike times without changing anything. */
    public Step evaluate() {
      return run(false, 0);
    }

    /** One learning step at learning rate {@code lr}; returns the values before the step. */
    public Step step(double lr) {
      return run(true, lr);
    }

    private Step run(boolean learn, double lr) {
      InputTrains in = new InputTrains(task.inputStart, task.inputTimes);
      sim.run(task.net, in, log);
      double[] times = new double[targetCount];
      int[] spikeIndex = new int[targetCount];
      int[] pseudoIndex = new int[targetCount];
      int k = 0;
      for (int j = 0; j < task.targetNeuron.length; j++) {
        int neuron = task.targetNeuron[j];
        int fired = log.spikeCount(neuron);
        for (int m = 0; m < task.targets[j].length; m++) {
          times[k] = log.spikeOrPseudospike(neuron, m);
          spikeIndex[k] = m < fired ? log.spikeStart()[neuron] + m : -1;
          pseudoIndex[k] = m < fired ? -1 : log.pseudoStart()[neuron] + (m - fired);
          k++;
        }
      }
      double[] target = new double[targetCount];
      k = 0;
      for (double[] t : task.targets) {
        for (double v : t) {
          target[k++] = v;
        }
      }
      double[] dLdt = new double[targetCount];
      double loss = SpikeTimeMse.lossAndGradient(times, target, dLdt);
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(task.name + ": loss " + loss + " (not enough pseudospikes or a NaN"
            + " parameter)");
      }
      double[] dSpike = new double[Math.max(1, log.totalSpikes())];
      double[] dPseudo = new double[Math.max(1, log.totalPseudospikes())];
      for (k = 0; k < targetCount; k++) {
        if (spikeIndex[k] >= 0) {
          dSpike[spikeIndex[k]] += dLdt[k];
        } else {
          dPseudo[pseudoIndex[k]] += dLdt[k];
        }
      }
      grads.clear();
      gradient.backward(log, dSpike, dPseudo, grads);
      gather(grads.weights(), grads.initialState(), grads.inputTimes(), flatGrad);
      double norm = 0;
      for (int i = 0; i < flatGrad.length; i++) {
        if (clip > 0) {
          flatGrad[i] = Math.max(-clip, Math.min(clip, flatGrad[i]));
        }
        norm += flatGrad[i] * flatGrad[i];
      }
      if (learn) {
        gather(task.net.weights(), task.net.initialState(), task.inputTimes, flat);
        optimizer.step(flat, flatGrad, lr);
        scatter(flat);
      }
      return new Step(loss, times, Math.sqrt(norm));
    }

    private void gather(double[] w, double[] s, double[] t, double[] out) {
      int k = 0;
      for (int i = 0; i < w.length; i++) {
        if (task.trainWeight[i]) {
          out[k++] = w[i];
        }
      }
      for (int i = 0; i < s.length; i++) {
        if (task.trainState[i]) {
          out[k++] = s[i];
        }
      }
      for (int i = 0; i < task.trainInput.length; i++) {
        if (task.trainInput[i]) {
          out[k++] = t[i];
        }
      }
    }

    private void scatter(double[] in) {
      double trialEnd = task.net.trialEnd();
      int k = 0;
      double[] w = task.net.weights();
      for (int i = 0; i < w.length; i++) {
        if (task.trainWeight[i]) {
          w[i] = in[k++];
        }
      }
      double[] s = task.net.initialState();
      for (int i = 0; i < s.length; i++) {
        if (task.trainState[i]) {
          s[i] = in[k++];
        }
      }
      for (int i = 0; i < task.trainInput.length; i++) {
        if (task.trainInput[i]) {
          // Trainable input times stay inside the trial, as in spikegd.
          task.inputTimes[i] = Math.max(0, Math.min(trialEnd, in[k++]));
        }
      }
      sortInputTrains();
    }

    /** Keeps each channel's spike times ascending after an update moved them. */
    private void sortInputTrains() {
      for (int c = 0; c + 1 < task.inputStart.length; c++) {
        Arrays.sort(task.inputTimes, task.inputStart[c], task.inputStart[c + 1]);
      }
    }
  }

  /** Plain gradient descent {@code p -= lr g} (the spikegd single-neuron optimizer after clipping). */
  static final class Sgd implements Optimizer {
    private long t;

    @Override
    public void step(double[] params, double[] grad, double lr) {
      t++;
      for (int i = 0; i < params.length; i++) {
        params[i] -= lr * grad[i];
      }
    }

    @Override
    public long steps() {
      return t;
    }

    @Override
    public double[][] state() {
      return new double[0][];
    }

    @Override
    public void restore(long steps, double[][] state) {
      t = steps;
    }

    @Override
    public String name() {
      return "sgd";
    }
  }
}
