package org.spikeforge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.hil.BoardSelector;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.device.LayerShape;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.io.SpikeStreamFormat;
import org.spikeforge.io.SpikeStreamReader;
import org.spikeforge.io.SpikeStreamWriter;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge deploy}: loads a compiled config onto a board (the board validates it; a config for another
 * family is refused with the board's own message) and, with {@code --inputs}, runs one trial and writes the board's
 * trace. Input spikes given as times only are quantized to steps with the config's dt. Binary spike streams
 * ({@code .bin}, docs/FORMATS.md) are accepted as inputs and written as traces; the board API takes a whole trial,
 * so here they are read and written whole, unlike {@code emulate}, which streams them.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Load a compiled hardware config onto a board; optionally run input spikes and write the trace.")
public final class DeployCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "CFG", description = "compiled .hwcfg.pb or .hwcfg.json")
  Path config;

  @Option(names = "--device", defaultValue = "refboard",
      description = "refboard, LIBRARY:BOARD or a board id (default: ${DEFAULT-VALUE})") String device;

  @Option(names = "--inputs", paramLabel = "SPIKES",
      description = "one sample's InputSpikes (.pb or .json), or a binary .spikes.bin stream (docs/FORMATS.md)")
  Path inputs;

  @Option(names = "--out", paramLabel = "TRACE", description = "trace file: .pb, .json or a binary .trace.bin stream (default: trace.pb next to --inputs)")
  Path out;

  @Option(names = "--steps", description = "steps to run (default: the config's num_steps)") Long steps;

  @Option(names = "--probe", description = "record every neuron's state per step in the trace") boolean probe;

  @Override
  public Integer call() {
    PrintWriter pout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (steps != null && steps < 0) {
      throw new ParameterException(spec.commandLine(), "--steps " + steps + " must be >= 0");
    }
    // Which file or option a board error is about: the board's messages name a layer, not the file it came from.
    String about = null;
    try {
      HardwareConfig cfg = ProtoFiles.readHardwareConfig(config);
      InputSpikes in = inputs == null ? null
          : SpikeStreamFormat.isStream(inputs) ? SpikeStreamReader.readInputSpikes(inputs, cfg.getNumInputs())
          : ProtoFiles.readInputSpikes(inputs, cfg.getNumInputs());
      long n = steps != null ? steps : cfg.getNumSteps();
      try (Device d = BoardSelector.open(device, TargetFamily.of(cfg))) {
        about = config.toString();
        d.load(cfg);
        int neurons = 0;
        for (LayerShape l : d.layers()) {
          neurons += l.size();
        }
        pout.printf(Locale.ROOT, "deployed %s (%s, %d layers, %d neurons) on %s%n", config, cfg.getTarget(),
            d.layers().size(), neurons, d.boardId());
        if (in != null) {
          InputSpikes stepped;
          try {
            stepped = withSteps(in, cfg.getDt(), Math.max(n, 1));
          } catch (IllegalArgumentException e) {
            throw new SpikeForgeIoException(inputs, null, e.getMessage());
          }
          about = inputs.toString();
          d.setProbing(probe);
          Trace trace = d.trial(stepped, n);
          Path file = out != null ? out : inputs.toAbsolutePath().resolveSibling("trace.pb");
          if (SpikeStreamFormat.isStream(file)) {
            SpikeStreamWriter.writeTrace(file, trace.getSteps() > 0 ? trace : trace.toBuilder().setSteps(n).build());
          } else {
            ProtoFiles.write(file, trace);
          }
          StringBuilder counts = new StringBuilder();
          for (PopulationTrace p : trace.getPopulationsList()) {
            int c = 0;
            for (SpikeTrain t : p.getSpikesList()) {
              c += t.getStepsCount();
            }
            counts.append(counts.length() == 0 ? "" : ", ").append(p.getName()).append(' ').append(c);
          }
          pout.printf(Locale.ROOT, "ran %d steps: spikes %s; wrote %s%n", n, counts, file);
        }
      }
      pout.flush();
      return ExitCodes.OK;
    } catch (DeviceException e) {
      err.println("spikeforge deploy: " + (about == null ? "" : about + ": ") + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
      err.flush();
      return ExitCodes.BAD_INPUT;
    } catch (SpikeForgeIoException e) {
      err.println("spikeforge deploy: " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }

  /** Trains that carry times but no steps get steps round(t / dt); trains with steps are kept. */
  static InputSpikes withSteps(InputSpikes in, double dt, long steps) {
    InputQuantizer q = new InputQuantizer(dt, steps);
    InputSpikes.Builder b = in.toBuilder().clearTrains();
    for (SpikeTrain t : in.getTrainsList()) {
      if (t.getStepsCount() == 0 && t.getTimesCount() > 0) {
        SpikeTrain.Builder tb = t.toBuilder();
        for (double time : t.getTimesList()) {
          tb.addSteps(q.step(time));
        }
        b.addTrains(tb);
      } else {
        b.addTrains(t);
      }
    }
    return b.build();
  }
}
