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

  /** A Spark run with {@code args}, its stderr (where the progress lines go) captured. */
  static String sparkStderr(List<String> args) {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    Run run;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      run = SparkVerifyTest.spark(args.toArray(String[]::new));
    } finally {
      System.setErr(stderr);
    }
    assertEquals(0, run.code(), run.err());
    return err.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void progressFollowsTheBatchesOnStderrUnlessProgressFalse() {
    // 240 samples in batches of 30: 8 batches, one line per tenth of the epoch in a log, so one per batch here
    List<String> on = args("progress", 2, "--spark", "local[2]", "--lr", "1e-12");
    on.set(on.indexOf("--progress") + 1, "true");
    String err = sparkStderr(on);
    for (int e = 1; e <= 2; e++) {
      for (int b = 1; b <= 8; b++) {
        String head = "spark epoch " + e + "/2: batch " + b + "/8 (" + b * 30 * 100 / 240 + "%), loss ";
        assertEquals(1, err.lines().filter(l -> l.startsWith(head)).count(), head + " in\n" + err);
      }
    }
    java.util.regex.Pattern line = java.util.regex.Pattern.compile("spark epoch 1/2: batch 4/8 \\(50%\\), loss"
        + " [0-9.]+, acc [0-9.]+%, [0-9]+ samples/s, ETA epoch [0-9]+:[0-9]{2}, run [0-9]+:[0-9]{2}");
    assertTrue(err.lines().anyMatch(l -> line.matcher(l).matches()), err);
    assertTrue(err.contains("spark epoch 2/2: batch 8/8 (100%)") && err.contains("ETA epoch 0:00, run 0:00"), err);

    String off = sparkStderr(args("quiet", 1, "--spark", "local[2]", "--lr", "1e-12"));
    assertFalse(off.contains("spark epoch 1/1: batch"), off);
  }

  @Test
  void etaCountsTheSamplesLeftInTheEpochAndTheRun() {
    org.spikeforge.train.BatchStats s = new org.spikeforge.train.BatchStats(30.0, 15, 15, 60, 0, 0, 0);
    // 60 of 240 samples in 6 s: 0.1 s per sample, 18 s left in epoch 2 of 3, plus 24 s for epoch 3
    assertEquals("spark epoch 2/3: batch 2/8 (25%), loss 0.5000, acc 25.00%, 10 samples/s, ETA epoch 0:18, run 0:42",
        SparkTrainProgress.line(2, 3, 60, 240, 30, s, 6.0));
    // a last short batch: 250 samples in batches of 30 are 9 batches
    assertTrue(SparkTrainProgress.line(1, 1, 250, 250, 30, s, 6.0).startsWith("spark epoch 1/1: batch 9/9 (100%)"));
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
