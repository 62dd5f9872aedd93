package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to {@code train} and {@code evaluate} ends with exit code 2 and one line on stderr. */
class TrainCommandTest {
  @TempDir Path dir;

  private static String fail(Object command, String... args) {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    int code = new CommandLine(command).setErr(new PrintWriter(err)).setOut(new PrintWriter(out)).execute(args);
    assertEquals(2, code, "exit code; stderr: " + err);
    String e = err.toString().strip();
    assertTrue(!e.isEmpty() && !e.contains("\n"), "one line expected: " + e);
    return e;
  }

  @Test
  void badOptionsGiveOneLineErrors() {
    String out = dir.resolve("run").toString();
    assertTrue(fail(new TrainCommand(), "--model", "hodgkin", "--out", out)
        .contains("model 'hodgkin' is not one of theta, lif, qif"));
    assertTrue(fail(new TrainCommand(), "--hidden", "0", "--out", out).contains("hidden layer size 0 must be > 0"));
    assertTrue(fail(new TrainCommand(), "--lr", "NaN", "--out", out).contains("lr NaN must be finite and > 0"));
    assertTrue(fail(new TrainCommand(), "--epochs", "0", "--out", out).contains("epochs 0 must be >= 1"));
  }

  @Test
  void unknownConfigKeysAndMissingDatasetsAreReported() throws Exception {
    Path cfg = dir.resolve("c.yaml");
    Files.writeString(cfg, "dataset: yinyang\nlearning_rate: 0.1\n");
    String e = fail(new TrainCommand(), "--config", cfg.toString());
    assertTrue(e.contains("c.yaml: unknown key 'learning_rate'"), e);
    e = fail(new TrainCommand(), "--dataset", "idx:" + dir.resolve("nowhere"), "--out", dir.resolve("r").toString());
    assertTrue(e.contains("nowhere: dataset directory not found"), e);
    Files.createDirectories(dir.resolve("empty"));
    e = fail(new TrainCommand(), "--dataset", "idx:" + dir.resolve("empty"), "--out", dir.resolve("r").toString());
    assertTrue(e.contains("train-images-idx3-ubyte[.gz]: file not found"), e);
    e = fail(new TrainCommand(), "--resume", dir.resolve("empty").toString());
    assertTrue(e.contains("no config.json in the run directory"), e);
  }

  @Test
  void labelImageCountMismatchIsReported() throws Exception {
    Path d = dir.resolve("idx");
    Files.createDirectories(d);
    writeIdx(d.resolve("train-images-idx3-ubyte"), 0x803, new int[] {3, 2, 2});
    writeIdx(d.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {2});
    writeIdx(d.resolve("t10k-images-idx3-ubyte"), 0x803, new int[] {1, 2, 2});
    writeIdx(d.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {1});
    String e = fail(new TrainCommand(), "--dataset", "idx:" + d, "--out", dir.resolve("r").toString());
    assertTrue(e.contains("3 images but") && e.contains("has 2 labels"), e);
  }

  @Test
  void evaluateReportsMissingNetwork() {
    String e = fail(new EvaluateCommand(), "--network", dir.resolve("none.net.pb").toString(), "--dataset",
        "yinyang");
    assertTrue(e.contains("none.net.pb: network file not found"), e);
  }

  private static void writeIdx(Path p, int magic, int[] dims) throws Exception {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + n);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    Files.write(p, b.array());
  }
}
