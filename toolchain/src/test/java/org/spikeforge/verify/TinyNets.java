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

  /**
   * Theta (Theta = 6, T = 2) 5 -> 3, a race: output 0 gets one jump of +2 from feature channel 0, output 1 one jump
   * of +2 from channel 1, output 2 nothing; all start at phase 3. Output k (k = 0, 1) with its input at t_k spikes
   * at {@code t_k + Theta - H(3 + t_k, 2)} (within the trial, or as the single-layer pseudospike
   * {@code T + Theta - phi(T)}, which is the same expression; {@link #raceTime}): 1.007 for t = 0.15 up to 2.5 for
   * t = 2. Output 2 runs freely to phi(T) = 5, pseudospike T + Theta - 5 = 3, so it never wins. The class is
   * whichever of features 0 and 1 has the earlier race time.
   */
  public static Network thetaRace() {
    double[] w = new double[3 * 5];
    w[0] = 2;
    w[5 + 1] = 2;
    return Network.newBuilder().setName("theta-race").setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25)).setTrialEnd(2).setNumInputs(5)
        .addPopulations(Population.newBuilder().setName("output").setSize(3).setOutput(true)
            .addInitialV(3).addInitialV(3).addInitialV(3))
        .addProjections(proj("input", "output", 3, 5, w))
        .setEncoding(YIN_YANG).build();
  }

  /** Spike (or pseudospike) time of a race output whose +2 jump arrives at t: t + 6 - H(3 + t, 2), H by closed form. */
  public static double raceTime(double t) {
    double b = 1; // sqrt(5/4 - 1/4)
    double tau = 6 / Math.PI;
    double v = 0.5 + b * Math.tan((3 + t) * b / tau - Math.PI / 2) + 2;
    return t + 6 - tau / b * (Math.atan((v - 0.5) / b) + Math.PI / 2);
  }

  static Projection proj(String src, String dst, int rows, int cols, double[] w) {
    Projection.Builder b = Projection.newBuilder().setSource(src).setTarget(dst).setRows(rows).setCols(cols);
    for (double x : w) {
      b.addWeights(x);
    }
    return b.build();
  }
}
