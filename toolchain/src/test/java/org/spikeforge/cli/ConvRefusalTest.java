package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.io.ConvNetworks;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.InputEncoding;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.SpikeTrain;

/**
 * A conv net validates, but every command that would read its projections as dense matrices refuses
 * it with exit code 2 and one line naming the first conv projection, instead of misreading the kernel.
 */
class ConvRefusalTest {
  private static final String FIRST = "projections[0].conv2d: (c1 <- input) is a conv2d layer; ";

  @TempDir Path dir;
  private Path net;
  private Path lifNet;

  @BeforeEach
  void write() {
    net = dir.resolve("conv.net.pb");
    ProtoFiles.write(net, ConvNetworks.conv().build());
    lifNet = dir.resolve("lif.net.pb");
    var lif = ConvNetworks.conv().setModel(NeuronModel.LIF_EXP).setEncoding(InputEncoding.newBuilder()
        .setKind(InputEncoding.Kind.LATENCY_LINEAR).setTMin(0).setTMax(1).setDataset("yinyang"));
    lif.getParamsBuilder().setTau(1.0).setThreshold(1.0).setDrive(0.0);
    ProtoFiles.write(lifNet, lif.build());
  }

  @Test
  void validateAcceptsAConvNet() {
    CliResult r = CliResult.run("validate", net.toString());
    assertEquals(0, r.exitCode(), r.err());
  }

  @Test
  void simulateRunsAConvNetAsItsDenseMatrices() {
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(16);
    for (int c = 0; c < 16; c++) {
      in.addTrains(SpikeTrain.newBuilder().addTimes(0.1 * (c % 4)));
    }
    Path spikes = dir.resolve("in.spikes.pb");
    ProtoFiles.write(spikes, in.build());
    CliResult r = CliResult.run("simulate", "--network", net.toString(), "--inputs", spikes.toString(), "--out",
        dir.resolve("t.trace.pb").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("equivalent dense matrices"), r.out());
  }

  @Test
  void evaluateRunsAConvNetAndNamesAnInputMismatch() {
    // conv nets run in the layered engine (ConvTrainCommandTest evaluates one); this 4x4 net does not fit Yin-Yang
    String e = BadInputRegressionTest.oneLine(CliResult.run("evaluate", "--network", lifNet.toString(), "--dataset",
        "yinyang", "--threads", "1"));
    assertTrue(e.contains("yinyang: 4 input channels but the network has 16"), e);
  }

  @Test
  void compileLowersAConvNetForLoihi2AndXyloExpandsTheTinyOneToDense() {
    CliResult r = CliResult.run("compile", "--network", lifNet.toString(), "--target", "loihi2", "--out",
        dir.resolve("c.hwcfg.pb").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("conv2d") && r.out().contains("sum_pool2d"), r.out());
    r = CliResult.run("compile", "--network", lifNet.toString(), "--target", "xylo", "--out",
        dir.resolve("x.hwcfg.pb").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("conv2d->dense"), r.out());
  }

  @Test
  void nirExportWritesAConvNet() {
    CliResult r = CliResult.run("export", "--network", lifNet.toString(), "--format", "nir", "--out",
        dir.resolve("c.nir").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("Conv2d"), r.out());
  }
}
