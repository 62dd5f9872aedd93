package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.cli.demo.ExampleNetwork;

/**
 * The reproducers of issue 18, items 1 and 3 to 5, in-process: each bad input gets exit code 2 and one line that names
 * the option or file and its limit; nothing is overwritten silently; nothing valid to {@code validate} fails in the
 * engine as an internal error.
 */
class BadInputRegressionTest {
  private static final Path NET = ExamplesTest.EXAMPLES.resolve(ExampleNetwork.NAME + ".net.json");
  private static final Path SPIKES = ExamplesTest.EXAMPLES.resolve(ExampleNetwork.NAME + ".spikes.json");

  private static Path lifNet;
  private static Path loihiCfg;

  @TempDir Path dir;

  /** A tiny LIF run (the "finished run" directory the item-1 tests try to replace) and its loihi2 compile. */
  @BeforeAll
  static void trainTiny(@TempDir Path shared) {
    Path run = shared.resolve("run");
    CliResult r = CliResult.run("train", "--dataset", "yinyang", "--model", "lif", "--from-rest", "true", "--hidden",
        "6", "--epochs", "1", "--train-limit", "100", "--batch", "25", "--threads", "1", "--progress", "false",
        "--out", run.toString());
    assertEquals(0, r.exitCode(), r.err());
    lifNet = run.resolve("model.net.pb");
    loihiCfg = shared.resolve("c.hwcfg.pb");
    CliResult c = CliResult.run("compile", "--network", lifNet.toString(), "--target", "loihi2", "--out",
        loihiCfg.toString());
    assertEquals(0, c.exitCode(), c.err());
  }

