package org.spikeforge.hil;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;
import org.spikeforge.verify.OutputDecoder;
import org.spikeforge.verify.StepTimeMap;

/**
 * Turns a board's spike steps into model times of the float network it was lowered from, and decides the predicted
 * class, with the verify package's decoding so that verification and HIL read a chip the same way.
 *
 * <p><b>Steps to times</b> ({@link StepTimeMap}): input step n stands for model time n dt; a spike reported at step
 * m means the float crossing lies in ((m + o - 1) dt, (m + o) dt] with o = 0 on loihi2 (the Dense delay) and o = 1
 * on xylo, and the decoded time is the interval's middle (m + o - 1/2) dt. Several spikes of one neuron in one step
 * (Xylo) count once.
 *
 * <p><b>Prediction</b> ({@link OutputDecoder}): the output layer is the config's last layer; the earliest first
 * spike wins, ties go to the lowest index; silent outputs count as later than any in-trial spike (the float model
 * gives them the common fallback T + tau), so if all are silent they tie and the prediction is 0.
 */
public final class TraceDecoder {
  private final StepTimeMap map;
  private final String[] names;
  private final int[] sizes;
  private final int[] offsets;
  private final long steps;

  private TraceDecoder(StepTimeMap map, String[] names, int[] sizes, int[] offsets, long steps) {
    this.map = map;
    this.names = names;
    this.sizes = sizes;
    this.offsets = offsets;
    this.steps = steps;
  }

  /** The decoder of a lowered config: its dt, steps per trial, and each layer's step offset. */
  public static TraceDecoder of(HardwareConfig cfg) {
    List<HwLayer> layers = cfg.getLayersList();
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("hardware config '" + cfg.getNetworkName() + "' has no layers");
    }
    if (!(cfg.getDt() > 0)) {
      throw new IllegalArgumentException("hardware config '" + cfg.getNetworkName() + "' field dt = " + cfg.getDt()
          + " must be > 0 to decode spike times");
    }
    StepTimeMap map = StepTimeMap.of(cfg);
    Map<String, Integer> offsetOf = new HashMap<>();
    offsetOf.put("input", 0);
    String[] names = new String[layers.size()];
    int[] sizes = new int[layers.size()];
    int[] offsets = new int[layers.size()];
    for (int l = 0; l < layers.size(); l++) {
      HwLayer hl = layers.get(l);
      Integer src = offsetOf.get(hl.getSource());
      if (src == null) {
        throw new IllegalArgumentException("hardware config layer '" + hl.getName() + "' field source = '"
            + hl.getSource() + "' is not input or an earlier layer");
      }
      names[l] = hl.getName();
      sizes[l] = hl.getSize();
      offsets[l] = map.offset();
      offsetOf.put(hl.getName(), offsets[l]);
    }
    long steps = cfg.getNumSteps();
    return new TraceDecoder(map, names, sizes, offsets, steps);
  }

  public double dt() {
    return map.dt();
  }

  /** Steps per trial (the config's num_steps). */
  public long steps() {
    return steps;
  }

  public int numLayers() {
    return names.length;
  }

  /** The step offset o of layer l (0-based config order): step m stands for time (m + o - 1/2) dt. */
  public int offset(int layer) {
    return offsets[layer];
  }

  /** The model time a spike of layer l (0-based) at step m stands for. */
  public double time(int layer, long step) {
    return map.time(step);
  }

  /**
   * Per layer (config order), per neuron, the distinct decoded spike times in ascending order.
   *
   * @throws IllegalArgumentException if the trace's populations do not match the config's layers
   */
  public double[][][] measuredTimes(Trace trace) {
    checkShape(trace);
    double[][][] out = new double[names.length][][];
    for (int l = 0; l < names.length; l++) {
      PopulationTrace pop = trace.getPopulations(l);
      double[][] layer = new double[sizes[l]][];
      for (int i = 0; i < sizes[l]; i++) {
        layer[i] = distinctTimes(l, pop.getSpikes(i));
      }
      out[l] = layer;
    }
    return out;
  }

  private double[] distinctTimes(int layer, SpikeTrain train) {
    int n = train.getStepsCount();
    long[] s = new long[n];
    for (int k = 0; k < n; k++) {
      s[k] = train.getSteps(k);
    }
    java.util.Arrays.sort(s);
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0 || s[k] != s[k - 1]) {
        s[m++] = s[k];
      }
    }
    double[] t = new double[m];
    for (int k = 0; k < m; k++) {
      t[k] = time(layer, s[k]);
    }
    return t;
  }

  /** First spike step of every output neuron, -1 for silent ones. */
  public long[] outputFirstSteps(Trace trace) {
    checkShape(trace);
    int last = names.length - 1;
    PopulationTrace pop = trace.getPopulations(last);
    long[] first = new long[sizes[last]];
    for (int i = 0; i < first.length; i++) {
      long best = -1;
      for (long s : pop.getSpikes(i).getStepsList()) {
        if (best < 0 || s < best) {
          best = s;
        }
      }
      first[i] = best;
    }
    return first;
  }

  /** The predicted class: earliest first output spike, ties to the lowest index, 0 when all are silent. */
  public int predict(Trace trace) {
    return predict(outputFirstSteps(trace));
  }

  /** The prediction rule on first spike steps (-1 = silent, later than every in-trial spike). */
  public static int predict(long[] firstSteps) {
    double[] t = new double[firstSteps.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = firstSteps[i] >= 0 ? firstSteps[i] : Double.POSITIVE_INFINITY;
    }
    return OutputDecoder.fromTimes(t);
  }

  private void checkShape(Trace trace) {
    if (trace.getPopulationsCount() != names.length) {
      throw new IllegalArgumentException("trace from " + trace.getSource() + " has " + trace.getPopulationsCount()
          + " populations, the config has " + names.length + " layers");
    }
    for (int l = 0; l < names.length; l++) {
      PopulationTrace pop = trace.getPopulations(l);
      if (!pop.getName().equals(names[l]) || pop.getSpikesCount() != sizes[l]) {
        throw new IllegalArgumentException("trace population " + l + " is '" + pop.getName() + "' with "
            + pop.getSpikesCount() + " neurons, the config's layer is '" + names[l] + "' with " + sizes[l]);
      }
    }
  }
}
