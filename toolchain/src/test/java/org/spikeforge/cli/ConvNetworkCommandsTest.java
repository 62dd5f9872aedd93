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
 * A conv net (network.proto's Conv2d and SumPool2d) validates and converts; {@code compile --calibrate}, which once
 * refused it, takes it and names the real problem of this encoding-less test net in one line.
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
  void compileCalibrateTakesConvNetsAndNamesWhatIsReallyMissing() {
    // compile --calibrate runs conv nets in the layered engine now (CalibrationCollectorTest, ConvTrainCommandTest);
    // this test net has no input encoding, and that is what the one line names, not its conv layer
    CliResult r = CliResult.run("compile", "--network", convNet().toString(), "--target", "loihi2", "--calibrate",
        "yinyang", "--out", dir.resolve("c.hwcfg.pb").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("has no input encoding to apply to 'yinyang'")
        || r.err().contains("has no input encoding to apply to yinyang"), r.err());
    assertTrue(!r.err().contains("dense layers only"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void hilFinetuneNamesTheFileOfANetWithoutEncoding() {
    Path net = convNet();
    CliResult r = CliResult.run("hil-finetune", "--network", net.toString(), "--target", "loihi2", "--device",
        "refboard", "--dataset", "yinyang", "--out", dir.resolve("hil").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(net.toString() + ": field encoding: absent"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
