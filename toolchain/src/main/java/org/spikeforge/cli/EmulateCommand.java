package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.InputSchedule;
import org.spikeforge.emulator.StepInput;
import org.spikeforge.io.AtomicFiles;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.io.SpikeStreamFormat;
import org.spikeforge.io.SpikeStreamHeader;
import org.spikeforge.io.SpikeStreamReader;
import org.spikeforge.io.SpikeStreamWriter;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;
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
 * the last step dropped). Binary spike streams ({@code .spikes.bin} in, {@code .trace.bin} out; docs/FORMATS.md)
 * are read and written step by step while the emulator runs, so a run of millions of steps takes constant memory
 * and goes at nearly the emulator's own speed; what is recorded is chosen with {@code --record}.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true,
    description = {"Run a compiled config in the cycle-accurate integer emulator; writes the spike trace.",
      "Inputs and traces ending in .bin are binary spike streams (docs/FORMATS.md), streamed while the run goes."})
public final class EmulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigFileOption configFile;

  @Option(names = "--inputs", required = true, paramLabel = "SPIKES",
      description = "one sample's input spikes: .spikes.pb or .spikes.json (times or steps), or a .spikes.bin stream")
  Path inputs;

  @Option(names = "--out", paramLabel = "TRACE",
      description = "trace file: .trace.pb, .trace.json or a .trace.bin stream (required unless --record none)")
  Path out;

  @Option(names = "--steps", defaultValue = "0", description = "steps to run; 0: the config's num_steps")
  long steps;

  @Option(names = "--record", split = ",", paramLabel = "WHAT", defaultValue = "spikes",
      description = {"what to record of the --record-layer layers: spikes (default), voltages (loihi2 v, xylo vmem,",
        "theta phase, every neuron every step), other state variables (loihi2 u,v; xylo isyn,vmem; theta phase),",
        "or none (no trace; only spike counts are printed). Spikes are recorded unless none."})
  List<String> record = List.of("spikes");

  @Option(names = "--record-layer", paramLabel = "LAYER",
      description = "the layer to record, or all (default: the output layer)")
  String recordLayer;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    if (steps < 0) {
      throw new ParameterException(spec.commandLine(), "--steps " + steps + " must be >= 0 (0: the config's num_steps)");
    }
    boolean none = record.stream().anyMatch(w -> w.trim().equals("none"));
    if (out == null && !none) {
      throw new ParameterException(spec.commandLine(), "--out TRACE is required (or --record none to write no trace)");
    }
    if (out != null && none) {
      throw new ParameterException(spec.commandLine(), "--record none writes no trace; leave out --out " + out);
    }
    boolean streamOut = out != null && SpikeStreamFormat.isStream(out);
    if (out != null && !streamOut) {
      Encoding.of(out);
    }
    Path config = configFile.path();
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(config);
    CompiledConfig compiled;
    try {
      compiled = Emulator.compile(cfg);
    } catch (ConfigException e) {
      return fail(err, config + ": " + e.getMessage());
    }
    long n = steps > 0 ? steps : cfg.getNumSteps();
    if (n <= 0) {
      return fail(err, config + ": num_steps = " + cfg.getNumSteps() + " and no --steps given; need > 0 steps");
    }
    EmulatorSession session = compiled.newSession();
    EmulateRecording rec;
    try {
      rec = EmulateRecording.of(record, recordLayer, session, compiled.target());
      session.setProbes(rec.probes(), 0);
    } catch (ConfigException e) {
      String m = e.getMessage();
      return fail(err, m.startsWith("--record") ? m : "--record " + String.join(",", record) + ": " + m);
    }
    SpikeStreamReader reader = null;
    try {
      StepInput input;
      if (SpikeStreamFormat.isStream(inputs)) {
        reader = SpikeStreamReader.open(inputs);
        checkStreamInput(reader, cfg.getNumInputs());
        input = reader.stepInput();
      } else {
        InputSpikes in = ProtoFiles.readInputSpikes(inputs, cfg.getNumInputs());
        input = InputSchedule.of(toSteps(in, cfg.getDt(), n), cfg.getNumInputs(), n).stepInput();
      }
      String source = "emulator:" + compiled.target();
      boolean[] all = new boolean[session.layerNames().size()];
      java.util.Arrays.fill(all, true);
      long[] counts;
      if (out == null) {
        TraceCollector c = new TraceCollector(session.layerNames(), sizes(session), new boolean[all.length],
            RecordSpec.none());
        session.stream(input, n, c, all);
        counts = c.spikeCounts();
      } else if (streamOut) {
        SpikeStreamHeader h = header(session, rec, source, n, cfg.getDt());
        long[][] holder = new long[1][];
        AtomicFiles.write(out, os -> {
          SpikeStreamWriter w = new SpikeStreamWriter(os, h);
          StreamTraceOutput sink = new StreamTraceOutput(w, rec.layers());
          try {
            session.stream(input, n, sink, all);
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
          w.finish();
          holder[0] = sink.spikeCounts();
        });
        counts = holder[0];
      } else {
        TraceCollector c = new TraceCollector(session.layerNames(), sizes(session), rec.layers(), rec.probes());
        session.stream(input, n, c, all);
        ProtoFiles.write(out, c.trace(source, n, cfg.getDt()));
        counts = c.spikeCounts();
      }
      for (int l = 0; l < counts.length; l++) {
        o.printf(Locale.ROOT, "%s: %d spikes%n", session.layerNames().get(l), counts[l]);
      }
      if (out == null) {
        o.printf(Locale.ROOT, "ran %d steps (%s); recorded nothing (--record none)%n", n, source);
      } else {
        o.printf(Locale.ROOT, "wrote %s (%s, %d steps, %d probes)%n", out, source, n, rec.probes().probes().size());
      }
      o.flush();
      return ExitCodes.OK;
    } catch (ConfigException e) {
      return fail(err, inputs + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail(err, inputs + ": " + e.getMessage());
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** The input stream must be input spikes with one channel per config input. */
  static void checkStreamInput(SpikeStreamReader reader, int numInputs) {
    SpikeStreamHeader h = reader.header();
    if (h.kind() != SpikeStreamHeader.Kind.INPUT) {
      throw new SpikeForgeIoException(reader.file(), null, "is a trace stream, expected input spikes");
    }
    int channels = h.groups().get(0).size();
    if (channels != numInputs) {
      throw new SpikeForgeIoException(reader.file(), "channels", channels + ", expected the config's num_inputs = "
          + numInputs);
    }
  }

  private static int[] sizes(EmulatorSession session) {
    int[] s = new int[session.layerNames().size()];
    for (int l = 0; l < s.length; l++) {
      s[l] = session.layerSize(l);
    }
    return s;
  }

  /** The trace stream's header: one group per recorded layer, in layer order, and the probes. */
  private static SpikeStreamHeader header(EmulatorSession session, EmulateRecording rec, String source, long steps,
      double dt) {
    List<SpikeStreamHeader.Group> groups = new ArrayList<>();
    for (int l = 0; l < rec.layers().length; l++) {
      if (rec.layers()[l]) {
        groups.add(new SpikeStreamHeader.Group(session.layerNames().get(l), session.layerSize(l),
            session.multiSpike(l)));
      }
    }
    List<SpikeStreamHeader.Probe> probes = new ArrayList<>();
    for (RecordSpec.Probe p : rec.probes().probes()) {
      probes.add(new SpikeStreamHeader.Probe(p.layer(), p.neuron(), p.variable()));
    }
    return new SpikeStreamHeader(SpikeStreamHeader.Kind.TRACE, steps, dt, -1, source, groups, probes);
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

  private static int fail(PrintWriter err, String message) {
    err.println("spikeforge emulate: " + CompileCommand.oneLine(message));
    err.flush();
    return ExitCodes.BAD_INPUT;
  }
}
