package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.spikeforge.hw.export.BadExchangeFileException;
import org.spikeforge.hw.export.LavaGraphExporter;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.hw.export.NetxExporter;
import org.spikeforge.hw.export.NirExporter;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.NetworkValidator;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.TargetFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge export}: hands a network to another ecosystem. A compiled {@code loihi2} config
 * becomes a Lava process graph ({@code .lava.pb}, or {@code .lava.json}) or a lava-dl netx HDF5 file
 * ({@code .net}); a float LIF_EXP network becomes a NIR graph ({@code .nir}). The conversions live in
 * {@code org.spikeforge.hw.export}; this class only picks one, and turns anything the target format
 * cannot carry into one line naming the input file and field, exit code 2.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
      "Export a compiled loihi2 config to Lava (process graph) or lava-dl netx, or a float LIF network to NIR.",
      "  --format lava --config CFG --out FILE.lava.pb   (FILE.lava.json for the JSON form)",
      "  --format netx --config CFG --out FILE.net",
      "  --format nir  --network NET --out FILE.nir"})
public final class ExportCommand implements Callable<Integer> {
  /** The exchange formats, by their --format name. */
  enum Format { LAVA, NETX, NIR }

  @Spec CommandSpec spec;

  @Option(names = "--format", required = true, description = "lava, netx or nir") Format format;

  @Option(names = "--config", paramLabel = "CFG",
      description = "lava, netx: a config compiled with --target loihi2 (.hwcfg.pb or .hwcfg.json)")
  Path config;

