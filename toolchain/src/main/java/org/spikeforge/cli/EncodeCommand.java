package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.data.DatasetException;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeStreamFormat;
import org.spikeforge.io.SpikeStreamWriter;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.train.ConfigException;
import org.spikeforge.verify.EncodedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge encode}: turns data samples into {@code InputSpikes} files, encoded exactly as the network's
 * {@code encoding} says and as {@code verify} feeds them (spike times; a silent channel, or one past the trial end,
 * has no spike). {@code emulate --inputs} and {@code deploy --inputs} quantize these times with the config's dt, so
 * a sample run there gives the very trace that {@code verify} compares for it. A {@code .spikes.bin} output is a
 * binary spike stream of steps, quantized with the same rule from the {@code --config} given.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
    description = {"Encode data samples as input spike files (for emulate --inputs and deploy --inputs), the way the",
      "network's encoding says; the label is stored with each sample."})
public final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin NetworkFileOption networkFile;

  @Option(names = "--dataset", required = true,
      description = "yinyang, fashion-mnist, idx:DIR or mnist-json:DIR")
  String dataset;

  @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--index", defaultValue = "0", paramLabel = "I",
      description = "first sample of the split (default: ${DEFAULT-VALUE})")
  int index;

  @Option(names = "--count", defaultValue = "1", paramLabel = "N",
      description = "samples to write; N > 1 writes OUT with -I, -I+1, ... before its extension"
          + " (default: ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "input spikes: .spikes.pb or .spikes.json (times), or a binary .spikes.bin stream (steps; needs --config)")
  Path out;

  @Option(names = "--config", paramLabel = "CFG",
      description = "compiled config whose dt and num_steps turn the times into steps, for a .bin stream")
  Path config;

  @Override
  public Integer call() {
    if (!split.equals("test") && !split.equals("train")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--split " + split
          + " must be test or train");
    }
    if (index < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index " + index + " must be >= 0");
    }
    if (count < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count " + count + " must be >= 1");
    }
    boolean stream = SpikeStreamFormat.isStream(out);
    if (!stream) {
      Encoding.of(out);
    } else if (config == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out " + out
          + ": a binary spike stream holds steps; give --config CFG for the dt and num_steps that make them");
    }
    HardwareConfig cfg = stream ? ProtoFiles.readHardwareConfig(config) : null;
    if (cfg != null && !(cfg.getDt() > 0 && cfg.getNumSteps() > 0)) {
      throw new org.spikeforge.io.SpikeForgeIoException(config, null, "dt = " + cfg.getDt() + " and num_steps = "
          + cfg.getNumSteps() + " must both be > 0 to turn spike times into steps");
    }
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Network net = ProtoFiles.readNetwork(networkFile.path());
    try {
      SpikeDataset data = split.equals("test") ? EncodedData.test(net, dataset) : EncodedData.train(net, dataset);
      if (index + (long) count > data.size()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index " + index + " --count " + count
            + " reaches past the " + split + " split's " + data.size() + " samples");
      }
      double[] times = new double[data.numInputs()];
      for (int k = 0; k < count; k++) {
        int i = index + k;
        data.inputTimes(i, times);
        InputSpikes spikes = sample(times, data.label(i), net.getTrialEnd());
        Path file = count == 1 ? out : numbered(out, i);
        if (stream) {
          if (cfg.getNumInputs() != times.length) {
            throw new org.spikeforge.io.SpikeForgeIoException(config, "num_inputs", cfg.getNumInputs()
                + ", the network's encoding gives " + times.length + " channels");
          }
          InputSpikes stepped = new InputQuantizer(cfg.getDt(), cfg.getNumSteps()).quantize(spikes);
          SpikeStreamWriter.writeInputs(file, stepped, cfg.getNumSteps(), cfg.getDt());
        } else {
          ProtoFiles.write(file, spikes);
        }
        o.printf(Locale.ROOT, "wrote %s (%s sample %d, label %d, %d channels)%n", file, split, i, data.label(i),
            times.length);
      }
      o.flush();
      return ExitCodes.OK;
    } catch (ConfigException | DatasetException | UncheckedIOException e) {
      err.println("spikeforge encode: " + CompileCommand.oneLine(e.getMessage()));
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }

  /** One sample as verify builds it: a spike per channel at its time, none for a silent channel or one after T. */
  static InputSpikes sample(double[] times, int label, double trialEnd) {
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(times.length).setLabel(label);
    for (double t : times) {
      SpikeTrain.Builder tr = SpikeTrain.newBuilder();
      if (t <= trialEnd) {
        tr.addTimes(t);
      }
      in.addTrains(tr);
    }
    return in.build();
  }

  /** {@code dir/s.spikes.pb} and 7 -> {@code dir/s-7.spikes.pb}. */
  static Path numbered(Path file, int i) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    return file.resolveSibling(stem + "-" + i + ext);
  }
}
