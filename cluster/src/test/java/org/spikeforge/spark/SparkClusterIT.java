package org.spikeforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikeforge.sweep.ResultRow;
import org.spikeforge.sweep.ResultsTable;
import org.spikeforge.sweep.SerialExecutor;
import org.spikeforge.sweep.SweepRun;
import org.spikeforge.sweep.SweepSpec;
import org.spikeforge.sweep.SweepSpecReader;
import org.spikeforge.sweep.TrialPlan;

/**
 * A real Spark standalone cluster on loopback: a Master and two Workers, each its own JVM started from the build's
 * jars ({@code target/spark-jars} as SPARK_HOME/jars), and the sweep's driver as a separate JVM running the shaded
 * jar, as {@code ./spikeforge sweep --master spark://...} does. One Worker is killed with {@code kill -9} in the
 * middle of the sweep: the sweep completes with every trial exactly once, equal to a serial run. Then a driver is
 * killed with {@code kill -9} mid-sweep, and the rerun skips every trial the table had recorded.
 * Also a data-parallel {@code train --spark} on the cluster, bit for bit the single-JVM run.
 * Runs in the {@code spark-cluster} profile (after package, since the executors load the shaded jar).
 */
class SparkClusterIT {
  static Path home;
  static Path jars;
  static Path jar;
  static Path java;
  static int masterPort;
  static int masterUi;
  static final List<Process> daemons = new ArrayList<>();
  static Process worker1;

