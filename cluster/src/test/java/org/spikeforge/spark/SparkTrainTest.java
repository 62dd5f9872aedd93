package org.spikeforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.Network;
import org.spikeforge.spark.SparkVerifyTest.Run;
import org.spikeforge.train.Checkpoint;
import org.spikeforge.train.TrainingRun;

/**
 * {@code train --spark local[2] --shards 2} gives bit for bit the weights of the single-JVM {@code train --shards 2}
 * (saved network, checkpoint parameters and optimizer moments, per-epoch losses); a Spark run stopped after 2 epochs
 * and resumed reaches the same weights; bad input is one line and exit code 2.
 */
class SparkTrainTest {
  @TempDir static Path dir;

  static List<String> args(String out, int epochs, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--dataset", "yinyang", "--hidden", "12", "--epochs",
        String.valueOf(epochs), "--train-limit", "240", "--batch", "30", "--shards", "2", "--threads", "1",
        "--seed", "3", "--progress", "false", "--out", dir.resolve(out).toString()));
    a.addAll(List.of(more));
    return a;
  }

  /** The saved network without its provenance (which holds the creation time). */
  static byte[] weights(String out) {
    Network n = TrainingRun.readNetwork(dir.resolve(out).resolve("model.net.pb"));
    return n.toBuilder().clearProvenance().build().toByteArray();
  }

  static void assertSameRun(String a, String b) throws Exception {
    assertArrayEquals(weights(a), weights(b), a + " vs " + b + ": saved networks");
    var ca = Checkpoint.load(dir.resolve(a));
    var cb = Checkpoint.load(dir.resolve(b));
    assertEquals(ca.epochsDone(), cb.epochsDone());
    assertEquals(ca.params().length, cb.params().length);
    for (int i = 0; i < ca.params().length; i++) {
      assertEquals(Double.doubleToRawLongBits(ca.params()[i]), Double.doubleToRawLongBits(cb.params()[i]),
          "parameter " + i);
    }
    for (int m = 0; m < ca.optimizer().moments().length; m++) {
      assertArrayEquals(ca.optimizer().moments()[m], cb.optimizer().moments()[m], 0.0, "moment " + m);
    }
    assertEquals(ca.optimizer().steps(), cb.optimizer().steps());
    for (int e = 0; e < ca.history().size(); e++) {
      assertEquals(ca.history().get(e).trainLoss(), cb.history().get(e).trainLoss(), 0.0, "epoch " + e);
      assertEquals(ca.history().get(e).validationAccuracy(), cb.history().get(e).validationAccuracy(), 0.0);
    }
  }

  @Test
  void sparkShardsGiveTheSingleJvmWeightsBitForBitAndResume() throws Exception {
    Run single = SparkVerifyTest.core(args("single", 3).toArray(String[]::new));
    assertEquals(0, single.code(), single.err());
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    Run spark;
    System.setOut(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      spark = SparkVerifyTest.spark(args("spark", 3, "--spark", "local[2]").toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, spark.code(), spark.err());
    String lines = log.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(lines.contains("2 shards per batch on 2 tasks, one job per batch"), lines);
    assertTrue(spark.out().contains("test accuracy"), spark.out());
    assertSameRun("single", "spark");
    // the weights moved from their initial values (8 steps per epoch)
    Run init = SparkVerifyTest.core(args("init", 1, "--lr", "1e-12").toArray(String[]::new));
    assertEquals(0, init.code(), init.err());
    assertFalse(java.util.Arrays.equals(weights("single"), weights("init")));

    // 1 epoch on Spark in barrier mode (only 1: Spark's all-gather polls once a second), then --resume in job
    // mode to 3: the uninterrupted run's weights
    Run part = SparkVerifyTest.spark(args("part", 1, "--spark", "local[2]", "--exchange", "barrier")
        .toArray(String[]::new));
    assertEquals(0, part.code(), part.err());
    assertEquals(1, Checkpoint.load(dir.resolve("part")).epochsDone());
    Run resumed = SparkVerifyTest.spark("train", "--spark", "local[2]", "--resume", dir.resolve("part").toString(),
        "--epochs", "3");
    assertEquals(0, resumed.code(), resumed.err());
    assertSameRun("single", "part");
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    Run unreachable = SparkVerifyTest.spark(args("bad1", 1, "--spark", "spark://127.0.0.1:1").toArray(String[]::new));
    assertEquals(2, unreachable.code(), unreachable.err());
    assertTrue(unreachable.err().contains("--spark spark://127.0.0.1:1: unreachable"), unreachable.err());
    assertEquals(1, unreachable.err().strip().lines().count(), unreachable.err());

    List<String> zero = args("bad2", 1, "--spark", "local[2]");
    zero.set(zero.indexOf("--shards") + 1, "0");
    Run shards = SparkVerifyTest.spark(zero.toArray(String[]::new));
    assertEquals(2, shards.code(), shards.err());
    assertTrue(shards.err().contains("shards 0 must be >= 1"), shards.err());
    assertEquals(1, shards.err().strip().lines().count(), shards.err());

    List<String> many = args("bad3", 1);
    many.set(many.indexOf("--shards") + 1, "31");
    Run core = SparkVerifyTest.core(many.toArray(String[]::new));
    assertEquals(2, core.code(), core.err());
    assertTrue(core.err().contains("shards 31 must be <= batch 30"), core.err());

    Run notMaster = SparkVerifyTest.spark(args("bad4", 1, "--spark", "mesos://x").toArray(String[]::new));
    assertEquals(2, notMaster.code(), notMaster.err());
    assertTrue(notMaster.err().contains("not a Spark master"), notMaster.err());
    assertFalse(Files.exists(dir.resolve("bad4/model.net.pb")));
  }
}