  static String oneLine(CliResult r) {
    assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err() + " stdout: " + r.out());
    String e = r.err().strip();
    assertTrue(!e.isEmpty() && !e.contains("\n"), "one line expected: " + e);
    return e;
  }

  // ---- item 1: no silent replacement of a run ----

  @Test
  void trainRefusesADirectoryHoldingARunNamingResumeAndOverwrite() throws Exception {
    Path run = lifNet.getParent();
    byte[] before = Files.readAllBytes(run.resolve("model.net.pb"));
    String e = oneLine(CliResult.run("train", "--dataset", "yinyang", "--epochs", "1", "--train-limit", "50",
        "--progress", "false", "--out", run.toString()));
    assertTrue(e.contains("already holds a run") && e.contains("--resume " + run) && e.contains("--overwrite"), e);
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve("model.net.pb"))), "run untouched");
  }

  @Test
  void trainOverwriteReplacesTheRun() throws Exception {
    Path run = dir.resolve("r");
    Files.createDirectories(run);
    Files.writeString(run.resolve("report.json"), "{}");
    CliResult r = CliResult.run("train", "--dataset", "yinyang", "--model", "lif", "--hidden", "3", "--epochs", "1",
        "--train-limit", "30", "--threads", "1", "--progress", "false", "--out", run.toString(), "--overwrite");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.readString(run.resolve("report.json")).contains("test_accuracy")
        || Files.readString(run.resolve("report.json")).length() > 100);
  }

  @Test
  void everyDirectoryWriterRefusesAnEarlierRun() throws Exception {
    Path d = dir.resolve("d");
    Files.createDirectories(d);
    Files.writeString(d.resolve("verify.json"), "{}");
    Files.writeString(d.resolve("hil.json"), "{}");
    Files.writeString(d.resolve("summary.json"), "{}");
    Files.writeString(d.resolve("report.json"), "{}");
    Files.writeString(d.resolve("smoothness-two-layer.png"), "x");
    String e = oneLine(CliResult.run("verify", "--network", lifNet.toString(), "--config", loihiCfg.toString(),
        "--dataset", "yinyang", "--samples", "5", "--out", d.toString()));
    assertTrue(e.contains("already holds a run (verify.json)") && e.contains("--overwrite"), e);
    e = oneLine(CliResult.run("hil-finetune", "--network", lifNet.toString(), "--target", "loihi2", "--dataset",
        "yinyang", "--out", d.toString()));
    assertTrue(e.contains("already holds a run (hil.json)") && e.contains("--resume"), e);
    e = oneLine(CliResult.run("demo", "--quick", "--only", "simulate", "--out", d.toString()));
    assertTrue(e.contains("already holds a run (summary.json)"), e);
    e = oneLine(CliResult.run("train-spikes", "--task", "single-neuron", "--out", d.toString()));
    assertTrue(e.contains("already holds a run (report.json)"), e);
    e = oneLine(CliResult.run("figure", "smoothness", "--out", d.toString()));
    assertTrue(e.contains("already holds a run (smoothness-two-layer.png)"), e);
  }

  // ---- item 3: one definition of a valid value ----

  @ParameterizedTest
  @ValueSource(strings = {"-1e-20", "6.0000000001"})
  void aPhaseAHairOutsideZeroThetaIsRefusedByValidate(String phase) throws Exception {
    Path bad = dir.resolve("bad.net.json");
    Files.writeString(bad, Files.readString(NET).replace("\"initial_v\": [3.5, 3.0]", "\"initial_v\": [" + phase
        + ", 3.0]"));
    String e = oneLine(CliResult.run("validate", bad.toString()));
    assertTrue(e.contains("populations[1].initial_v[0]") && e.contains("THETA phase must lie in [0, Theta"), e);
    e = oneLine(CliResult.run("simulate", "--network", bad.toString(), "--inputs", SPIKES.toString(), "--out",
        dir.resolve("t.trace.pb").toString()));
    assertTrue(e.contains("populations[1].initial_v[0]"), e);
  }

  @Test
  void thePhaseThetaItselfIsValidInBoth() throws Exception {
    double theta = org.spikeforge.model.ThetaPhase.period(1.909859317102744, 1.25);
    Path edge = dir.resolve("edge.net.json");
    Files.writeString(edge, Files.readString(NET).replace("\"initial_v\": [3.5, 3.0]", "\"initial_v\": [" + theta
        + ", 0.0]"));
    assertEquals(0, CliResult.run("validate", edge.toString()).exitCode());
    CliResult r = CliResult.run("simulate", "--network", edge.toString(), "--inputs", SPIKES.toString(), "--out",
        dir.resolve("t.trace.pb").toString());
    assertEquals(0, r.exitCode(), r.err());
  }

  @Test
  void aRunAwayTrialEndIsBadInputNamingTheLimitAndTheOption() throws Exception {
    Path far = dir.resolve("far.net.json");
    Files.writeString(far, Files.readString(NET).replace("\"trial_end\": 2.0", "\"trial_end\": 1e15"));
    assertEquals(0, CliResult.run("validate", far.toString()).exitCode());
    String e = oneLine(CliResult.run("simulate", "--network", far.toString(), "--inputs", SPIKES.toString(), "--out",
        dir.resolve("t.trace.pb").toString(), "--max-events", "5000"));
    assertTrue(e.startsWith("spikeforge simulate: simulation of \"theta-small\" exceeded the limit of 5000 events"), e);
    assertTrue(e.endsWith("raise the limit with --max-events N"), e);
    assertFalse(e.contains("internal error"), e);
    e = oneLine(CliResult.run("simulate", "--network", NET.toString(), "--inputs", SPIKES.toString(), "--out",
        dir.resolve("t.trace.pb").toString(), "--max-events", "0"));
    assertTrue(e.contains("--max-events must be > 0"), e);
  }

  // ---- item 4: absurd options ----

  @ParameterizedTest
  @ValueSource(strings = {"-0.5", "NaN", "Infinity"})
  void compileRefusesABadDt(String dt) {
    String e = oneLine(CliResult.run("compile", "--network", lifNet.toString(), "--target", "loihi2", "--dt", dt,
        "--out", dir.resolve("x.hwcfg.pb").toString()));
    assertTrue(e.contains("--dt " + dt + " must be finite and > 0"), e);
    assertFalse(Files.exists(dir.resolve("x.hwcfg.pb")));
  }

  @Test
  void optionErrorsNameTheOptionNotAJavaField() {
    String e = oneLine(CliResult.run("compile", "--network", lifNet.toString(), "--target", "loihi2", "--weight-bits",
        "99", "--out", dir.resolve("x.hwcfg.pb").toString()));
    assertTrue(e.contains("--weight-bits 99 must be in 2..8") && !e.contains("QuantSpec"), e);
    e = oneLine(CliResult.run("compile", "--network", lifNet.toString(), "--target", "loihi2", "--clip-percentile",
        "0", "--out", dir.resolve("x.hwcfg.pb").toString()));
    assertTrue(e.contains("--clip-percentile 0.0 must be in (0, 100]"), e);
    e = oneLine(CliResult.run("compile", "--network", lifNet.toString(), "--target", "loihi2", "--weight-exp", "9",
        "--out", dir.resolve("x.hwcfg.pb").toString()));
    assertTrue(e.contains("--weight-exp 9 must be in -8..7"), e);
  }

  @Test
  void negativeCountsAreRefused() {
    String e = oneLine(CliResult.run("emulate", "--config", loihiCfg.toString(), "--inputs", SPIKES.toString(),
        "--steps", "-1", "--out", dir.resolve("t.trace.pb").toString()));
    assertTrue(e.contains("--steps -1 must be >= 0"), e);
    e = oneLine(CliResult.run("verify", "--network", lifNet.toString(), "--config", loihiCfg.toString(), "--dataset",
        "yinyang", "--samples", "-4", "--out", dir.resolve("v").toString()));
    assertTrue(e.contains("--samples -4 must be >= 0"), e);
    e = oneLine(CliResult.run("deploy", "--config", loihiCfg.toString(), "--steps", "-3"));
    assertTrue(e.contains("--steps -3 must be >= 0"), e);
  }

  // ---- item 5: deploy, verify --out, garbled resume ----

  @Test
  void deployBoardErrorsNameTheConfigFile() {
    String e = oneLine(CliResult.run("deploy", "--config", loihiCfg.toString(), "--device", "refboard:refboard-xylo"));
    assertTrue(e.startsWith("spikeforge deploy: " + loihiCfg + ": refboard-xylo: sf_load_config failed"), e);
  }

  @Test
  void verifyChecksItsOutputBeforeTheWork() throws Exception {
    Path file = dir.resolve("existing.txt");
    Files.writeString(file, "keep");
    long t0 = System.nanoTime();
    String e = oneLine(CliResult.run("verify", "--network", lifNet.toString(), "--config", loihiCfg.toString(),
        "--dataset", "yinyang", "--out", file.toString()));
    assertTrue(e.contains("--out " + file + ": exists and is not a directory"), e);
    assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before verifying 1000 samples");
    assertEquals("keep", Files.readString(file));
  }

  @Test
  void aGarbledConfigOnResumeIsOneClearLine() throws Exception {
    Path run = dir.resolve("garbled");
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.json"), "{\"dataset\": \"yinyang\", \"epochs\": 3,, }");
    String e = oneLine(CliResult.run("train", "--resume", run.toString()));
    assertTrue(e.startsWith("spikeforge train: " + run.resolve("config.json") + ": not a valid run config (line 1,"),
        e);
    assertFalse(e.contains("com.fasterxml") || e.contains("Source:"), e);
  }
}