  @Option(names = "--network", paramLabel = "NET", description = "nir: a float LIF_EXP network (.net.pb or .net.json)")
  Path network;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "lava: .pb or .json; netx: .net, .h5 or .hdf5; nir: .nir, .h5 or .hdf5")
  Path out;

  @Option(names = "--dt", defaultValue = "0",
      description = "nir: time step (model time) a discrete-time NIR consumer should assume, recorded in the"
          + " graph metadata; 0: trial end / " + CompileCommand.DEFAULT_STEPS_PER_TRIAL + " (compile's default)")
  double dt;

  @Option(names = "--provenance", paramLabel = "KEY=VALUE",
      description = "lava: training provenance stored in the graph metadata (repeatable)")
  Map<String, String> provenance = new LinkedHashMap<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    checkOptions();
    try {
      String summary = switch (format) {
        case LAVA -> exportLava();
        case NETX -> exportNetx();
        case NIR -> exportNir();
      };
      o.println(summary);
      o.flush();
      return ExitCodes.OK;
    } catch (BadExchangeFileException e) {
      Path input = format == Format.NIR ? network : config;
      return fail(err, "export", relabel(e, format == Format.NIR ? "network" : "config", input));
    } catch (UncheckedIOException e) {
      return fail(err, "export", e.getMessage());
    }
  }

  private void checkOptions() {
    boolean needsConfig = format != Format.NIR;
    String name = format.name().toLowerCase(Locale.ROOT);
    if (needsConfig && config == null) {
      throw new ParameterException(spec.commandLine(),
          "--format " + name + " needs --config CFG (a network compiled with 'spikeforge compile --target loihi2')");
    }
    if (needsConfig && network != null) {
      throw new ParameterException(spec.commandLine(), "--format " + name
          + " exports a compiled config, not a float network: compile NET with --target loihi2 and pass --config");
    }
    if (!needsConfig && network == null) {
      throw new ParameterException(spec.commandLine(), config != null
          ? "--format nir exports the float network, not a compiled config (NIR nodes are continuous-time): pass --network NET"
          : "--format nir needs --network NET (a float LIF_EXP network)");
    }
    if (!needsConfig && config != null) {
      throw new ParameterException(spec.commandLine(), "--format nir takes --network only, not --config");
    }
    if (!(dt >= 0) || Double.isInfinite(dt)) {
      throw new ParameterException(spec.commandLine(), "--dt " + dt + " must be finite and >= 0");
    }
    String file = String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT);
    switch (format) {
      case LAVA -> Encoding.of(out);
      case NETX -> requireExtension(file, ".net", ".h5", ".hdf5");
      case NIR -> requireExtension(file, ".nir", ".h5", ".hdf5");
    }
  }

  private void requireExtension(String file, String... endings) {
    for (String e : endings) {
      if (file.endsWith(e) && file.length() > e.length()) {
        return;
      }
    }
    throw new ParameterException(spec.commandLine(), "--out " + out + ": " + format.name().toLowerCase(Locale.ROOT)
        + " files are HDF5; name them " + String.join(", ", endings));
  }

  private String exportLava() {
    HardwareConfig cfg = readLoihi2Config();
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("config_file", String.valueOf(config.getFileName()));
    copyMetadata(cfg, "network_file", prov);
    copyMetadata(cfg, "calibration", prov);
    prov.putAll(provenance);
    LavaProcessGraph g = new LavaGraphExporter(SpikeForgeVersion.get()).export(cfg, prov);
    LavaGraphFiles.write(g, out);
    return String.format(Locale.ROOT,
        "wrote %s: Lava process graph, %d processes, %d connections, from loihi2 config '%s' (%s, %d steps);"
            + " run it with hw-backends/src/main/python/spikeforge_lava.py",
        out, g.getProcessesCount(), g.getConnectionsCount(), cfg.getNetworkName(), layerSizes(cfg), cfg.getNumSteps());
  }

  private String exportNetx() {
    HardwareConfig cfg = readLoihi2Config();
    NetxExporter.write(cfg, out);
    StringJoiner kinds = new StringJoiner(", ");
    boolean allDense = true;
    for (var l : cfg.getLayersList()) {
      boolean conv = l.hasConv2D();
      boolean pool = l.hasSumPool2D();
      allDense &= !conv && !pool;
      kinds.add(conv ? "conv" : pool ? "sum pool (grouped conv)" : "dense");
    }
    return String.format(Locale.ROOT,
        "wrote %s: lava-dl netx HDF5, input %d + %d CUBA %s (%s), from loihi2 config '%s';"
            + " load it with lava.lib.dl.netx.hdf5.Network",
        out, cfg.getNumInputs(), cfg.getLayersCount(), allDense ? "dense layers" : "layers: " + kinds,
        layerSizes(cfg), cfg.getNetworkName());
  }

  private String exportNir() {
    Network net = ProtoFiles.readNetwork(network);
    NetworkValidator.check(net, network); // conv and pool layers export too: every problem named before writing
    double step = dt > 0 ? dt : net.getTrialEnd() / CompileCommand.DEFAULT_STEPS_PER_TRIAL;
    NirExporter.write(net, step, SpikeForgeVersion.get(), out);
    int outputs = (int) net.getPopulationsList().stream().filter(Population::getOutput).count();
    long conv = net.getProjectionsList().stream().filter(p -> p.hasConv2D()).count();
    long pool = net.getProjectionsList().stream().filter(p -> p.hasSumPool2D()).count();
    String input = net.hasInputShape() ? net.getInputShape().getChannels() + "x" + net.getInputShape().getHeight()
        + "x" + net.getInputShape().getWidth() : Integer.toString(net.getNumInputs());
    return String.format(Locale.ROOT,
        "wrote %s: NIR graph, Input(%s), %d Linear, %d Conv2d, %d SumPool2d, %d CubaLIF, %d Output; tau_mem %s,"
            + " tau_syn %s, v_threshold %s (model time units), dt %s recorded for discrete-time consumers",
        out, input, net.getProjectionsCount() - conv - pool, conv, pool, net.getPopulationsCount(), outputs,
        net.getParams().getTau(), net.getParams().getTau() / 2, net.getParams().getThreshold(), step);
  }

  /** Reads the config and refuses other targets up front, saying which target was found and what to do. */
  private HardwareConfig readLoihi2Config() {
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(config);
    if (TargetFamily.find(cfg.getTarget()).orElse(null) != TargetFamily.LOIHI2) {
      throw new BadExchangeFileException(config, "target", "is \"" + cfg.getTarget() + "\", but --format "
          + format.name().toLowerCase(Locale.ROOT) + " needs a loihi2 config (compile with --target loihi2)");
    }
    return cfg;
  }

  private static void copyMetadata(HardwareConfig cfg, String key, Map<String, String> into) {
    String v = cfg.getMetadataOrDefault(key, "");
    if (!v.isEmpty()) {
      into.put(key, v);
    }
  }

  private static String layerSizes(HardwareConfig cfg) {
    StringJoiner j = new StringJoiner(" -> ");
    j.add(Integer.toString(cfg.getNumInputs()));
    for (HwLayer l : cfg.getLayersList()) {
      j.add(l.getName() + " " + l.getSize());
    }
    return j.toString();
  }

  /**
   * The exporters name what they checked by role ({@code "config"}, {@code "network"}) because they
   * work on messages in memory; the user wants the file they passed, so the role is replaced by it.
   */
  static String relabel(BadExchangeFileException e, String role, Path file) {
    String m = e.getMessage();
    return file != null && m.startsWith(role + ": ") ? file + m.substring(role.length()) : m;
  }

  static int fail(PrintWriter err, String command, String message) {
    err.println("spikeforge " + command + ": " + CompileCommand.oneLine(message));
    err.flush();
    return ExitCodes.BAD_INPUT;
  }
}
