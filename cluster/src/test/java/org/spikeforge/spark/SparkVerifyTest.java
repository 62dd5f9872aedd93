package org.spikeforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.cli.SpikeForgeCli;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Network;
import org.spikeforge.verify.EncodedData;
import org.spikeforge.verify.SampleResult;
import org.spikeforge.verify.Verifier;
import org.spikeforge.verify.VerifyReport;

/**
 * {@code verify --spark local[2]} of a tiny trained and loihi2-compiled Yin-Yang LIF net writes the same verify.json
 * and console lines as the single-JVM {@code verify}; the range seam merges to the same report sample by sample;
 * bad input is one line and exit code 2.
 */
class SparkVerifyTest {
  @TempDir static Path dir;
  static Path net;
  static Path cfg;

  record Run(int code, String out, String err) {}

  static Run core(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int c = SpikeForgeCli.run(new PrintWriter(o), new PrintWriter(e), args);
    return new Run(c, o.toString(), e.toString());
  }

  static Run spark(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int c = SparkCli.run(new PrintWriter(o), new PrintWriter(e), args);
    return new Run(c, o.toString(), e.toString());
  }

  @BeforeAll
  static void setUp() {
    Path[] files = trainAndCompile(dir);
    net = files[0];
    cfg = files[1];
  }

  /** Trains a tiny LIF Yin-Yang net into {@code dir} and compiles it for loihi2: {network, config}. */
  static Path[] trainAndCompile(Path dir) {
    Run r = core("train", "--dataset", "yinyang", "--model", "lif", "--hidden", "8", "--epochs", "1",
        "--train-limit", "100", "--threads", "1", "--progress", "false", "--out", dir.resolve("T").toString());
    assertEquals(0, r.code(), r.err());
    Path net = dir.resolve("T/model.net.pb");
    Path cfg = dir.resolve("lif.hwcfg.pb");
    r = core("compile", "--network", net.toString(), "--target", "loihi2", "--dt", "0.01", "--out", cfg.toString());
    assertEquals(0, r.code(), r.err());
    return new Path[] {net, cfg};
  }

  @Test
  void sparkVerifyWritesTheSingleJvmReport() throws Exception {
    Path one = dir.resolve("one");
    Path many = dir.resolve("many");
    Run a = core("verify", "--network", net.toString(), "--config", cfg.toString(), "--dataset", "yinyang",
        "--samples", "203", "--threads", "2", "--worst", "7", "--out", one.toString());
    assertEquals(0, a.code(), a.err());
    // 3 uneven ranges (67, 68, 68 samples) on 2 executor threads: the merge must put them back in sample order
    Run b = spark("verify", "--spark", "local[2]", "--partitions", "3", "--network", net.toString(), "--config",
        cfg.toString(), "--dataset", "yinyang", "--samples", "203", "--threads", "2", "--worst", "7", "--out",
        many.toString());
    assertEquals(0, b.code(), b.err());
    assertEquals(Files.readString(one.resolve("verify.json")).replace(one.toString(), "DIR"),
        Files.readString(many.resolve("verify.json")).replace(many.toString(), "DIR"));
    ObjectMapper om = new ObjectMapper();
    JsonNode ja = om.readTree(one.resolve("verify.json").toFile());
    JsonNode jb = om.readTree(many.resolve("verify.json").toFile());
    assertEquals(203, jb.get("samples").asInt());
    assertEquals(7, jb.get("worst_samples").size());
    ja.fieldNames().forEachRemaining(k -> assertEquals(ja.get(k), jb.get(k), k));
    assertEquals(ja.size(), jb.size());
    assertEquals(a.out().replace(one.toString(), "DIR"), b.out().replace(many.toString(), "DIR"));
    assertTrue(b.out().startsWith("verify "), b.out());
    assertTrue(Files.size(many.resolve("spike_time_error.png")) > 0);
  }

  @Test
  void rangesMergeToTheSameReportSampleBySample() {
    Network n = ProtoFiles.readNetwork(net);
    Verifier v = new Verifier(n, ProtoFiles.readHardwareConfig(cfg));
    SpikeDataset test = EncodedData.test(n, "yinyang");
    VerifyReport whole = v.run(test, 50, 2, 5);
    List<SampleResult> merged = new ArrayList<>();
    for (int[] r : new int[][] {{0, 17}, {17, 18}, {18, 50}}) {
      merged.addAll(List.of(v.runRange(test, r[0], r[1])));
    }
    VerifyReport joined = v.report(test.name(), merged, 5);
    assertEquals(whole.samples().size(), joined.samples().size());
    for (int i = 0; i < 50; i++) {
      SampleResult x = whole.samples().get(i);
      SampleResult y = joined.samples().get(i);
      assertEquals(i, y.index());
      assertEquals(x.emulatorPrediction(), y.emulatorPrediction());
      assertEquals(x.floatPrediction(), y.floatPrediction());
      assertArrayEquals(x.floatOutputTimes(), y.floatOutputTimes());
      assertArrayEquals(x.emulatorOutputTimes(), y.emulatorOutputTimes());
      assertArrayEquals(x.timeDiffs(), y.timeDiffs());
    }
    assertEquals(whole.toJson(null), joined.toJson(null));
    List<SampleResult> swapped = new ArrayList<>(merged);
    java.util.Collections.swap(swapped, 3, 4);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> v.report(test.name(), swapped, 5));
    assertEquals("result 3 is sample 4; results must be in sample order from 0", e.getMessage());
  }

  static String oneLine(Run r) {
    assertEquals(2, r.code(), r.out() + r.err());
    String[] lines = r.err().strip().split("\\R");
    assertEquals(1, lines.length, r.err());
    return lines[0];
  }

  @Test
  void badMasterOrMissingFileIsOneLineAndExitTwo() {
    String e = oneLine(spark("verify", "--spark", "nope", "--network", net.toString(), "--config", cfg.toString(),
        "--dataset", "yinyang", "--samples", "10", "--out", dir.resolve("bad1").toString()));
    assertTrue(e.startsWith("spikeforge verify: --spark nope: not a Spark master (use local[N]"), e);
    assertTrue(Files.notExists(dir.resolve("bad1")), "nothing written");
    e = oneLine(spark("verify", "--spark", "spark://127.0.0.1:1", "--network", net.toString(), "--config",
        cfg.toString(), "--dataset", "yinyang", "--samples", "10", "--out", dir.resolve("bad2").toString()));
    assertTrue(e.startsWith("spikeforge verify: --spark spark://127.0.0.1:1: unreachable ("), e);
    Path missing = dir.resolve("missing.net.pb");
    e = oneLine(spark("verify", "--spark", "local[2]", "--network", missing.toString(), "--config", cfg.toString(),
        "--dataset", "yinyang", "--out", dir.resolve("bad3").toString()));
    assertTrue(e.startsWith("spikeforge verify: ") && e.contains(missing.toString()), e);
  }
}
