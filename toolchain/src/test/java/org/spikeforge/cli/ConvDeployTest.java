package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.io.ConvNetworks;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.SumPool2d;
import org.spikeforge.proto.Trace;

/**
 * {@code deploy} of a conv config on the reference board (loihi2 and theta, the targets that keep shared kernels):
 * on 20 random input samples the board's trace equals the Java emulator's spike for spike. The net has a
 * non-square input with two channels, an asymmetric 3x2 kernel with padding on one axis only, a pool and a dense
 * read-out, so that a transposed kernel or swapped (h, w) on either side changes the spikes; the test also
 * requires spikes in every layer, so that equal traces are not equal silence.
 */
class ConvDeployTest {
  @TempDir Path dir;

  enum Chip {
    LOIHI2("loihi2", NeuronModel.LIF_EXP), THETA("theta", NeuronModel.THETA);

    final String target;
    final NeuronModel model;

    Chip(String target, NeuronModel model) {
      this.target = target;
      this.model = model;
    }
  }

  /** input 2x5x6 -> conv 3x2 (pad 1, 0) x3 -> c1 3x5x5 -> pool 2x2 -> p1 3x2x2 -> dense -> out (3). */
  static Network net(NeuronModel model, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    boolean lif = model == NeuronModel.LIF_EXP;
    Projection.Builder conv = Projection.newBuilder().setSource("input").setTarget("c1").setRows(75).setCols(60)
        .setConv2D(Conv2d.newBuilder().setKernelH(3).setKernelW(2).setPadH(1));
    for (int k = 0; k < 3 * 2 * 3 * 2; k++) {
      conv.addWeights(lif ? rng.nextDouble(-0.5, 2.0) : rng.nextDouble(-0.5, 2.0));
    }
    Projection.Builder dense = Projection.newBuilder().setSource("p1").setTarget("out").setRows(3).setCols(12);
    for (int k = 0; k < 36; k++) {
      dense.addWeights(lif ? rng.nextDouble(-0.5, 2.5) : rng.nextDouble(-0.5, 2.5));
    }
    NeuronParams params = lif ? NeuronParams.newBuilder().setTau(1.0).setThreshold(1.0).build()
        : NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25).build();
    return Network.newBuilder().setName("conv-" + model).setModel(model).setParams(params).setTrialEnd(lif ? 2.0 : 6.0)
        .setNumInputs(60).setInputShape(ConvNetworks.shape(2, 5, 6))
        .addPopulations(Population.newBuilder().setName("c1").setSize(75).setShape(ConvNetworks.shape(3, 5, 5)))
        .addPopulations(Population.newBuilder().setName("p1").setSize(12).setShape(ConvNetworks.shape(3, 2, 2)))
        .addPopulations(Population.newBuilder().setName("out").setSize(3).setOutput(true))
        .addProjections(conv)
        .addProjections(Projection.newBuilder().setSource("c1").setTarget("p1").setRows(12).setCols(75)
            .setSumPool2D(SumPool2d.newBuilder().setKernelH(2).setKernelW(2)).addWeights(lif ? 1.5 : 2.5))
        .addProjections(dense).build();
  }

  @ParameterizedTest
  @EnumSource(Chip.class)
  void boardTracesEqualTheEmulatorOn20Samples(Chip chip) {
    Path netFile = dir.resolve("conv.net.pb");
    ProtoFiles.write(netFile, net(chip.model, 3));
    Path cfgFile = dir.resolve("conv.hwcfg.pb");
    CliResult c = CliResult.run("compile", "--network", netFile.toString(), "--target", chip.target, "--out",
        cfgFile.toString());
    assertEquals(0, c.exitCode(), c.err());
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(cfgFile);
    assertTrue(cfg.getLayers(0).hasConv2D() && cfg.getLayers(1).hasSumPool2D(), "shared kernels: " + c.out());
    HwLayer first = cfg.getLayers(0);
    assertEquals(3, first.getConv2D().getKernelH());
    SplittableRandom rng = new SplittableRandom(11);
    int[] spikes = new int[3];
    for (int s = 0; s < 20; s++) {
      InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(60);
      for (int ch = 0; ch < 60; ch++) {
        in.addTrains(rng.nextDouble() < 0.6 ? SpikeTrain.newBuilder().addTimes(rng.nextDouble(0, 1.0))
            : SpikeTrain.newBuilder());
      }
      Path inFile = dir.resolve("in" + s + ".spikes.pb");
      ProtoFiles.write(inFile, in.build());
      Path traceFile = dir.resolve("t" + s + ".trace.pb");
      CliResult r = CliResult.run("deploy", "--config", cfgFile.toString(), "--device", "refboard", "--inputs",
          inFile.toString(), "--out", traceFile.toString());
      assertEquals(0, r.exitCode(), r.err());
      Trace board = ProtoFiles.readTrace(traceFile);
      InputSpikes stepped = DeployCommand.withSteps(in.build(), cfg.getDt(), cfg.getNumSteps());
      Trace emu = Emulator.run(cfg, stepped, cfg.getNumSteps(), RecordSpec.none());
      assertEquals(emu.getPopulationsList(), board.getPopulationsList(), chip + " sample " + s);
      for (int l = 0; l < 3; l++) {
        PopulationTrace p = board.getPopulations(l);
        for (SpikeTrain t : p.getSpikesList()) {
          spikes[l] += t.getStepsCount();
        }
      }
    }
    for (int l = 0; l < 3; l++) {
      assertTrue(spikes[l] > 0, chip + ": layer " + l + " never spiked in 20 samples " + java.util.Arrays.toString(spikes));
    }
  }
}
