package org.spikeforge.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.spikeforge.cli.VerifyCommand;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.sweep.SweepSpecException;
import org.spikeforge.verify.EncodedData;
import org.spikeforge.verify.SampleResult;
import org.spikeforge.verify.Verifier;
import org.spikeforge.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikeforge verify --spark MASTER ...}: the core {@code verify} (same options, checks, files and console
 * lines) with the test set cut into one contiguous range of sample indices per Spark partition. Each task rebuilds
 * the network, config, {@link Verifier} and test set from the bytes and the {@code --dataset} value it is sent (so a
 * file dataset must be readable at the same path on every executor) and verifies its range with
 * {@link Verifier#runRange}; the driver joins the ranges in sample order and builds the report with
 * {@link Verifier#report}, which is the report a single JVM builds.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Compare a compiled config in the emulator with the float network on a test set, the samples"
        + " spread over Spark executors.")
public final class SparkVerifyCommand extends VerifyCommand {
  @Option(names = "--spark", paramLabel = "MASTER", required = true,
      description = "Spark master: local[N], local[*], spark://HOST:PORT, yarn or k8s://URL.")
  String master;

  @Option(names = "--partitions", defaultValue = "0",
      description = "sample ranges (Spark tasks); 0: the context's default parallelism")
  int partitions;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable).")
  Map<String, String> confs = new LinkedHashMap<>();

  @Override
  protected VerifyReport compare(Network net, HardwareConfig cfg, Verifier v, SpikeDataset test, int n, int threads,
      int worst, IntConsumer progress) {
    if (partitions < 0) {
      throw new IllegalArgumentException("--partitions " + partitions + " must be >= 0 (0: Spark's default)");
    }
    try (JavaSparkContext sc = SparkSessions.open("spikeforge verify " + net.getName(), master, confs)) {
      int parts = Math.max(1, Math.min(n, partitions > 0 ? partitions : sc.defaultParallelism()));
      List<int[]> ranges = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        ranges.add(new int[] {(int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)});
      }
      RangeTask task = new RangeTask(net.toByteArray(), cfg.toByteArray(), datasetOption());
      List<SampleResult[]> pieces = sc.parallelize(ranges, parts).map(task).collect();
      List<SampleResult> all = new ArrayList<>(n);
      for (SampleResult[] piece : pieces) {
        all.addAll(List.of(piece));
      }
      progress.accept(all.size());
      return v.report(test.name(), all, worst);
    } catch (SweepSpecException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^--master ", "--spark "), e);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // Spark rethrows a failed task as an undeclared SparkException
      throw new IllegalArgumentException("--spark " + master + ": " + (e instanceof SparkException ? "" : e + ": ")
          + e.getMessage(), e);
    }
  }

  /** One Spark task: verifies samples [from, to) with the same code as the single-JVM run. */
  record RangeTask(byte[] network, byte[] config, String dataset) implements Function<int[], SampleResult[]> {
    @Override
    public SampleResult[] call(int[] range) throws Exception {
      Network net = Network.parseFrom(network);
      Verifier v = new Verifier(net, HardwareConfig.parseFrom(config));
      return v.runRange(EncodedData.test(net, dataset), range[0], range[1]);
    }
  }
}
