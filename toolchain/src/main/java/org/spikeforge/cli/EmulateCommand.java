package org.spikeforge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.emulator.CompiledConfig;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge emulate}: runs a compiled config on one sample's input spikes in the integer emulator and
 * writes the trace. A channel whose train has {@code steps} is used as is; a channel given as {@code times}
 * is converted with the lowering's rule ({@link InputQuantizer}: {@code round(t / dt)}, spikes at or after
 * the last step dropped).
 */
@Command(name = "emulate", mixinStandardHelpOptions = true,
    description = "Run a compiled config in the cycle-accurate integer emulator; writes the spike trace.")
public final class EmulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigFileOption configFile;

  @Option(names = "--inputs", required = true, paramLabel = "SPIKES", description = "one sample's input spikes (.spikes.pb or .spikes.json), times or steps")
  Path inputs;

  @Option(names = "--out", required = true, paramLabel = "TRACE", description = "trace file (.trace.pb or .trace.json)")
  Path out;

  @Option(names = "--steps", defaultValue = "0", description = "steps to run; 0: the config's num_steps")
  long steps;

  @Option(names = "--record", split = ",", paramLabel = "VAR", description = "state variables to record every step for every neuron (loihi2 u,v; xylo isyn,vmem; theta phase)")
  List<String> record = List.of();

  @Option(names = "--record-layer", paramLabel = "LAYER", description = "record only this layer (default: all)")
  String recordLayer;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    if (steps < 0) {
      throw new ParameterException(spec.commandLine(), "--steps " + steps + " must be >= 0 (0: the config's num_steps)");
    }
    Encoding.of(out);
    Path config = configFile.path();
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(config);
    CompiledConfig compiled;
    try {
      compiled = Emulator.compile(cfg);
    } catch (ConfigException e) {
      return fail(err, config + ": " + e.getMessage());
    }
    InputSpikes in = ProtoFiles.readInputSpikes(inputs, cfg.getNumInputs());
    long n = steps > 0 ? steps : cfg.getNumSteps();
    if (n <= 0) {
      return fail(err, config + ": num_steps = " + cfg.getNumSteps() + " and no --steps given; need > 0 steps");
    }
    RecordSpec rec;
    try {
      rec = recordSpec(cfg);
      compiled.newSession().setProbes(rec, 0);
    } catch (ConfigException e) {
      return fail(err, "--record " + String.join(",", record) + ": " + e.getMessage());
    }
    try {
      InputSpikes stepped = toSteps(in, cfg.getDt(), n);
      Trace trace = compiled.newSession().run(stepped, n, rec);
      ProtoFiles.write(out, trace);
      for (PopulationTrace p : trace.getPopulationsList()) {
        int spikes = p.getSpikesList().stream().mapToInt(SpikeTrain::getStepsCount).sum();
        o.printf(Locale.ROOT, "%s: %d spikes%n", p.getName(), spikes);
      }
      o.printf(Locale.ROOT, "wrote %s (%s, %d steps, %d probes)%n", out, trace.getSource(), n, trace.getProbesCount());
      o.flush();
      return ExitCodes.OK;
    } catch (ConfigException e) {
      return fail(err, inputs + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail(err, inputs + ": " + e.getMessage());
    }
  }

  /** Channels with steps keep them; channels with only times get round(t / dt). */
  static InputSpikes toSteps(InputSpikes in, double dt, long numSteps) {
    InputQuantizer q = new InputQuantizer(dt, numSteps);
    InputSpikes.Builder b = in.toBuilder();
    for (int c = 0; c < in.getTrainsCount(); c++) {
      SpikeTrain t = in.getTrains(c);
      if (t.getStepsCount() == 0 && t.getTimesCount() > 0) {
        SpikeTrain.Builder tb = t.toBuilder();
        for (int k = 0; k < t.getTimesCount(); k++) {
          long s;
          try {
            s = q.step(t.getTimes(k));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trains[" + c + "].times[" + k + "]: " + e.getMessage());
          }
          if (s < numSteps) {
            tb.addSteps(s);
          }
        }
        b.setTrains(c, tb);
      }
    }
    return b.build();
  }

  private RecordSpec recordSpec(HardwareConfig cfg) {
    List<RecordSpec.Probe> probes = new ArrayList<>();
    if (recordLayer != null && cfg.getLayersList().stream().noneMatch(l -> l.getName().equals(recordLayer))) {
      throw new ConfigException("--record-layer '" + recordLayer + "' is not a layer of " + configFile.path());
    }
    for (HwLayer l : cfg.getLayersList()) {
      if (recordLayer != null && !recordLayer.equals(l.getName())) {
        continue;
      }
      for (int k = 0; k < l.getSize(); k++) {
        for (String v : record) {
          probes.add(new RecordSpec.Probe(l.getName(), k, v.trim()));
        }
      }
    }
    return new RecordSpec(probes);
  }

  private static int fail(PrintWriter err, String message) {
    err.println("spikeforge emulate: " + CompileCommand.oneLine(message));
    err.flush();
    return ExitCodes.BAD_INPUT;
  }
}
