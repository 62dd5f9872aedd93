package org.spikeforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.sweep.ResultRow;
import org.spikeforge.sweep.ResultsTable;
import org.spikeforge.sweep.SerialExecutor;
import org.spikeforge.sweep.SweepRun;
import org.spikeforge.sweep.SweepSpec;
import org.spikeforge.sweep.SweepSpecReader;
import org.spikeforge.sweep.Trial;
import org.spikeforge.sweep.TrialPlan;
import org.spikeforge.sweep.TrialResult;

/**
 * A sweep of 8 tiny Yin-Yang trials as Spark tasks in {@code local[2]} equals the same trials run one by one in a
 * plain loop, figure for figure (times aside); a rerun skips them all; a trial missing from the table runs again.
 * One Spark context for the whole class: the machine is small.
 */
class LocalSweepTest {
  @TempDir Path tmp;

  /** 2 seeds x 2 targets x 2 learning rates; each trial trains ~1 s. */
  static final String SPEC = """
      name: tiny
      base:
        train: {dataset: yinyang, model: lif, hidden: "8", epochs: 2, train-limit: 200, validation: 100, batch: 20}
        compile: {dt: 0.01, calibration-samples: 50}
        verify: {samples: 100}
      axes:
        grid: {train.seed: [1, 2], compile.target: [loihi2, xylo]}
        lists: {train.lr: [0.002, 0.005]}
      """;

  static SweepSpec spec(Path dir) throws IOException {
    Path f = dir.resolve("tiny.yaml");
    Files.writeString(f, SPEC);
    return SweepSpecReader.read(f);
  }

  /** The figures that depend on the options alone, trial id -> values. */
  static Map<String, List<Double>> figures(List<ResultRow> rows) {
    Map<String, List<Double>> m = new java.util.TreeMap<>();
    for (ResultRow r : rows) {
      assertTrue(r.result().ok(), r.id() + ": " + r.result().error());
      m.put(r.id(), TrialResult.DETERMINISTIC.stream().map(r.result()::figure).toList());
    }
    return m;
  }

  @Test
  void sparkLocalEqualsSerialTrialByTrialAndResumes() throws IOException {
    SweepSpec spec = spec(tmp);
    List<Trial> trials = TrialPlan.expand(spec, "tiny.yaml");
    assertEquals(8, trials.size());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    SweepRun.Outcome serial = SweepRun.run(spec, trials, tmp.resolve("serial"), new SerialExecutor(), quiet);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
    Path dir = tmp.resolve("spark");
    try (JavaSparkContext sc = SparkSessions.open("test", "local[2]", Map.of())) {
      SweepRun.Outcome spark = SweepRun.run(spec, trials, dir, new SparkTrialExecutor(sc), err);
      assertEquals(8, spark.ran());
      assertEquals(figures(serial.rows()), figures(spark.rows()));
      assertEquals(8, figures(spark.rows()).size());
      // the figures are real: an accuracy in (0, 1], a 4+1 -> 8 -> 3 net (11 neurons, 5*8 + 8*3 synapses)
      for (ResultRow r : spark.rows()) {
        assertTrue(r.result().figure("emulator_accuracy") > 0.2, r.toString());
        assertEquals(11, r.result().figure("neurons"));
        assertEquals(64, r.result().figure("synapses"));
        assertTrue(Files.isRegularFile(Path.of(r.result().artifacts().get("config"))));
        assertTrue(Files.isRegularFile(Path.of(r.result().artifacts().get("verify_report"))));
      }
      assertTrue(Files.isRegularFile(dir.resolve("plots/train.seed.png")));
      assertTrue(Files.isRegularFile(dir.resolve("plots/compile.target.png")));
      String progress = log.toString(StandardCharsets.UTF_8);
      assertTrue(progress.contains("sweep: 8/8 done, 0 running, 0 failed"), progress);
      assertTrue(progress.contains("ETA"), progress);

      // rerun: every trial is in the table, nothing runs
      SweepRun.Outcome again = SweepRun.run(spec, trials, dir, new SparkTrialExecutor(sc), quiet);
      assertEquals(0, again.ran());
      assertEquals(8, again.skipped());
      // a driver killed before trial 3 was recorded: the rerun runs exactly that one
      ResultsTable table = ResultsTable.read(dir.resolve(ResultsTable.FILE));
      ResultsTable partial = new ResultsTable();
      table.rows().stream().filter(r -> r.index() != 3).forEach(partial::put);
      partial.write(dir.resolve(ResultsTable.FILE));
      SweepRun.Outcome resumed = SweepRun.run(spec, trials, dir, new SparkTrialExecutor(sc), quiet);
      assertEquals(1, resumed.ran());
      assertEquals(figures(serial.rows()), figures(resumed.rows()));
    }
    List<String> lines = Files.readAllLines(dir.resolve(ResultsTable.FILE));
    assertEquals(1 + 8, lines.size());
    // the Parquet twin, rewritten with the table: the same 8 rows and the CSV's columns
    try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
        new org.apache.parquet.io.LocalInputFile(dir.resolve(ResultsTable.PARQUET_FILE)))) {
      assertEquals(8, r.getRecordCount());
      assertEquals(List.of(lines.get(0).split(",")), r.getFooter().getFileMetaData().getSchema().getFields().stream()
          .map(org.apache.parquet.schema.Type::getName).toList());
    }
  }

  @Test
  void aFailingTrialIsRecordedWithItsOneLineErrorAndTheSweepGoesOn() throws IOException {
    Path f = tmp.resolve("fail.yaml");
    Files.writeString(f, """
        name: fail
        base:
          train: {dataset: yinyang, model: lif, hidden: "8", epochs: 1, train-limit: 100, validation: 50}
          compile: {dt: 0.01, calibration-samples: 20}
          verify: {samples: 20}
        axes:
          grid: {compile.target: [theta, loihi2]}
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkCli.run(new PrintWriter(out), new PrintWriter(err), "sweep", f.toString(), "--serial", "--out",
        tmp.resolve("f").toString());
    assertEquals(1, code, err.toString());
    ResultsTable t = ResultsTable.read(tmp.resolve("f").resolve(ResultsTable.FILE));
    assertEquals(2, t.rows().size());
    ResultRow bad = t.rows().get(0);
    assertFalse(bad.result().ok());
    assertTrue(bad.result().error().startsWith("compile: theta refuses the network"), bad.result().error());
    assertEquals(1, bad.result().error().lines().count());
    assertTrue(t.rows().get(1).result().ok());
    assertTrue(out.toString().contains("1 failed"), out.toString());
    assertTrue(out.toString().contains("best trial " + t.rows().get(1).id()), out.toString());
  }
}
