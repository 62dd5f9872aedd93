package org.spikeforge.io;

import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * A small valid conv net for tests in any package: input 1x4x4 -> conv 3x3 -> c1 2x2x2 -> sum pool 2x2
 * -> p1 2x1x1 -> dense -> out (2). Projections: [0] conv2d, [1] sum_pool2d, [2] dense.
 */
public final class ConvNetworks {
  private ConvNetworks() {}

  /** The valid conv net, as a builder so that tests can break one field. */
  public static Network.Builder conv() {
    Projection.Builder conv = Projection.newBuilder().setSource("input").setTarget("c1").setRows(8).setCols(16)
        .setConv2D(Conv2d.newBuilder().setKernelH(3).setKernelW(3));
    for (int k = 0; k < 18; k++) {
      conv.addWeights((k % 5 - 2) * 0.25);
    }
    return Network.newBuilder()
        .setName("conv")
        .setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25))
        .setTrialEnd(2.0)
        .setNumInputs(16)
        .setInputShape(shape(1, 4, 4))
        .addPopulations(Population.newBuilder().setName("c1").setSize(8).setShape(shape(2, 2, 2)))
        .addPopulations(Population.newBuilder().setName("p1").setSize(2).setShape(shape(2, 1, 1)))
        .addPopulations(Population.newBuilder().setName("out").setSize(2).setOutput(true))
        .addProjections(conv)
        .addProjections(Projection.newBuilder().setSource("c1").setTarget("p1").setRows(2).setCols(8)
            .setSumPool2D(SumPool2d.newBuilder().setKernelH(2).setKernelW(2)).addWeights(1.5))
        .addProjections(Projection.newBuilder().setSource("p1").setTarget("out").setRows(2).setCols(2)
            .addWeights(0.3).addWeights(0.6).addWeights(-0.2).addWeights(0.9));
  }

  /** channels x height x width. */
  public static MapShape shape(int c, int h, int w) {
    return MapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }
}
