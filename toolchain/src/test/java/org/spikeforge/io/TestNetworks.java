package org.spikeforge.io;

import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;

/** Small valid messages for the io tests: a 3-input, 2-hidden, 2-output theta network. */
final class TestNetworks {
  private TestNetworks() {}

  static Network.Builder theta() {
    return Network.newBuilder()
        .setName("tiny")
        .setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25))
        .setTrialEnd(2.0)
        .setNumInputs(3)
        .addPopulations(Population.newBuilder().setName("hidden").setSize(2).addInitialV(3.0).addInitialV(2.5))
        .addPopulations(Population.newBuilder().setName("out").setSize(2).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("hidden").setRows(2).setCols(3)
            .addWeights(0.5).addWeights(-0.25).addWeights(0.125)
            .addWeights(1.0).addWeights(0.75).addWeights(-1.5))
        .addProjections(Projection.newBuilder().setSource("hidden").setTarget("out").setRows(2).setCols(2)
            .addWeights(0.3).addWeights(0.6).addWeights(-0.2).addWeights(0.9));
  }

  static InputSpikes.Builder inputs() {
    return InputSpikes.newBuilder()
        .setChannels(3)
        .setLabel(1)
        .addTrains(SpikeTrain.newBuilder().addTimes(0.1).addTimes(0.7))
        .addTrains(SpikeTrain.newBuilder())
        .addTrains(SpikeTrain.newBuilder().addTimes(1.25));
  }
}
