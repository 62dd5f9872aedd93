package org.spikeforge.fuzz;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spikeforge.hil.HilCheckpoint;
import org.spikeforge.hil.HilEpoch;
import org.spikeforge.hil.HilState;
import org.spikeforge.hw.export.DemoLoihi2Config;
import org.spikeforge.hw.export.LavaGraphExporter;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.hw.export.NetxExporter;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.Checkpoint;
import org.spikeforge.train.EpochMetrics;
import org.spikeforge.train.TrainingState;

/**
 * Writes the valid seed inputs of the fuzz tests (run once by hand; the files are committed):
 * {@code java -cp TEST_CLASSPATH org.spikeforge.fuzz.SeedCorpusWriter toolchain/src/test/resources/org/spikeforge/fuzz}.
 * Each seed is small and valid, so the fuzzer starts from files that reach deep into each reader.
 * The NIR seeds are copies of hw-backends' test files (nir_write_*.nir), not written here.
 */
public final class SeedCorpusWriter {
  private SeedCorpusWriter() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path examples = Path.of(args.length > 1 ? args[1] : "examples");
    Network net = ProtoFiles.readNetwork(examples.resolve("theta-small.net.json"));
    InputSpikes spikes = ProtoFiles.readInputSpikes(examples.resolve("theta-small.spikes.json"), -1);
    Trace trace = ProtoFiles.readTrace(examples.resolve("theta-small.trace.json"));
    SpikeDataset dataset = SpikeDataset.newBuilder().setName("seed").addSamples(spikes).addSamples(spikes).build();
    HardwareConfig cfg = DemoLoihi2Config.build(7, 3, 4, 2, 20);
    Path proto = root.resolve("ProtoReadersFuzzTestInputs");
    both(proto, "network", net);
    both(proto, "inputSpikes", spikes);
    both(proto, "dataset", dataset);
    both(proto, "trace", trace);
    both(proto, "hardwareConfig", cfg);
    both(proto, "hardwareConfig", "saturating", DemoLoihi2Config.saturating(cfg));

    Path exchange = root.resolve("ExchangeReadersFuzzTestInputs");
    var graph = new LavaGraphExporter("seed").export(cfg, Map.of());
    Files.createDirectories(exchange.resolve("lavaBinary"));
    Files.write(exchange.resolve("lavaBinary/seed"), LavaGraphFiles.deterministicBytes(graph));
    Files.createDirectories(exchange.resolve("lavaJson"));
    Path json = Files.createTempFile("seed", ".lava.json");
    LavaGraphFiles.write(graph, json);
    Files.move(json, exchange.resolve("lavaJson/seed"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(exchange.resolve("netx"));
    Path netx = Files.createTempFile("seed", ".net");
    NetxExporter.write(DemoLoihi2Config.build(7, 2, 2, 1, 10), netx);
    Files.move(netx, exchange.resolve("netx/seed"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    netxEdgeCase(exchange.resolve("netx/bias-beyond-int32"), new long[] {1L << 40}, new int[][] {{1}});

    Path data = root.resolve("DataReadersFuzzTestInputs");
    Files.createDirectories(data.resolve("idx"));
    Files.write(data.resolve("idx/seed"), idxPair());
    Files.createDirectories(data.resolve("idxGzip"));
    Files.write(data.resolve("idxGzip/seed"), idxPair());
    Path dir = Files.createTempDirectory("seed");
    EpochMetrics m = new EpochMetrics(1, 1e-3, 0.5, 0.7, 0.6, 0.8, 0.3, 0.4, 1.0, 100, 0.65, 0.78);
    Checkpoint.save(dir, new TrainingState(1, new double[] {0.5, -1.5, 2},
        new TrainingState.OptimizerSnapshot("adam", 8, new double[][] {{0.1, 0.2, 0.3}, {1, 2, 3}}),
        new TrainingState.Selection(0.8, 1, new double[] {0.5, -1.5, 2}, 0, false),
        new TrainingState.Totals(0.25, 4.0, 200), List.of(m), TrainingState.Average.NONE));
    Files.createDirectories(data.resolve("trainingCheckpoint"));
    byte[] saved = Files.readAllBytes(Checkpoint.file(dir));
    // the fuzz test appends the CRC-32 trailer itself
    Files.write(data.resolve("trainingCheckpoint/seed"), java.util.Arrays.copyOf(saved, saved.length - 8));
    Files.delete(Checkpoint.file(dir));
    HilCheckpoint.save(dir, new HilState(1, new double[] {0.5, -1}, 3, new double[] {0.1, 0.2},
        new double[] {0.01, 0.02}, List.of(new HilEpoch(1, 0.9, 0.8, 0.85, 0.3, 12, 1000, 1.5)), 1,
        new double[] {0.5, -1}, 0.9, null, 0));
    Files.createDirectories(data.resolve("hilCheckpoint"));
    Files.move(HilCheckpoint.file(dir), data.resolve("hilCheckpoint/seed"));
    Files.createDirectories(data.resolve("trainConfig"));
    Files.writeString(data.resolve("trainConfig/seed"),
        "{\"dataset\": \"yinyang\", \"model\": \"lif\", \"hidden\": \"30\", \"epochs\": 2, \"lr\": 0.005}\n");
    Files.delete(dir);
  }

  /** A one-neuron netx file with the given bias and weight datasets (for the reader's edge cases). */
  private static void netxEdgeCase(Path out, long[] bias, int[][] weight) throws IOException {
    Path tmp = Files.createTempFile("seed", ".net");
    try (WritableHdfFile f = HdfFile.write(tmp)) {
      WritableGroup root = f.putGroup("layer");
      WritableGroup in = root.putGroup("0");
      in.putDataset("type", "input");
      in.putDataset("shape", new int[] {1});
      WritableGroup g = root.putGroup("1");
      g.putDataset("type", "dense");
      g.putDataset("shape", new int[] {1});
      g.putDataset("weight", weight);
      g.putDataset("bias", bias);
      WritableGroup n = g.putGroup("neuron");
      n.putDataset("type", "CUBA");
      n.putDataset("iDecay", 4096);
      n.putDataset("vDecay", 0);
      n.putDataset("vThMant", 10);
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** A 2-sample, 2x3-pixel IDX pair in the idx fuzz tests' layout: label length, labels, images. */
  static byte[] idxPair() {
    byte[] labels = {0, 0, 8, 1, 0, 0, 0, 2, 3, 9};
    byte[] images = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 255};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(labels.length);
    out.writeBytes(labels);
    out.writeBytes(images);
    return out.toByteArray();
  }

  private static void both(Path root, String method, com.google.protobuf.Message m) throws IOException {
    both(root, method, "seed", m);
  }

  private static void both(Path root, String method, String name, com.google.protobuf.Message m)
      throws IOException {
    for (Encoding e : Encoding.values()) {
      Path d = root.resolve(method + (e == Encoding.BINARY ? "Binary" : "Json"));
      Files.createDirectories(d);
      Files.write(d.resolve(name), ProtoFiles.encode(m, e));
    }
  }
}
