package org.spikeforge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

class ProtoFilesTest {
  @TempDir Path dir;

  static Stream<Message> everyMessageType() {
    return Stream.of(
        TestNetworks.theta().build(),
        TestNetworks.inputs().build(),
        SpikeDataset.newBuilder().setName("two").addSamples(TestNetworks.inputs())
            .addSamples(TestNetworks.inputs().setLabel(2)).build(),
        Trace.newBuilder().setSource("float").setTrialEnd(2.0)
            .addPopulations(PopulationTrace.newBuilder().setName("out")
                .addSpikes(SpikeTrain.newBuilder().addTimes(0.123456789012345).addTimes(1.5))
                .addPseudospikes(SpikeTrain.newBuilder().addTimes(2.75)))
            .addProbes(StateProbe.newBuilder().setPopulation("out").setVariable("v").addValues(-3).addValues(7))
            .build(),
        HardwareConfig.newBuilder().setTarget("loihi2").setNumInputs(2).setNumSteps(100)
            .putMetadata("network", "tiny.net.pb")
            .addLayers(HwLayer.newBuilder().setName("out").setSize(1).setSource("input").setFanIn(2)
                .addWeights(-7).addWeights(100).setLoihi2(Loihi2Lif.newBuilder().setDu(4095).setVth(80)))
            .build());
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void binaryAndJsonRoundTripExactly(Message message) throws Exception {
    Path json = dir.resolve("m.json");
    Path binary = dir.resolve("m.pb");
    ProtoFiles.write(json, message);
    ProtoFiles.write(binary, message);
    assertEquals(message, ProtoFiles.read(json, message.getDefaultInstanceForType()));
    assertEquals(message, ProtoFiles.read(binary, message.getDefaultInstanceForType()));
    assertArrayEquals(message.toByteArray(), Files.readAllBytes(binary));
    assertTrue(Files.readString(json).startsWith("{"), "JSON text");
  }

  @Test
  void jsonKeepsProtoFieldNamesAndExactDoubles() throws Exception {
    Path file = dir.resolve("tiny.net.json");
    Network net = TestNetworks.theta().setTrialEnd(0.1 + 0.2).build();
    ProtoFiles.write(file, net);
    String text = Files.readString(file);
    assertTrue(text.contains("\"num_inputs\": 3"), text);
    assertTrue(text.contains("\"initial_v\""), text);
    assertEquals(0.1 + 0.2, ProtoFiles.readNetwork(file).getTrialEnd());
  }

  @Test
  void jsonAlsoAcceptsCamelCaseNames() throws Exception {
    Path file = dir.resolve("camel.net.json");
    Files.writeString(file, "{\"name\": \"c\", \"numInputs\": 4, \"trialEnd\": 1.5}");
    Network net = ProtoFiles.read(file, Network.getDefaultInstance());
    assertEquals(4, net.getNumInputs());
    assertEquals(1.5, net.getTrialEnd());
  }

  @Test
  void unknownExtensionIsRefused() {
    SpikeForgeIoException e =
        assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.write(dir.resolve("m.net.yaml"), Network.getDefaultInstance()));
    assertEquals(dir.resolve("m.net.yaml") + ": unknown file extension; expected .pb (protobuf binary) or .json (protobuf JSON)",
        e.getMessage());
  }

  @Test
  void missingAndEmptyFiles() throws Exception {
    Path missing = dir.resolve("nope.net.pb");
    assertEquals(missing + ": file not found",
        assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(missing)).getMessage());
    Path empty = Files.createFile(dir.resolve("empty.net.json"));
    assertEquals(empty + ": file is empty",
        assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(empty)).getMessage());
  }

  @Test
  void truncatedBinaryNamesTheFieldWhereItEnds() throws Exception {
    byte[] full = TestNetworks.theta().build().toByteArray();
    // Cut inside the last projection's packed weights (the last 8 bytes are its last double).
    Path file = dir.resolve("cut.net.pb");
    Files.write(file, Arrays.copyOf(full, full.length - 3));
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertTrue(e.getMessage().startsWith(file + ": projections[1].weights: not a valid spikeforge.v1.Network protobuf binary: "),
        e.getMessage());
    assertEquals("projections[1].weights", e.field());
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  @Test
  void garbageBinaryIsOneLine() throws Exception {
    Path file = dir.resolve("junk.net.pb");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("not a valid spikeforge.v1.Network protobuf binary"), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  @Test
  void jsonNamedDotPbGetsAHint() throws Exception {
    Path file = dir.resolve("oops.net.pb");
    Files.writeString(file, "{\"name\": \"x\"}");
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertTrue(e.getMessage().endsWith("(the file looks like JSON; name it .json)"), e.getMessage());
  }

  @Test
  void truncatedJsonSaysWhere() throws Exception {
    Path full = dir.resolve("full.net.json");
    ProtoFiles.write(full, TestNetworks.theta().build());
    String text = Files.readString(full);
    Path file = dir.resolve("cut.net.json");
    Files.writeString(file, text.substring(0, text.indexOf("-0.25")));
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertEquals("projections[0].weights[1]", e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": projections[0].weights[1]: not a valid spikeforge.v1.Network JSON: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(" line "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  @Test
  void wrongValueTypeInJsonNamesTheElement() throws Exception {
    Path file = dir.resolve("typo.net.json");
    Files.writeString(file, "{\"name\": \"t\", \"projections\": [{\"rows\": 1}, {\"rows\": 1, \"weights\": [0.5, \"abc\", 1]}]}");
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertEquals("projections[1].weights[1]", e.field());
    assertEquals(file + ": projections[1].weights[1]: not a valid spikeforge.v1.Network JSON: Not a double value: \"abc\"",
        e.getMessage());
  }

  @Test
  void unknownJsonFieldIsNamed() throws Exception {
    Path file = dir.resolve("extra.net.json");
    Files.writeString(file, "{\"name\": \"t\", \"params\": {\"tau\": 1, \"taus\": 2}}");
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertEquals("params.taus", e.field());
  }

  @Test
  void traceFileGivenAsNetworkIsRecognised() throws Exception {
    Path file = dir.resolve("trace.pb");
    ProtoFiles.write(file, everyMessageType().filter(m -> m instanceof Trace).findFirst().orElseThrow());
    SpikeForgeIoException e =
        assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.read(file, HardwareConfig.getDefaultInstance()));
    assertTrue(e.getMessage().contains("unknown field in a spikeforge.v1.HardwareConfig file"), e.getMessage());
  }

  @Test
  void notUtf8Json() throws Exception {
    Path file = dir.resolve("bin.net.json");
    Files.write(file, new byte[] {(byte) 0xc3, (byte) 0x28, 0x7b});
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
    assertTrue(e.getMessage().startsWith(file + ": not UTF-8 text"), e.getMessage());
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("sub/dir/tiny.net.pb");
    ProtoFiles.write(file, TestNetworks.theta().setName("first").build());
    ProtoFiles.write(file, TestNetworks.theta().setName("second").build());
    assertEquals("second", ProtoFiles.readNetwork(file).getName());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void writtenFilesGetTheUsualPermissionsNotTemporaryFileOnes() throws Exception {
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Path written = dir.resolve("w.net.pb");
    ProtoFiles.write(written, TestNetworks.theta().build());
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
  }

  @Test
  void failedWriteNamesTheFileAndKeepsNothing() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a directory");
    Path file = blocker.resolve("tiny.net.json");
    SpikeForgeIoException e =
        assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.write(file, TestNetworks.theta().build()));
    assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
    assertEquals("a file, not a directory", Files.readString(blocker, StandardCharsets.UTF_8));
  }
}
