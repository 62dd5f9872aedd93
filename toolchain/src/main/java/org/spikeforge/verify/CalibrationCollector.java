package org.spikeforge.verify;

import java.util.HashMap;
import java.util.Map;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.LayerCalibration;
import org.spikeforge.hw.quant.WeightQuantizer;
import org.spikeforge.model.LifExpKernel;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Measures {@link Calibration} statistics by running the float network on calibration samples:
 * <ul>
 * <li>{@code weightClip}: the {@code clipPercentile} of |w| over the synapses whose source spiked (within
 *     the trial) in at least one calibration sample; synapses that are never used do not widen the scale.
 *     Absent (NaN) when no source spiked.</li>
 * <li>{@code maxAbsInputCurrent} (LIF only): the largest |I| any neuron reached, tracking
 *     {@code I <- I exp(-2 dt / tau) + w} over its in-trial input events (tau_s = tau / 2), starting from I0,
 *     times {@code currentMargin} so that test samples a little beyond the calibration set still fit the
 *     current register (Loihi's u wraps around on overflow).</li>
 * </ul>
 * Conv and pool layers run in the same layered engine; their synapses are the positions of the shared kernel
 * ({@link FanOut}), so a conv net is calibrated without expanding it to dense matrices (a Fashion-MNIST conv layer
 * would expand to millions of weights).
 * Single-threaded and deterministic: calibration sets are small.
 */
public final class CalibrationCollector {
  private CalibrationCollector() {}

  /** Statistics per population name from the first {@code samples} samples of {@code data}. */
  public static Calibration collect(Network network, SpikeDataset data, int samples, double clipPercentile,
      double currentMargin) {
    if (network.getModel() == NeuronModel.LIF_DELTA) {
      throw new IllegalArgumentException("--calibrate: calibration runs the layered TTFS engine, which has no"
          + " LIF_DELTA layer; compile a LIF_DELTA net without --calibrate");
    }
    TtfsNetwork net = TtfsNetwork.fromProto(network);
    if (data.numInputs() != net.layerSize(0)) {
      throw new IllegalArgumentException(data.name() + ": " + data.numInputs()
          + " input channels but the network has " + net.layerSize(0));
    }
    int layers = net.numLayers();
    boolean lif = net.model() == NeuronModel.LIF_EXP;
    boolean[][] sourceActive = new boolean[layers + 1][];
    double[] maxCurrent = new double[layers + 1];
    FanOut[] fan = new FanOut[layers + 1];
    for (int l = 1; l <= layers; l++) {
      sourceActive[l] = new boolean[net.layerSize(l - 1)];
      fan[l] = FanOut.of(net, l);
    }
    double[] params = net.parameters();
    TtfsWorkspace ws = net.newWorkspace();
    double[] in = new double[net.layerSize(0)];
    int n = Math.min(samples, data.size());
    double[][] current = new double[layers + 1][];
    double[][] lastTime = new double[layers + 1][];
    for (int l = 1; l <= layers; l++) {
      current[l] = new double[net.layerSize(l)];
      lastTime[l] = new double[net.layerSize(l)];
    }
    for (int i = 0; i < n; i++) {
      data.inputTimes(i, in);
      net.forward(in, ws);
      for (int c = 0; c < in.length; c++) {
        if (in[c] <= net.trialEnd()) {
          sourceActive[1][c] = true;
        }
      }
      for (int l = 2; l <= layers; l++) {
        for (int s = 0; s < ws.spikeCount(l - 1); s++) {
          sourceActive[l][ws.spikeNeuron(l - 1, s)] = true;
        }
      }
      if (lif) {
        for (int l = 1; l <= layers; l++) {
          maxCurrent[l] = Math.max(maxCurrent[l], peakCurrent(net, fan[l], params, l, in, ws, current[l],
              lastTime[l]));
        }
      }
    }
    Map<String, LayerCalibration> out = new HashMap<>();
    for (int l = 1; l <= layers; l++) {
      double clip = usedWeightClip(fan[l], params, sourceActive[l], clipPercentile);
      double cur = lif && n > 0 ? maxCurrent[l] * currentMargin : Double.NaN;
      out.put(network.getPopulations(l - 1).getName(),
          new LayerCalibration(cur, clip > 0 ? clip : Double.NaN));
    }
    return new Calibration(out);
  }

  /** Largest |I| of layer l in the last forward pass, following its in-trial input events in time order. */
  private static double peakCurrent(TtfsNetwork net, FanOut fan, double[] p, int l, double[] inputTimes,
      TtfsWorkspace ws, double[] cur, double[] last) {
    int size = net.layerSize(l);
    int so = net.initialStateOffset(l);
    double peak = 0;
    for (int r = 0; r < size; r++) {
      cur[r] = p[so + size + r];
      last[r] = 0;
      peak = Math.max(peak, Math.abs(cur[r]));
    }
    double rate = 1.0 / net.neuron().tau();
    if (l == 1) {
      int[] order = sortedChannels(inputTimes, net.trialEnd());
      for (int c : order) {
        peak = Math.max(peak, event(fan, p, c, inputTimes[c], cur, last, rate));
      }
    } else {
      for (int s = 0; s < ws.spikeCount(l - 1); s++) {
        peak = Math.max(peak, event(fan, p, ws.spikeNeuron(l - 1, s), ws.spikeTime(l - 1, s), cur, last, rate));
      }
    }
    return peak;
  }

  /**
   * One input event of {@code source}: the current of each of its targets flows to t (the kernel's I s^2 with
   * s = exp(-dt / tau), rate = 1 / tau), then jumps by the synapse's weight. Targets the source does not reach keep
   * their last event time, so their current flows over the whole gap at their next event; a current only decays
   * between jumps, so its peaks are at jumps and this misses none.
   */
  private static double event(FanOut fan, double[] p, int source, double t, double[] cur, double[] last,
      double rate) {
    double peak = 0;
    for (int q = fan.start[source]; q < fan.start[source + 1]; q++) {
      int r = fan.target[q];
      cur[r] = LifExpKernel.flowI(cur[r], LifExpKernel.decay(t - last[r], rate)) + fan.weight(p, q);
      last[r] = t;
      peak = Math.max(peak, Math.abs(cur[r]));
    }
    return peak;
  }

  /**
   * The {@code percentile} of |w| over the stored weights that a source which spiked uses: for a dense layer
   * every weight of an active source's row; for a conv layer every kernel entry that some active source reaches
   * (once, as the chip stores it once, and as the uncalibrated lowering takes the kernel's percentile); for a pool
   * layer the one fixed weight. NaN when no source was active.
   */
  private static double usedWeightClip(FanOut fan, double[] p, boolean[] active, double percentile) {
    double[] used;
    int k = 0;
    if (fan.kernel == null) {
      int n = 0;
      for (int j = 0; j < active.length; j++) {
        n += active[j] ? fan.start[j + 1] - fan.start[j] : 0;
      }
      used = new double[n];
      for (int j = 0; j < active.length; j++) {
        for (int q = fan.start[j]; active[j] && q < fan.start[j + 1]; q++) {
          used[k++] = fan.weight(p, q);
        }
      }
    } else {
      boolean[] reached = new boolean[fan.kernel.length];
      int n = 0;
      for (int j = 0; j < active.length; j++) {
        for (int q = fan.start[j]; active[j] && q < fan.start[j + 1]; q++) {
          int e = fan.entry[q];
          n += reached[e] ? 0 : 1;
          reached[e] = true;
        }
      }
      used = new double[n];
      for (int e = 0; e < reached.length; e++) {
        if (reached[e]) {
          used[k++] = fan.kernel[e] < 0 ? fan.fixed : p[fan.kernel[e]];
        }
      }
    }
    return used.length == 0 ? Double.NaN : WeightQuantizer.absPercentile(used, 0, used.length, percentile);
  }

  /**
   * Per source neuron of one layer, the targets it reaches and the parameter index of each synapse's weight, in
   * primitive arrays built once per calibration: entries q in [start[j], start[j + 1]) of source j name target
   * {@code target[q]}. Dense: every target in order, weight {@code weightIndex(l, i, j)}. Conv and pool: the
   * positions of network.proto's Conv2d and SumPool2d rules (zero padding: no synapse), with {@code entry[q]} the
   * stored kernel entry (conv: index into the (out, in, kh, kw) kernel; pool: 0, the one fixed weight).
   */
  static final class FanOut {
    final int[] start;
    final int[] target;
    /** Dense: parameter index per entry. Conv/pool: null (see entry and kernel). */
    final int[] param;
    /** Conv/pool: stored kernel entry per synapse. */
    final int[] entry;
    /** Conv: parameter index per kernel entry; pool: {-1} (the fixed weight). Null for dense. */
    final int[] kernel;
    final double fixed;

    private FanOut(int[] start, int[] target, int[] param, int[] entry, int[] kernel, double fixed) {
      this.start = start;
      this.target = target;
      this.param = param;
      this.entry = entry;
      this.kernel = kernel;
      this.fixed = fixed;
    }

    double weight(double[] p, int q) {
      if (param != null) {
        return p[param[q]];
      }
      int k = kernel[entry[q]];
      return k < 0 ? fixed : p[k];
    }

    static FanOut of(TtfsNetwork net, int l) {
      Connectivity c = net.connectivity(l);
      int sources = net.layerSize(l - 1);
      int targets = net.layerSize(l);
      if (c.kind() == Connectivity.Kind.DENSE) {
        int[] start = new int[sources + 1];
        int[] target = new int[sources * targets];
        int[] param = new int[sources * targets];
        for (int j = 0; j < sources; j++) {
          start[j + 1] = (j + 1) * targets;
          for (int i = 0; i < targets; i++) {
            target[j * targets + i] = i;
            param[j * targets + i] = net.weightIndex(l, i, j);
          }
        }
        return new FanOut(start, target, param, null, null, 0);
      }
      boolean conv = c.kind() == Connectivity.Kind.CONV2D;
      int[] kernel;
      if (conv) {
        kernel = new int[net.weightCount(l)];
        for (int e = 0; e < kernel.length; e++) {
          kernel[e] = net.weightOffset(l) + e;
        }
      } else {
        kernel = new int[] {-1};
      }
      int[] count = new int[sources + 1];
      c.forEachSynapse((t, src, e) -> count[src + 1]++);
      for (int j = 0; j < sources; j++) {
        count[j + 1] += count[j];
      }
      int[] fill = count.clone();
      int[] target = new int[count[sources]];
      int[] entry = new int[count[sources]];
      c.forEachSynapse((t, src, e) -> {
        int q = fill[src]++;
        target[q] = t;
        entry[q] = e;
      });
      return new FanOut(count, target, null, entry, kernel, c.fixedWeight());
    }
  }

  private static int[] sortedChannels(double[] times, double trialEnd) {
    return java.util.stream.IntStream.range(0, times.length).filter(c -> times[c] <= trialEnd).boxed()
        .sorted(java.util.Comparator.comparingDouble((Integer c) -> times[c]).thenComparing(c -> c))
        .mapToInt(Integer::intValue).toArray();
  }
}
