package org.spikeforge.verify;

import org.spikeforge.proto.InputEncoding;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/** Hand-built Yin-Yang networks (4 features + bias channel 4 at t = 0.15) whose answers are known exactly. */
public final class TinyNets {
  /** Yin-Yang's latency code as trained: linear in [0.15, 2], bias spike at 0.15. */
  static final InputEncoding YIN_YANG = InputEncoding.newBuilder().setKind(InputEncoding.Kind.LATENCY_LINEAR)
      .setTMin(0.15).setTMax(2).setBiasSpike(true).setBiasTime(0.15).setDataset("yinyang").build();

  private TinyNets() {}

  /**
   * LIF (tau 1, threshold 1, T 4) 5 -> 2 -> 3. Only the bias channel drives hidden neuron 0 (weight 8) and
   * only hidden 0 drives output 0 (weight 8); every other weight is 0. So for every sample hidden 0 spikes at
   * 0.15 + d and output 0 at 0.15 + 2d with d = -ln((1 + sqrt(1 - 4/8)) / 2), while hidden 1 and outputs 1, 2
   * receive nothing: exactly zero input on the hardware too, so they can never spike there either. Both
   * models therefore predict class 0 for every sample.
   */
  public static Network lifConstantClass() {
    double[] w1 = new double[2 * 5];
    w1[4] = 8;
    double[] w2 = new double[3 * 2];
    w2[0] = 8;
    return Network.newBuilder().setName("lif-constant").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(4).setNumInputs(5)
        .addPopulations(Population.newBuilder().setName("h1").setSize(2))
        .addPopulations(Population.newBuilder().setName("output").setSize(3).setOutput(true))
        .addProjections(proj("input", "h1", 2, 5, w1)).addProjections(proj("h1", "output", 3, 2, w2))
        .setEncoding(YIN_YANG).build();
  }

  /** The delay d from a jump of 8 at rest to the threshold crossing of the LIF above. */
  public static double lifDelay() {
    return -Math.log((1 + Math.sqrt(1 - 4.0 / 8)) / 2);
  }

  /**
   * Theta (tau 6/pi, I0 5/4, so Theta = 6; T = 2) 5 -> 2 -> 3 with all weights 0. Each neuron runs freely:
   * phi(T) = phi0 + T. Hidden phases start at 0 and outputs at 1, 3, 2, so nothing reaches Theta within the
   * trial and the outputs' pseudospikes are T + Theta - phi(T) = Theta - phi0 = 5, 3, 4: class 1 for every
   * sample, on the float side by the closed form and on the emulator side from its phase counters.
   */
  public static Network thetaFreeRunning() {
    return Network.newBuilder().setName("theta-free").setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25)).setTrialEnd(2).setNumInputs(5)
        .addPopulations(Population.newBuilder().setName("h1").setSize(2).addInitialV(0).addInitialV(0))
        .addPopulations(Population.newBuilder().setName("output").setSize(3).setOutput(true)
            .addInitialV(1).addInitialV(3).addInitialV(2))
        .addProjections(proj("input", "h1", 2, 5, new double[10]))
        .addProjections(proj("h1", "output", 3, 2, new double[6]))
        .setEncoding(YIN_YANG).build();
  }

  static Projection proj(String src, String dst, int rows, int cols, double[] w) {
    Projection.Builder b = Projection.newBuilder().setSource(src).setTarget(dst).setRows(rows).setCols(cols);
    for (double x : w) {
      b.addWeights(x);
    }
    return b.build();
  }
}
