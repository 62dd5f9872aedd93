package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikeforge.data.DatasetException;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.verify.EncodedData;
import org.spikeforge.verify.Verifier;
import org.spikeforge.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge verify}: runs the exact float network and the emulated config on the same test samples and
 * writes {@code DIR/verify.json} and {@code DIR/spike_time_error.png} (see {@link VerifyReport}). Not final: the
 * cluster module's {@code verify --spark} extends it, keeping these options and checks and replacing only
 * {@link #compare} (so the core jar carries no Spark).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Compare a compiled config in the emulator with the float network on a test set.")
public class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin NetworkFileOption networkFile;

  @Mixin ConfigFileOption configFile;

  @Option(names = "--dataset", required = true, description = "yinyang, fashion-mnist, idx:DIR or mnist-json:DIR (test split)")
  String dataset;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  Path out;

  @Option(names = "--overwrite", description = "replace the results --out already holds (without it such a"
      + " directory is refused)")
  boolean overwrite;

  @Option(names = "--samples", defaultValue = "0", description = "first N test samples; 0: all")
  int samples;

  @Option(names = "--threads", defaultValue = "0", description = "worker threads; 0: all cores")
  int threads;

  @Option(names = "--worst", defaultValue = "10", description = "samples listed as disagreeing most (default ${DEFAULT-VALUE})")
  int worst;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    Path network = networkFile.path();
    Path config = configFile.path();
    if (samples < 0) {
      throw new ParameterException(spec.commandLine(), "--samples " + samples + " must be >= 0 (0: all)");
    }
    if (threads < 0) {
      throw new ParameterException(spec.commandLine(), "--threads " + threads + " must be >= 0 (0: all cores)");
    }
    if (worst < 0) {
      throw new ParameterException(spec.commandLine(), "--worst " + worst + " must be >= 0");
    }
    OutputDirectory.claim(spec, "--out", out, overwrite, null, "verify.json", "spike_time_error.png");
    // conv and pool layers run in the layered engine's sparse layers; the emulator expands the config's kernels
    Network net = ProtoFiles.readNetwork(network);
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(config);
    try {
      Verifier v;
      try {
        v = new Verifier(net, cfg);
      } catch (ConfigException e) {
        return fail(err, config + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        return fail(err, network + " / " + config + ": " + e.getMessage());
      }
      SpikeDataset test = EncodedData.test(net, dataset);
      int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      int n = samples > 0 ? Math.min(samples, test.size()) : test.size();
      VerifyReport r;
      try (ProgressReporter progress = ProgressReporter.create("verify", n, err)) {
        r = compare(net, cfg, v, test, n, t, worst, progress);
      }
      r.write(out);
      o.print(r.summary());
      o.println("wrote " + out.resolve("verify.json") + " and " + out.resolve("spike_time_error.png"));
      o.flush();
      return ExitCodes.OK;
    } catch (DatasetException | org.spikeforge.train.ConfigException | IllegalArgumentException
        | UncheckedIOException e) {
      return fail(err, e.getMessage());
    }
  }

  /**
   * Compares the first {@code n} samples of {@code test} (here in this JVM on {@code threads} threads); a subclass
   * may spread them elsewhere but must return the same report. Bad input (including a bad master) is an
   * {@link IllegalArgumentException}, printed as one line with exit code 2.
   */
  protected VerifyReport compare(Network net, HardwareConfig cfg, Verifier v, SpikeDataset test, int n, int threads,
      int worst, java.util.function.IntConsumer progress) {
    return v.run(test, n, threads, worst, progress);
  }

  /** The --dataset value as given (a subclass rebuilds the test set from it elsewhere). */
  protected final String datasetOption() {
    return dataset;
  }

  private static int fail(PrintWriter err, String message) {
    err.println("spikeforge verify: " + CompileCommand.oneLine(message));
    err.flush();
    return ExitCodes.BAD_INPUT;
  }
}
