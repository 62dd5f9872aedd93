package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * {@code simulate} runs conv nets on the general event engine (as their dense matrices), so LIF_DELTA, which has no
 * layered engine, simulates in conv layers. Worked out by hand: tau = 1, V_th = 1, no drive, so V decays as
 * e^{-t} and jumps by w at an input; a 1x1x3 input, a 1x2 kernel (0.7, 0.6), two conv neurons, one dense output.
 */
class ConvSimulateTest {
  @TempDir Path dir;

  @Test
  void lifDeltaInAConvLayerFiresWhereTheHandCalculationSays() throws Exception {
    MapShape in = MapShape.newBuilder().setChannels(1).setHeight(1).setWidth(3).build();
    MapShape map = MapShape.newBuilder().setChannels(1).setHeight(1).setWidth(2).build();
    Network net = Network.newBuilder().setName("delta-conv").setModel(NeuronModel.LIF_DELTA)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(2).setNumInputs(3)
        .setInputShape(in)
        .addPopulations(Population.newBuilder().setName("c").setSize(2).setShape(map))
        .addPopulations(Population.newBuilder().setName("out").setSize(1).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("c").setRows(2).setCols(3)
            .addAllWeights(List.of(0.7, 0.6)).setConv2D(Conv2d.newBuilder().setKernelH(1).setKernelW(2)))
        .addProjections(Projection.newBuilder().setSource("c").setTarget("out").setRows(1).setCols(2)
            .addAllWeights(List.of(0.55, 0.55)))
        .build();
    Path netFile = dir.resolve("delta-conv.net.pb");
    ProtoFiles.write(netFile, net);
    InputSpikes spikes = InputSpikes.newBuilder().setChannels(3)
        .addTrains(SpikeTrain.newBuilder().addTimes(0.0))
        .addTrains(SpikeTrain.newBuilder().addTimes(0.5))
        .addTrains(SpikeTrain.newBuilder().addTimes(0.9)).build();
    Path inFile = dir.resolve("in.spikes.pb");
    ProtoFiles.write(inFile, spikes);
    Path trace = dir.resolve("t.trace.pb");
    CliResult r = CliResult.run("simulate", "--network", netFile.toString(), "--inputs", inFile.toString(),
        "--out", trace.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("conv and pool layers run as their equivalent dense matrices"), r.out());
    Trace t = ProtoFiles.readTrace(trace);
    // c0 reads inputs 0 and 1: 0.7 at t = 0, 0.7 e^-0.5 + 0.6 = 1.0246 >= 1 at t = 0.5 -> spike at 0.5.
    // c1 reads inputs 1 and 2: 0.7 at t = 0.5, 0.7 e^-0.4 + 0.6 = 1.0692 at t = 0.9 -> spike at 0.9.
    assertEquals(List.of(0.5), t.getPopulations(0).getSpikes(0).getTimesList());
    assertEquals(List.of(0.9), t.getPopulations(0).getSpikes(1).getTimesList());
    // out: 0.55 at 0.5, then 0.55 e^-0.4 + 0.55 = 0.9187 < 1 at 0.9: silent in the trial
    assertEquals(0, t.getPopulations(1).getSpikes(0).getTimesCount());
  }
}
