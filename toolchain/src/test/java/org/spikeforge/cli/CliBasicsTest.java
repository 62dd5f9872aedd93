package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.cli.demo.ExampleNetwork;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Network;

class CliBasicsTest {
  @TempDir Path dir;

  @Test
  void versionPrintsBuildFormatAndJava() {
    CliResult r = CliResult.run("version");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("spikeforge "), r.out());
    assertTrue(r.out().contains("file formats: v1"), r.out());
    assertTrue(r.out().contains("java " + System.getProperty("java.version")), r.out());
    assertEquals(r.out(), CliResult.run("--version").out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "version", "validate", "convert", "demo", "simulate", "gradcheck", "figure",
      "figure smoothness", "train", "evaluate"})
  void helpEverywhere(String sub) {
    String[] words = sub.isEmpty() ? new String[0] : sub.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";
    CliResult r = CliResult.run(args);
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("Usage: spikeforge" + (sub.isEmpty() ? "" : " " + sub)), r.out());
    assertEquals("", r.err());
  }

  @Test
  void noSubcommandPrintsUsage() {
    CliResult r = CliResult.run();
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("Commands:"), r.out());
  }

  @Test
  void unknownOptionIsOneLineAndExitCode2() {
    CliResult r = CliResult.run("version", "--frobnicate");
    assertEquals(2, r.exitCode());
    assertEquals("spikeforge version: Unknown option: '--frobnicate' (see 'spikeforge version --help')",
        r.err().strip());
    assertEquals("", r.out());
  }

  @Test
  void unknownSubcommandIsExitCode2() {
    CliResult r = CliResult.run("simulat");
    assertEquals(2, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void validateAcceptsGoodFilesAndListsEveryProblem() throws Exception {
    Path good = dir.resolve("ok.net.json");
    ProtoFiles.write(good, ExampleNetwork.network());
    Network.Builder broken = ExampleNetwork.network().toBuilder();
    broken.getParamsBuilder().setTau(-2);
    broken.getProjectionsBuilder(1).addWeights(0.5);
    Path bad = dir.resolve("bad.net.pb");
    ProtoFiles.write(bad, broken.build());
    CliResult r = CliResult.run("validate", good.toString(), bad.toString());
    assertEquals(2, r.exitCode());
    assertEquals(good + ": ok (Network THETA, 3 inputs, 2 populations, 7 neurons)", r.out().strip());
    assertEquals(bad + ": params.tau: -2.0, must be finite and > 0\n"
        + bad + ": projections[1].weights: 11 values, expected rows*cols = 10", r.err().strip());
  }

  @Test
  void validateChecksInputsAgainstTheNetwork() throws Exception {
    Path net = dir.resolve("ex.net.json");
    ProtoFiles.write(net, ExampleNetwork.network());
    Path spikes = dir.resolve("two.spikes.json");
    ProtoFiles.write(spikes, ExampleNetwork.inputs().toBuilder().setChannels(2).removeTrains(2).build());
    CliResult r = CliResult.run("validate", "--network", net.toString(), spikes.toString());
    assertEquals(2, r.exitCode());
    assertEquals(spikes + ": channels: 2, expected the network's num_inputs = 3", r.err().strip());
  }

  @Test
  void validateNeedsAKnownNameOrType() throws Exception {
    Path file = dir.resolve("mystery.json");
    ProtoFiles.write(file, ExampleNetwork.network());
    CliResult r = CliResult.run("validate", file.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith(file + ": cannot tell the message type from the name"), r.err());
    assertEquals(0, CliResult.run("validate", "--type", "network", file.toString()).exitCode());
  }

  @Test
  void convertJsonToBinaryAndBack() throws Exception {
    Path json = dir.resolve("ex.net.json");
    ProtoFiles.write(json, ExampleNetwork.network());
    Path pb = dir.resolve("ex.net.pb");
    Path back = dir.resolve("back.net.json");
    assertEquals(0, CliResult.run("convert", json.toString(), pb.toString()).exitCode());
    assertEquals(0, CliResult.run("convert", pb.toString(), back.toString()).exitCode());
    assertEquals(ExampleNetwork.network(), ProtoFiles.readNetwork(pb));
    assertEquals(Files.readString(json), Files.readString(back));
  }

  @Test
  void convertKeepsAConvNetThroughJson() throws Exception {
    Path pb = dir.resolve("conv.net.pb");
    ProtoFiles.write(pb, org.spikeforge.io.ConvNetworks.conv().build());
    Path json = dir.resolve("conv.net.json");
    Path back = dir.resolve("back.net.pb");
    assertEquals(0, CliResult.run("convert", pb.toString(), json.toString()).exitCode());
    assertTrue(Files.readString(json).contains("\"conv2d\""), Files.readString(json));
    assertEquals(0, CliResult.run("convert", json.toString(), back.toString()).exitCode());
    assertEquals(org.spikeforge.io.ConvNetworks.conv().build(), ProtoFiles.readNetwork(back));
  }

  @Test
  void missingFileIsOneLineNamingItWithoutStackTrace() {
    Path missing = dir.resolve("nope.net.pb");
    CliResult r = CliResult.run("convert", missing.toString(), dir.resolve("x.net.json").toString());
    assertEquals(2, r.exitCode());
    assertEquals("spikeforge convert: " + missing + ": file not found", r.err().strip());
  }

  @Test
  void verbosePrintsTheStackTrace() {
    Path missing = dir.resolve("nope.net.pb");
    CliResult r = CliResult.run("--verbose", "convert", missing.toString(), dir.resolve("x.net.json").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("spikeforge convert: " + missing + ": file not found"), r.err());
    assertTrue(r.err().contains("at org.spikeforge.io."), r.err());
  }

  @Test
  void demoRefusesUnknownStage() {
    CliResult r = CliResult.run("demo", "--only", "nosuchstage", "--out", dir.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("spikeforge demo: unknown stage 'nosuchstage'"), r.err());
  }
}
