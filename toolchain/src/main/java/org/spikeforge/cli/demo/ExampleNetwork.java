package org.spikeforge.cli.demo;

import org.spikeforge.proto.InputEncoding;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;

/**
 * The worked example shipped in {@code examples/}: a 3-input, 5-hidden, 2-output theta network
 * with the paper's neuron constants (tau = 6/pi, I0 = 5/4, so the period Theta = 6) and trial end
 * T = 2, plus one sample of input spikes. Built in code so the demo runs from the jar alone; a
 * test keeps {@code examples/theta-small.*.json} equal to what this class builds.
 */
public final class ExampleNetwork {
  /** Base name of the example files: theta-small.net.json, .spikes.json, .trace.json. */
  public static final String NAME = "theta-small";

  private static final double[] INPUT_TO_HIDDEN = {
    // rows: hidden neurons; columns: input channels x, y, bias
    1.2, 0.4, 0.3,
    -0.6, 1.5, 0.2,
    0.8, 0.8, -0.4,
    0.1, -0.3, 0.25,
    1.8, 1.1, 0.6,
  };

  private static final double[] HIDDEN_TO_OUTPUT = {
    1.4, -0.5, 0.9, 0.3, 1.0,
    -0.8, 1.3, 0.2, 0.6, -0.4,
  };

  private ExampleNetwork() {}

  /** The example network. */
  public static Network network() {
    Population.Builder hidden = Population.newBuilder().setName("hidden").setSize(5);
    for (double phase : new double[] {3.3, 3.3, 2.8, 3.5, 2.0}) {
      hidden.addInitialV(phase);
    }
    Population.Builder output = Population.newBuilder().setName("output").setSize(2).setOutput(true)
        .addInitialV(3.5).addInitialV(3.0);
    return Network.newBuilder()
        .setName(NAME)
        .setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25))
        .setTrialEnd(2.0)
        .setNumInputs(3)
        .addPopulations(hidden)
        .addPopulations(output)
        .addProjections(projection("input", "hidden", 5, 3, INPUT_TO_HIDDEN))
        .addProjections(projection("hidden", "output", 2, 5, HIDDEN_TO_OUTPUT))
        .setEncoding(InputEncoding.newBuilder()
            .setKind(InputEncoding.Kind.LATENCY_LINEAR).setTMin(0.1).setTMax(1.5)
            .setBiasSpike(true).setBiasTime(0.05).setDataset("example"))
        .build();
  }

  /** One sample: x = 0.6 and y = 0.3 in the network's linear latency code, plus the bias spike. */
  public static InputSpikes inputs() {
    return InputSpikes.newBuilder()
        .setChannels(3)
        .setLabel(-1)
        .addTrains(SpikeTrain.newBuilder().addTimes(latency(0.6)))
        .addTrains(SpikeTrain.newBuilder().addTimes(latency(0.3)))
        .addTrains(SpikeTrain.newBuilder().addTimes(0.05))
        .build();
  }

  /** t = t_max - x (t_max - t_min) with t_min = 0.1, t_max = 1.5. */
  private static double latency(double x) {
    return 1.5 - x * (1.5 - 0.1);
  }

  private static Projection projection(String source, String target, int rows, int cols, double[] weights) {
    Projection.Builder p = Projection.newBuilder().setSource(source).setTarget(target).setRows(rows).setCols(cols);
    for (double w : weights) {
      p.addWeights(w);
    }
    return p.build();
  }
}
