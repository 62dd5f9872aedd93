package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.cli.demo.ExampleNetwork;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Trace;

/** {@code spikeforge demo}: the quick pipeline end to end in-process, its summary, listing and failures. */
class DemoCommandTest {
  private static final List<String> STAGES =
      List.of("simulate", "gradcheck", "train", "compile", "verify", "deploy", "hil");

  @TempDir Path dir;

  @Test
  void quickDemoPassesEveryStageAndItsSummaryCarriesTheReportedNumbers() throws Exception {
    CliResult r = CliResult.run("demo", "--quick", "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.lastOutLine().startsWith("demo: all 7 stages passed"), r.out());
    String summary = r.out().substring(r.out().indexOf("=== SpikeForge demo summary"));
    assertTrue(summary.startsWith("=== SpikeForge demo summary (quick, seed 1): 7/7 stages ok"), summary);
    assertEquals(summary.substring(0, summary.indexOf("demo: all")), Files.readString(dir.resolve("summary.txt")));

    JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertTrue(json.get("passed").asBoolean());
    List<String> names = new ArrayList<>();
    for (JsonNode stage : json.get("stages")) {
      names.add(stage.get("name").asText());
      assertEquals("ok", stage.get("status").asText(), stage.toString());
      assertTrue(line(summary, stage.get("name").asText()).contains(" ok "), summary);
      for (JsonNode file : stage.get("files")) {
        assertTrue(Files.isRegularFile(Path.of(file.asText())), file.asText());
      }
    }
    assertEquals(STAGES, names);

    // train: the number in the summary is the one in the trainer's report.json; plots exist; neurons start at rest
    JsonNode train = read("train/report.json");
    assertTrue(line(summary, "train").contains(pct(train.get("test_accuracy").asDouble())), summary);
    assertTrue(train.get("test_accuracy").asDouble() >= 0.6, train.get("test_accuracy").toString());
    assertNotNull(ImageIO.read(dir.resolve("train/curves.png").toFile()));
    assertNotNull(ImageIO.read(dir.resolve("train/raster.png").toFile()));
    Network net = ProtoFiles.readNetwork(dir.resolve("train/model.net.pb"));
    assertEquals(org.spikeforge.proto.NeuronModel.LIF_EXP, net.getModel());
    for (Population p : net.getPopulationsList()) {
      assertTrue(p.getInitialVList().stream().allMatch(v -> v == 0.0), p.getName() + " initial V");
      assertTrue(p.getInitialIList().stream().allMatch(v -> v == 0.0), p.getName() + " initial I");
    }

    // compile: both configs exist and their tables were printed
    for (String target : List.of("loihi2", "xylo")) {
      assertEquals(target, ProtoFiles.readHardwareConfig(dir.resolve("compile/" + target + ".hwcfg.pb")).getTarget());
      assertTrue(r.out().contains("target " + target + ", "), r.out());
    }

    // verify: float, emulator and agreement for each target as in verify.json
    String verifyLine = line(summary, "verify");
    for (String target : List.of("loihi2", "xylo")) {
      JsonNode v = read("verify-" + target + "/verify.json");
      assertEquals(200, v.get("samples").asInt());
      String expected = String.format(Locale.ROOT, "%s: float %s, emulator %s, agree %s", target,
          pct(v.get("float_accuracy").asDouble()), pct(v.get("emulator_accuracy").asDouble()),
          pct(v.get("prediction_agreement").asDouble()));
      assertTrue(verifyLine.contains(expected), expected + " not in " + verifyLine);
    }

    // deploy: every board trace equals the emulator's; the saved pair is equal and not empty
    String deployLine = line(summary, "deploy");
    assertTrue(deployLine.contains("loihi2 on refboard-loihi2: 3/3 traces identical"), deployLine);
    assertTrue(deployLine.contains("xylo on refboard-xylo: 3/3 traces identical"), deployLine);
    Trace board = ProtoFiles.readTrace(dir.resolve("deploy/loihi2-sample0.board.trace.pb"));
    Trace emulated = ProtoFiles.readTrace(dir.resolve("deploy/loihi2-sample0.emulator.trace.pb"));
    assertEquals(emulated.getPopulationsList(), board.getPopulationsList());
    assertTrue(emulated.getPopulationsList().stream().flatMap(p -> p.getSpikesList().stream())
        .mapToInt(t -> t.getStepsCount()).sum() > 0, "no spikes on the board");

    // hil: before/after accuracies as in hil.json, measured on the mismatched board
    JsonNode hil = read("hil/hil.json");
    String hilLine = line(summary, "hil");
    String expected = pct(hil.get("device_accuracy_before").asDouble()) + " -> "
        + pct(hil.get("device_accuracy_after").asDouble());
    assertTrue(hilLine.contains(expected), expected + " not in " + hilLine);
    assertEquals(0.1, hil.get("mismatch").get("threshold_offset_sigma").asDouble());
    assertTrue(hil.get("device_accuracy_after").asDouble() >= hil.get("device_accuracy_before").asDouble());
  }

  @Test
  void listShowsTheStagesInOrder() {
    CliResult r = CliResult.run("demo", "--list");
    assertEquals(0, r.exitCode());
    assertEquals(STAGES, r.out().lines().map(l -> l.substring(0, l.indexOf(':'))).toList());
  }

  @Test
  void onlyTheFirstStagesRunAndAreSummarised() throws Exception {
    CliResult r = CliResult.run("demo", "--quick", "--only", "simulate,gradcheck", "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("[1/2] simulate"), r.out());
    assertTrue(r.out().contains("[2/2] gradcheck"), r.out());
    assertTrue(r.lastOutLine().startsWith("demo: all 2 stages passed"), r.out());
    assertTrue(line(r.out(), "simulate").contains("4 in-trial spikes"), r.out());
    assertTrue(Files.exists(dir.resolve(ExampleNetwork.NAME + ".trace.json")));
    assertTrue(Files.exists(dir.resolve(ExampleNetwork.NAME + "-raster.png")));
  }

  @Test
  void aStageWithoutItsInputsFailsClearlyAndTheRestIsSkipped() throws Exception {
    CliResult r = CliResult.run("demo", "--quick", "--only", "compile,verify", "--out", dir.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("FAILED: IllegalStateException: no trained-network file: run the 'train' stage first"),
        r.out());
    assertTrue(r.lastOutLine().startsWith("demo: stopped at a failed stage"), r.out());
    String summary = r.out().substring(r.out().indexOf("=== SpikeForge demo summary"));
    assertTrue(line(summary, "compile").contains("FAILED"), summary);
    assertTrue(line(summary, "verify").contains("skipped"), summary);
    assertTrue(Files.exists(dir.resolve("compile.error.txt")));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertEquals("FAILED", json.get("stages").get(0).get("status").asText());
    assertEquals("skipped", json.get("stages").get(1).get("status").asText());
  }

  private JsonNode read(String file) throws Exception {
    return new ObjectMapper().readTree(dir.resolve(file).toFile());
  }

  /** The summary row of one stage. */
  private static String line(String text, String stage) {
    return text.lines().filter(l -> l.startsWith(stage + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + stage + " in\n" + text));
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }
}
