package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.io.ConvNetworkValidationTest;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Network;

/**
 * A conv net (network.proto's Conv2d and SumPool2d) validates and converts; every command whose engine, target or
 * exporter reads projections as dense refuses it in one line naming the file and the projection (exit 2), instead
 * of reading a kernel as a dense matrix.
 */
class ConvNetworkCommandsTest {
  @TempDir Path dir;

  private Path convNet() {
    Path file = dir.resolve("conv.net.pb");
    ProtoFiles.write(file, ConvNetworkValidationTest.convNet().build());
    return file;
  }

  @Test
  void validateAndConvertAcceptConvNetsAndTheJsonTwinRoundTripsExactly() {
    Path pb = convNet();
    CliResult v = CliResult.run("validate", pb.toString());
    assertEquals(0, v.exitCode(), v.err());
    Path json = dir.resolve("conv.net.json");
    Path back = dir.resolve("back.net.pb");
    assertEquals(0, CliResult.run("convert", pb.toString(), json.toString()).exitCode());
    assertEquals(0, CliResult.run("convert", json.toString(), back.toString()).exitCode());
    Network original = ProtoFiles.readNetwork(pb);
    assertEquals(original, ProtoFiles.readNetwork(back));
    assertEquals(original, ProtoFiles.readNetwork(json));
  }

  @Test
  void commandsThatRunDenseLayersRefuseConvLayersInOneLine() {
    String net = convNet().toString();
    String[][] runs = {
      // compile lowers conv nets now; only its --calibrate path runs the dense float engine
      {"compile", "--network", net, "--target", "loihi2", "--calibrate", "yinyang", "--out",
          dir.resolve("c.hwcfg.pb").toString()},
    };
    for (String[] args : runs) {
      CliResult r = CliResult.run(args);
      assertEquals(2, r.exitCode(), args[0] + ": " + r.err());
      assertTrue(r.err().contains("conv.net.pb") && r.err().contains("projections[0].conv2d")
          && r.err().contains("dense layers only"), args[0] + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), args[0] + ": " + r.err());
    }
  }
}
