package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A short real training run through the command, then evaluation of the saved network reproduces its accuracy. */
class TrainEvaluateRoundTripTest {
  @TempDir Path dir;

  private static int run(Object cmd, StringWriter out, String... args) {
    return new CommandLine(cmd).setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
  }

  @Test
  void trainWritesAllOutputsAndEvaluateReproducesTheTestAccuracy() throws Exception {
    Path run = dir.resolve("run");
    StringWriter out = new StringWriter();
    int code = run(new TrainCommand(), out, "--dataset", "yinyang", "--model", "theta", "--hidden", "30",
        "--epochs", "2", "--batch", "50", "--lr", "5e-3", "--seed", "3", "--phi0", "0.6", "--train-limit", "300",
        "--threads", "2", "--progress", "false", "--out", run.toString());
    assertEquals(0, code, out.toString());
    for (String f : new String[] {"model.net.pb", "model.net.json", "report.json", "curves.png", "raster.png",
        "config.json", "checkpoint.bin"}) {
      assertTrue(Files.size(run.resolve(f)) > 0, f);
    }
    JsonNode report = new ObjectMapper().readTree(run.resolve("report.json").toFile());
    for (String key : new String[] {"test_accuracy", "validation_accuracy", "epochs", "train_seconds",
        "samples_per_second", "silent_fraction_start", "silent_fraction_end", "config"}) {
      assertTrue(report.has(key), key);
    }
    assertEquals(2, report.get("epochs").asInt());
    assertEquals(30, report.get("config").get("hidden").asInt());
    double testAccuracy = report.get("test_accuracy").asDouble();

    StringWriter evalOut = new StringWriter();
    code = run(new EvaluateCommand(), evalOut, "--network", run.resolve("model.net.pb").toString(), "--dataset",
        "yinyang", "--threads", "1");
    assertEquals(0, code, evalOut.toString());
    assertTrue(evalOut.toString().contains(String.format(Locale.ROOT, "accuracy %.2f%%", 100 * testAccuracy)),
        evalOut + " vs " + testAccuracy);
    assertTrue(Files.size(run.resolve("confusion.png")) > 0);

    // The JSON twin loads too and gives the same answer.
    StringWriter jsonOut = new StringWriter();
    assertEquals(0, run(new EvaluateCommand(), jsonOut, "--network", run.resolve("model.net.json").toString(),
        "--dataset", "yinyang", "--confusion", dir.resolve("c.png").toString()));
    assertTrue(jsonOut.toString().contains(String.format(Locale.ROOT, "accuracy %.2f%%", 100 * testAccuracy)));

    // Resuming the finished run for two more epochs continues from the checkpoint.
    StringWriter resumeOut = new StringWriter();
    assertEquals(0, run(new TrainCommand(), resumeOut, "--resume", run.toString(), "--epochs", "4"),
        resumeOut.toString());
    assertEquals(4, new ObjectMapper().readTree(run.resolve("report.json").toFile()).get("epochs").asInt());
  }
}
