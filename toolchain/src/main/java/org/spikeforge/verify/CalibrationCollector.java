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
    for (int l = 1; l <= layers; l++) {
      sourceActive[l] = new boolean[net.layerSize(l - 1)];
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
          maxCurrent[l] = Math.max(maxCurrent[l], peakCurrent(net, params, l, in, ws, current[l], lastTime[l]));
        }
      }
    }
    Map<String, LayerCalibration> out = new HashMap<>();
    for (int l = 1; l <= layers; l++) {
      int rows = net.layerSize(l);
      int cols = net.layerSize(l - 1);
      int active = 0;
      for (boolean a : sourceActive[l]) {
        active += a ? 1 : 0;
      }
      double[] used = new double[active * rows];
      int k = 0;
      for (int j = 0; j < cols; j++) {
        if (sourceActive[l][j]) {
          for (int r = 0; r < rows; r++) {
            used[k++] = params[net.weightIndex(l, r, j)];
          }
        }
      }
      double clip = WeightQuantizer.absPercentile(used, 0, used.length, clipPercentile);
      double cur = lif && n > 0 ? maxCurrent[l] * currentMargin : Double.NaN;
      out.put(network.getPopulations(l - 1).getName(),
          new LayerCalibration(cur, clip > 0 ? clip : Double.NaN));
    }
    return new Calibration(out);
  }

  /** Largest |I| of layer l in the last forward pass, following its in-trial input events in time order. */
  private static double peakCurrent(TtfsNetwork net, double[] p, int l, double[] inputTimes, TtfsWorkspace ws,
      double[] cur, double[] last) {
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
        peak = Math.max(peak, event(net, p, l, c, inputTimes[c], cur, last, rate));
      }
    } else {
      for (int s = 0; s < ws.spikeCount(l - 1); s++) {
        peak = Math.max(peak, event(net, p, l, ws.spikeNeuron(l - 1, s), ws.spikeTime(l - 1, s), cur, last, rate));
      }
    }
    return peak;
  }

  /** One input event: I flows to t (the kernel's I s^2 with s = exp(-dt / tau), rate = 1 / tau), then jumps. */
  private static double event(TtfsNetwork net, double[] p, int l, int source, double t, double[] cur, double[] last,
      double rate) {
    double peak = 0;
    int base = net.weightIndex(l, 0, source);
    for (int r = 0; r < cur.length; r++) {
      cur[r] = LifExpKernel.flowI(cur[r], LifExpKernel.decay(t - last[r], rate)) + p[base + r];
      last[r] = t;
      peak = Math.max(peak, Math.abs(cur[r]));
    }
    return peak;
  }

  private static int[] sortedChannels(double[] times, double trialEnd) {
    return java.util.stream.IntStream.range(0, times.length).filter(c -> times[c] <= trialEnd).boxed()
        .sorted(java.util.Comparator.comparingDouble((Integer c) -> times[c]).thenComparing(c -> c))
        .mapToInt(Integer::intValue).toArray();
  }
}
