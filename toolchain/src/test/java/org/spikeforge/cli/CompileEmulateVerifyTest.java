package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.YinYang;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;
import org.spikeforge.verify.TinyNets;

/** compile, emulate and verify in-process: outputs, and one-line errors with exit code 2 for bad input. */
class CompileEmulateVerifyTest {
  @TempDir Path dir;

  private Path write(String name, Network net) {
    Path p = dir.resolve(name);
    ProtoFiles.write(p, net);
    return p;
  }

  private static String oneLineError(CliResult r) {
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), "stderr: " + r.err());
    String e = r.err().strip();
    assertTrue(!e.isEmpty() && !e.contains("\n"), "one line expected: " + e);
    return e;
  }

  private Path compileLif(String target, String... extra) {
    Path net = write("lif.net.pb", TinyNets.lifConstantClass());
    Path cfg = dir.resolve(target + ".hwcfg.pb");
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("compile", "--network", net.toString(),
        "--target", target, "--dt", "0.01", "--out", cfg.toString()));
    args.addAll(java.util.List.of(extra));
    CliResult r = CliResult.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return cfg;
  }

  @Test
  void compileWritesConfigWithJsonTwinAndPrintsResources() throws Exception {
    Path cfg = compileLif("loihi2", "--calibrate", "yinyang", "--calibration-samples", "50");
    HardwareConfig c = HardwareConfig.parseFrom(Files.readAllBytes(cfg));
    assertEquals("loihi2", c.getTarget());
    assertEquals(401, c.getNumSteps());
    assertEquals(0.01, c.getDt());
    assertEquals(c, ProtoFiles.read(dir.resolve("loihi2.hwcfg.json"), HardwareConfig.getDefaultInstance()));
    assertTrue(c.getMetadataOrThrow("calibration").startsWith("yinyang (50"), c.getMetadataMap().toString());
    CliResult again = CliResult.run("compile", "--network", dir.resolve("lif.net.pb").toString(), "--target", "xylo",
        "--dt", "0.05", "--out", dir.resolve("x.hwcfg.pb").toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().startsWith("target xylo, 81 steps per trial"), again.out());
    assertTrue(again.out().contains("TOTAL"), again.out());
  }

  @Test
  void unknownTargetIsOneLine() {
    Path net = write("lif.net.pb", TinyNets.lifConstantClass());
    String e = oneLineError(CliResult.run("compile", "--network", net.toString(), "--target", "spinnaker", "--out",
        dir.resolve("c.hwcfg.pb").toString()));
    assertEquals("spikeforge compile: Invalid value for option '--target': unknown target 'spinnaker' (choose loihi2, xylo, theta)"
        + " (see 'spikeforge compile --help')", e);
  }

  @Test
  void thetaNetworkToLoihi2NamesTheModelsLoihi2Runs() {
    Path net = write("theta.net.pb", TinyNets.thetaFreeRunning());
    CliResult r = CliResult.run("compile", "--network", net.toString(), "--target", "loihi2", "--out",
        dir.resolve("c.hwcfg.pb").toString());
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("network: neuron model = THETA violates limit target loihi2 runs only LIF_DELTA, LIF_EXP"), r.err());
    assertTrue(Files.notExists(dir.resolve("c.hwcfg.pb")));
  }

  @Test
  void oversizeNetworkToXyloListsEveryViolation() {
    // 20 inputs -> 1001 hidden -> 10 outputs breaks three Xylo limits at once
    double[] w1 = new double[1001 * 20];
    java.util.Arrays.fill(w1, 0.1);
    double[] w2 = new double[10 * 1001];
    Network big = Network.newBuilder().setName("big").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(2).setNumInputs(20)
        .addPopulations(Population.newBuilder().setName("h1").setSize(1001))
        .addPopulations(Population.newBuilder().setName("output").setSize(10).setOutput(true))
        .addProjections(org.spikeforge.proto.Projection.newBuilder().setSource("input").setTarget("h1").setRows(1001)
            .setCols(20).addAllWeights(java.util.Arrays.stream(w1).boxed().toList()))
        .addProjections(org.spikeforge.proto.Projection.newBuilder().setSource("h1").setTarget("output").setRows(10)
            .setCols(1001).addAllWeights(java.util.Arrays.stream(w2).boxed().toList()))
        .build();
    Path net = write("big.net.pb", big);
    CliResult r = CliResult.run("compile", "--network", net.toString(), "--target", "xylo", "--out",
        dir.resolve("c.hwcfg.pb").toString());
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    String[] lines = r.err().strip().split("\\R");
    assertTrue(lines[0].contains("does not fit target xylo (3 violations)"), lines[0]);
    assertEquals(4, lines.length, r.err());
    assertEquals("network: input channels = 20 violates limit <= 16", lines[1].strip());
    assertEquals("network: hidden neurons = 1001 violates limit <= 1000", lines[2].strip());
    assertEquals("network: output neurons = 10 violates limit <= 8", lines[3].strip());
  }

  @Test
  void emulateRunsTimesAsStepsAndRecordsState() throws Exception {
    Path cfg = compileLif("loihi2");
    // bias channel only: t = 0.15 -> step round(15.0) = 15; the other channels given directly as steps
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(5).setLabel(-1);
    for (int c = 0; c < 4; c++) {
      in.addTrains(SpikeTrain.newBuilder().addSteps(3));
    }
    in.addTrains(SpikeTrain.newBuilder().addTimes(0.15));
    Path spikes = dir.resolve("s.spikes.json");
    ProtoFiles.write(spikes, in.build());
    Path trace = dir.resolve("t.trace.pb");
    CliResult r = CliResult.run("emulate", "--config", cfg.toString(), "--inputs", spikes.toString(), "--out",
        trace.toString(), "--record", "v,u", "--record-layer", "h1");
    assertEquals(0, r.exitCode(), r.err());
    Trace t = ProtoFiles.readTrace(trace);
    assertEquals("emulator:loihi2", t.getSource());
    assertEquals(4, t.getProbesCount());
    assertEquals(401, t.getProbes(0).getValuesCount());
    // input at step 15 reaches u at step 16 (Dense delay); v is zero before, positive from then on
    assertEquals(0, t.getProbes(0).getValues(15));
    assertTrue(t.getProbes(0).getValues(16) > 0);
    // hidden 0 crosses 0.1584 after the input: step 15 + ceil(15.84) = 31 (steps 16..31 cover (0.15, 0.31])
    assertEquals(31, t.getPopulations(0).getSpikes(0).getSteps(0));
    assertEquals(0, t.getPopulations(0).getSpikes(1).getStepsCount());
  }

  @Test
  void emulateRefusesCorruptConfigWrongArraysAndWrongInputs() throws Exception {
    Path cfg = compileLif("loihi2");
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(5).setLabel(-1);
    for (int c = 0; c < 5; c++) {
      in.addTrains(SpikeTrain.newBuilder().addSteps(1));
    }
    Path spikes = dir.resolve("ok.spikes.pb");
    ProtoFiles.write(spikes, in.build());
    Path out = dir.resolve("t.trace.pb");

    Path corrupt = dir.resolve("corrupt.hwcfg.pb");
    byte[] bytes = Files.readAllBytes(cfg);
    Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String e = oneLineError(CliResult.run("emulate", "--config", corrupt.toString(), "--inputs", spikes.toString(),
        "--out", out.toString()));
    assertTrue(e.startsWith("spikeforge emulate: " + corrupt), e);

    HardwareConfig c = HardwareConfig.parseFrom(bytes);
    HardwareConfig shortW = c.toBuilder().setLayers(0, c.getLayers(0).toBuilder().clearWeights().addWeights(1)).build();
    Path bad = dir.resolve("bad.hwcfg.pb");
    ProtoFiles.write(bad, shortW);
    e = oneLineError(CliResult.run("emulate", "--config", bad.toString(), "--inputs", spikes.toString(), "--out",
        out.toString()));
    assertTrue(e.contains(bad.toString()) && e.contains("layers[0].weights"), e);

    HardwareConfig unknown = c.toBuilder().setTarget("truenorth").build();
    ProtoFiles.write(bad, unknown);
    e = oneLineError(CliResult.run("emulate", "--config", bad.toString(), "--inputs", spikes.toString(), "--out",
        out.toString()));
    assertTrue(e.contains("target = \"truenorth\" is unknown"), e);

    Path four = dir.resolve("four.spikes.pb");
    ProtoFiles.write(four, InputSpikes.newBuilder().setChannels(4).addTrains(SpikeTrain.getDefaultInstance())
        .addTrains(SpikeTrain.getDefaultInstance()).addTrains(SpikeTrain.getDefaultInstance())
        .addTrains(SpikeTrain.getDefaultInstance()).build());
    e = oneLineError(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", four.toString(), "--out",
        out.toString()));
    assertTrue(e.contains("channels: 4, expected the network's num_inputs = 5"), e);

    e = oneLineError(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", spikes.toString(), "--out",
        out.toString(), "--record", "phase"));
    assertTrue(e.startsWith("spikeforge emulate: --record phase: ") && e.contains("\"phase\""), e);
    assertTrue(Files.notExists(out));
  }

  @Test
  void verifyWritesJsonWithRequiredFieldsAndPng() throws Exception {
    Path cfg = compileLif("loihi2");
    Path net = dir.resolve("lif.net.pb");
    Path out = dir.resolve("verify");
    CliResult r = CliResult.run("verify", "--network", net.toString(), "--config", cfg.toString(), "--dataset",
        "yinyang", "--samples", "200", "--threads", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode j = new ObjectMapper().readTree(out.resolve("verify.json").toFile());
    var test = YinYang.standardSplits().test();
    long zeros = 0;
    for (int i = 0; i < 200; i++) {
      zeros += test.label(i) == 0 ? 1 : 0;
    }
    assertEquals(zeros / 200.0, j.get("float_accuracy").asDouble(), 1e-12);
    assertEquals(zeros / 200.0, j.get("emulator_accuracy").asDouble(), 1e-12);
    assertEquals(0.0, j.get("accuracy_difference").asDouble(), 1e-12);
    assertEquals(1.0, j.get("prediction_agreement").asDouble());
    double median = j.get("median_spike_time_error").asDouble();
    assertTrue(median > 0 && median <= 0.01, "median " + median);
    assertEquals(200, j.get("samples").asInt());
    assertEquals("loihi2", j.get("target").asText());
    assertEquals(2, j.get("layers").size());
    assertEquals(200, j.get("layers").get(0).get("matched_first_spikes").asInt());
    assertEquals(10, j.get("worst_samples").size());
    byte[] png = Files.readAllBytes(out.resolve("spike_time_error.png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertTrue(r.out().contains("prediction agreement 100.00%"), r.out());
  }

  @Test
  void verifyRefusesMismatchedConfigAndUnknownDataset() {
    Path cfg = compileLif("loihi2");
    Path theta = write("theta.net.pb", TinyNets.thetaFreeRunning());
    Path lif = dir.resolve("lif.net.pb");
    Path out = dir.resolve("v");
    String e = oneLineError(CliResult.run("verify", "--network", lif.toString(), "--config", cfg.toString(),
        "--dataset", "cifar", "--out", out.toString()));
    assertTrue(e.contains("dataset 'cifar' is not yinyang, fashion-mnist"), e);
    e = oneLineError(CliResult.run("verify", "--network", theta.toString(), "--config", cfg.toString(),
        "--dataset", "yinyang", "--out", out.toString()));
    assertTrue(e.contains("network model THETA cannot be compared with a loihi2 config (it runs LIF_EXP or LIF_DELTA)"), e);
  }
}
