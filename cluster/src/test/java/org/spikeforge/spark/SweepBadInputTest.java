package org.spikeforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code spikeforge sweep}: one line on stderr, exit code 2, before any trial or Spark context. */
class SweepBadInputTest {
  @TempDir Path tmp;

  private String[] run(String spec, String... extra) throws IOException {
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, spec);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[3 + extra.length];
    args[0] = "sweep";
    args[1] = f.toString();
    args[2] = "--out=" + tmp.resolve("o");
    System.arraycopy(extra, 0, args, 3, extra.length);
    int code = SparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  private static void assertOneLine(String[] r, String start) {
    assertEquals("2", r[0], r[1]);
    assertEquals(1, r[1].lines().count(), r[1]);
    assertTrue(r[1].startsWith(start), r[1]);
  }

  private static final String OK = """
      base: {train: {epochs: 1}}
      axes: {grid: {train.seed: [1, 2]}}
      """;

  @Test
  void unknownOption() throws IOException {
    assertOneLine(run("base: {train: {epochs: 1, lerning-rate: 3}}\n"),
        "spikeforge sweep: " + tmp.resolve("s.yaml") + ": base.train.lerning-rate: unknown option 'lerning-rate'"
            + " of stage train (known: ");
  }

  @Test
  void emptyAxis() throws IOException {
    assertOneLine(run("base: {train: {epochs: 1}}\naxes: {grid: {train.seed: []}}\n"),
        "spikeforge sweep: " + tmp.resolve("s.yaml") + ": axes.grid.train.seed: no values");
  }

  @Test
  void unreachableAndUnknownMaster() throws IOException {
    assertOneLine(run(OK, "--master", "spark://127.0.0.1:1"),
        "spikeforge sweep: --master spark://127.0.0.1:1: unreachable (");
    assertOneLine(run(OK, "--master", "mesos://x:5050"), "spikeforge sweep: --master mesos://x:5050: not a Spark master");
    assertTrue(Files.notExists(tmp.resolve("o").resolve("results.csv")));
  }

  @Test
  void missingFileAndUnknownCommandLineOption() throws IOException {
    StringWriter err = new StringWriter();
    int code = SparkCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "sweep",
        tmp.resolve("none.yaml").toString());
    assertEquals(2, code);
    assertEquals("spikeforge sweep: " + tmp.resolve("none.yaml") + ": sweep file not found", err.toString().strip());
    assertOneLine(run(OK, "--mastr", "local"), "spikeforge sweep: Unknown options: '--mastr'");
  }
}