  @BeforeAll
  static void startCluster() throws Exception {
    String jarsProp = System.getProperty("spikeforge.spark.jars");
    String jarProp = System.getProperty("spikeforge.spark.jar");
    assertNotNull(jarsProp, "run in the spark-cluster profile (sets spikeforge.spark.jars)");
    jars = Path.of(jarsProp);
    jar = Path.of(jarProp);
    assertTrue(Files.isRegularFile(jar), jar + " missing: run after package");
    java = Path.of(System.getProperty("java.home"), "bin", "java");
    home = Files.createTempDirectory("spark-home");
    Files.createSymbolicLink(home.resolve("jars"), jars.toAbsolutePath());
    Files.createFile(home.resolve("RELEASE"));
    masterPort = freePort();
    masterUi = freePort();
    daemons.add(daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(masterPort), "--webui-port", Integer.toString(masterUi)));
    waitFor(() -> aliveWorkers() >= 0, "master up");
    for (int w = 1; w <= 2; w++) {
      Process p = daemon("worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
          "--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir",
          home.resolve("work" + w).toString(), master());
      daemons.add(p);
      if (w == 1) {
        worker1 = p;
      }
    }
    waitFor(() -> aliveWorkers() == 2, "2 workers registered");
  }

  @AfterAll
  static void stopCluster() {
    for (Process p : daemons) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  static String master() {
    return "spark://127.0.0.1:" + masterPort;
  }

  static Process daemon(String name, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx512m"));
    cmd.addAll(List.of(SparkSessions.OPENS.split(" ")));
    cmd.addAll(List.of("-cp", jars.toAbsolutePath() + "/*", main));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(home.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    return pb.start();
  }

  /** The sweep's driver as its own JVM, as the launcher runs it. */
  static Process driver(Path spec, Path out, String log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx768m", "-Xss8m", "-Djava.awt.headless=true"));
    cmd.addAll(List.of(SparkSessions.OPENS.split(" ")));
    cmd.addAll(List.of("-cp", jar.toAbsolutePath() + ":" + jars.toAbsolutePath() + "/*",
        "org.spikeforge.spark.SparkCli", "sweep", spec.toString(), "--master", master(), "--out", out.toString(),
        "--conf", "spark.executor.memory=512m"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve(log).toFile()).start();
  }

  static int aliveWorkers() {
    try {
      String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi
          + "/json/")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -2;
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check check, String what) throws Exception {
    long end = System.nanoTime() + 120_000_000_000L;
    while (!check.ok()) {
      for (Process p : daemons) {
        if (!p.isAlive() && p != worker1) {
          throw new AssertionError("a cluster JVM died while waiting for " + what + "; see the logs in " + home);
        }
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static int rows(Path dir) {
    try {
      return ResultsTable.read(dir.resolve(ResultsTable.FILE)).rows().size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  static String log(String name) throws IOException {
    return Files.readString(home.resolve(name));
  }

  static void kill9(long pid) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor());
  }

  @Test
  void sweepSurvivesAKilledWorkerAndResumesAfterAKilledDriver() throws Exception {
    Path spec = home.resolve("tiny.yaml");
    Files.writeString(spec, LocalSweepTest.SPEC);
    Path dir = home.resolve("cluster");
    Process d1 = driver(spec, dir, "driver1.log");
    waitFor(() -> rows(dir) >= 2 || !d1.isAlive(), "2 trials done");
    assertTrue(d1.isAlive(), log("driver1.log"));
    List<ProcessHandle> orphans = worker1.descendants().toList();
    kill9(worker1.pid());
    assertEquals(0, d1.waitFor(), log("driver1.log"));
    orphans.forEach(ProcessHandle::destroyForcibly);
    ResultsTable table = ResultsTable.read(dir.resolve(ResultsTable.FILE));
    List<String> lines = Files.readAllLines(dir.resolve(ResultsTable.FILE));
    assertEquals(1 + 8, lines.size(), "8 rows, no duplicates");
    Set<String> ids = new HashSet<>();
    table.rows().forEach(r -> ids.add(r.id()));
    assertEquals(8, ids.size());
    assertTrue(aliveWorkers() == 1, "the killed worker is gone");

    // trial by trial equal to a serial run in this JVM
    SweepSpec s = SweepSpecReader.read(spec);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    SweepRun.Outcome serial = SweepRun.run(s, TrialPlan.expand(s, "tiny.yaml"), home.resolve("serial"),
        new SerialExecutor(), quiet);
    assertEquals(LocalSweepTest.figures(serial.rows()), LocalSweepTest.figures(table.rows()));

    // kill -9 the driver mid-sweep (another spec: new trial ids); the rerun skips every trial recorded
    Path spec2 = home.resolve("tiny2.yaml");
    Files.writeString(spec2, LocalSweepTest.SPEC.replace("epochs: 2", "epochs: 3"));
    Path dir2 = home.resolve("cluster2");
    Process d2 = driver(spec2, dir2, "driver2.log");
    waitFor(() -> rows(dir2) >= 2 || !d2.isAlive(), "2 trials of the second sweep");
    kill9(d2.pid());
    d2.waitFor();
    int recorded = rows(dir2);
    assertTrue(recorded >= 2 && recorded < 8, recorded + " rows at the kill");
    Process d3 = driver(spec2, dir2, "driver3.log");
    assertEquals(0, d3.waitFor(), log("driver3.log"));
    String out3 = log("driver3.log");
    assertTrue(out3.contains("8 trials, " + recorded + " already done"), out3);
    assertTrue(out3.contains("(" + (8 - recorded) + " run now, " + recorded + " skipped as done), 0 failed"), out3);
    assertEquals(1 + 8, Files.readAllLines(dir2.resolve(ResultsTable.FILE)).size());
    for (ResultRow r : ResultsTable.read(dir2.resolve(ResultsTable.FILE)).rows()) {
      assertTrue(r.result().ok(), r.result().error());
    }
  }

  /** verify --spark against the standalone cluster, the driver its own JVM: verify.json equals the single-JVM one. */
  @Test
  void verifyOnTheClusterEqualsTheSingleJvmReport() throws Exception {
    Path[] files = SparkVerifyTest.trainAndCompile(Files.createDirectories(home.resolve("verify")));
    Path one = home.resolve("verify/one");
    Path many = home.resolve("verify/many");
    SparkVerifyTest.Run a = SparkVerifyTest.core("verify", "--network", files[0].toString(), "--config",
        files[1].toString(), "--dataset", "yinyang", "--samples", "150", "--out", one.toString());
    assertEquals(0, a.code(), a.err());
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx768m", "-Xss8m", "-Djava.awt.headless=true"));
    cmd.addAll(List.of(SparkSessions.OPENS.split(" ")));
    cmd.addAll(List.of("-cp", jar.toAbsolutePath() + ":" + jars.toAbsolutePath() + "/*",
        "org.spikeforge.spark.SparkCli", "verify", "--spark", master(), "--partitions", "4", "--network",
        files[0].toString(), "--config", files[1].toString(), "--dataset", "yinyang",
        "--samples", "150", "--out", many.toString(), "--conf", "spark.executor.memory=512m"));
    Process d = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("verify.log").toFile())
        .start();
    assertEquals(0, d.waitFor(), log("verify.log"));
    assertEquals(Files.readString(one.resolve("verify.json")), Files.readString(many.resolve("verify.json")));
  }

  /** {@code train --spark spark://... --shards 2} on the cluster: bit for bit the single-JVM --shards 2 weights. */
  @Test
  void dataParallelTrainingOnTheClusterEqualsTheSingleJvmRun() throws Exception {
    Path dir = Files.createDirectories(home.resolve("train"));
    List<String> common = List.of("--dataset", "yinyang", "--hidden", "12", "--epochs", "2", "--train-limit", "240",
        "--batch", "30", "--shards", "2", "--threads", "1", "--seed", "3", "--progress", "false");
    List<String> single = new ArrayList<>(List.of("train"));
    single.addAll(common);
    single.addAll(List.of("--out", dir.resolve("single").toString()));
    SparkVerifyTest.Run a = SparkVerifyTest.core(single.toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx768m", "-Xss8m", "-Djava.awt.headless=true"));
    cmd.addAll(List.of(SparkSessions.OPENS.split(" ")));
    cmd.addAll(List.of("-cp", jar.toAbsolutePath() + ":" + jars.toAbsolutePath() + "/*",
        "org.spikeforge.spark.SparkCli", "train", "--spark", master(), "--tasks", "2"));
    cmd.addAll(common);
    cmd.addAll(List.of("--out", dir.resolve("cluster").toString(), "--conf", "spark.executor.memory=512m"));
    Process d = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("train.log").toFile())
        .start();
    assertEquals(0, d.waitFor(), log("train.log"));
    assertTrue(log("train.log").contains("2 shards per batch on 2 tasks"), log("train.log"));
    org.spikeforge.train.TrainingState x = org.spikeforge.train.Checkpoint.load(dir.resolve("single"));
    org.spikeforge.train.TrainingState y = org.spikeforge.train.Checkpoint.load(dir.resolve("cluster"));
    assertEquals(2, y.epochsDone());
    org.junit.jupiter.api.Assertions.assertArrayEquals(x.params(), y.params(), 0.0);
    for (int m = 0; m < x.optimizer().moments().length; m++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(x.optimizer().moments()[m], y.optimizer().moments()[m], 0.0);
    }
    org.spikeforge.proto.Network nx = org.spikeforge.train.TrainingRun.readNetwork(
        dir.resolve("single/model.net.pb")).toBuilder().clearProvenance().build();
    org.spikeforge.proto.Network ny = org.spikeforge.train.TrainingRun.readNetwork(
        dir.resolve("cluster/model.net.pb")).toBuilder().clearProvenance().build();
    org.junit.jupiter.api.Assertions.assertArrayEquals(nx.toByteArray(), ny.toByteArray());
  }
}
