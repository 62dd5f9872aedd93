package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.cli.demo.ExampleNetwork;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Trace;

class SimulateCommandTest {
  @TempDir Path dir;

  private static final Path NET = ExamplesTest.EXAMPLES.resolve(ExampleNetwork.NAME + ".net.json");
  private static final Path SPIKES = ExamplesTest.EXAMPLES.resolve(ExampleNetwork.NAME + ".spikes.json");
  private static final Path EXPECTED = ExamplesTest.EXAMPLES.resolve(ExampleNetwork.NAME + ".trace.json");

  @Test
  void simulatingTheExampleReproducesTheShippedTraceByteForByte() throws Exception {
    Path out = dir.resolve("t.trace.json");
    CliResult r = CliResult.run("simulate", "--network", NET.toString(), "--inputs", SPIKES.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Files.readString(EXPECTED), Files.readString(out));
    assertTrue(r.out().startsWith("network theta-small (THETA, 3 inputs, 7 neurons), trial end 2.0"), r.out());
    assertEquals("wrote " + out, r.lastOutLine());
  }

  @Test
  void inTrialSpikesAgreeWithAnIndependentThetaReference() {
    Network net = ExampleNetwork.network();
    Trace trace = ProtoFiles.readTrace(EXPECTED);
    List<double[][]> reference = new ThetaReference(net).run(net, ExampleNetwork.inputs());
    int total = 0;
    for (int p = 0; p < net.getPopulationsCount(); p++) {
      for (int n = 0; n < net.getPopulations(p).getSize(); n++) {
        double[] expected = reference.get(p)[n];
        double[] actual = trace.getPopulations(p).getSpikes(n).getTimesList().stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(expected, actual, 1e-9, net.getPopulations(p).getName() + "[" + n + "]");
        total += expected.length;
      }
    }
    assertTrue(total >= 3, "the example exercises spiking, got " + total + " spikes");
  }

  @Test
  void binaryTraceAndRaster() throws Exception {
    Path out = dir.resolve("t.trace.pb");
    Path png = dir.resolve("raster.png");
    CliResult r = CliResult.run("simulate", "-n", NET.toString(), "-i", SPIKES.toString(), "-o", out.toString(), "--raster", png.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(ProtoFiles.readTrace(EXPECTED), ProtoFiles.readTrace(out));
    assertTrue(Files.size(png) > 1000);
  }

  @Test
  void invalidNetworkIsOneLineWithFileAndField() throws Exception {
    Network.Builder net = ExampleNetwork.network().toBuilder();
    net.getProjectionsBuilder(1).setRows(3);
    Path bad = dir.resolve("bad.net.json");
    ProtoFiles.write(bad, net.build());
    CliResult r = CliResult.run("simulate", "--network", bad.toString(), "--inputs", SPIKES.toString(), "--out", dir.resolve("x.trace.pb").toString());
    assertEquals(2, r.exitCode());
    assertEquals("spikeforge simulate: " + bad + ": projections[1].rows: 3, expected target 'output' size = 2 (and 1 more)",
        r.err().strip());
    assertTrue(Files.notExists(dir.resolve("x.trace.pb")));
  }

  @Test
  void inputsWithTheWrongChannelCount() throws Exception {
    Path spikes = dir.resolve("four.spikes.json");
    ProtoFiles.write(spikes, ExampleNetwork.inputs().toBuilder().setChannels(4)
        .addTrains(org.spikeforge.proto.SpikeTrain.getDefaultInstance()).build());
    CliResult r = CliResult.run("simulate", "--network", NET.toString(), "--inputs", spikes.toString(), "--out", dir.resolve("x.trace.pb").toString());
    assertEquals(2, r.exitCode());
    assertEquals("spikeforge simulate: " + spikes + ": channels: 4, expected the network's num_inputs = 3", r.err().strip());
  }

  @Test
  void missingRequiredOption() {
    CliResult r = CliResult.run("simulate", "--network", NET.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("spikeforge simulate: Missing required options"), r.err());
  }
}
