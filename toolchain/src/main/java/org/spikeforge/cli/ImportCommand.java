package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.spikeforge.hw.export.BadExchangeFileException;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.hw.export.NirImporter;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.NetworkValidator;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.io.ValidationProblem;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Population;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge import}: brings a graph from another tool into SpikeForge. A NIR graph of
 * Input/Linear/Affine/CubaLIF/Output nodes becomes a float LIF_EXP {@link Network}, ready for
 * {@code spikeforge compile --target loihi2|xylo}; one with plain LIF nodes instead becomes a
 * LIF_DELTA network (instantaneous synapses) for {@code --target loihi2}; a SpikeForge Lava process graph becomes its
 * {@code loihi2} config again. Nodes NIR files hold that SpikeForge cannot represent exactly are
 * all named in one error line (exit code 2); nothing is approximated.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
      "Import a NIR graph as a float LIF network, or a Lava process graph back into its loihi2 config.",
      "  --format nir  FILE.nir --out NET.net.pb       (then: spikeforge compile --network NET ...)",
      "    CubaLIF nodes (tau_syn = tau_mem/2) -> LIF_EXP (loihi2, xylo); plain LIF nodes -> LIF_DELTA",
      "    (loihi2 only: du = 4095, the current lasts one step of --dt; v jumps by r*w/tau)",
      "  --format lava FILE.lava.pb --out CFG.hwcfg.pb"})
public final class ImportCommand implements Callable<Integer> {
  /** The formats that can be read, by their --format name. */
  enum Format { NIR, LAVA }

  @Spec CommandSpec spec;

  @Option(names = "--format", required = true, description = "nir or lava") Format format;

  @Parameters(index = "0", paramLabel = "FILE", description = "nir: a NIR HDF5 graph; lava: a .lava.pb or .lava.json")
  Path file;

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "nir: network (.net.pb or .net.json); lava: config (.hwcfg.pb or .hwcfg.json)")
  Path out;

  @Option(names = "--trial-end", paramLabel = "T",
      description = "nir: trial length in the graph's time unit; needed when the file has no"
          + " node/metadata/trial_end (graphs not written by SpikeForge), overrides it otherwise")
  Double trialEnd;

  @Option(names = "--name", description = "nir: network name (default: the file's metadata, else the file name)")
  String name;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    Encoding.of(out);
    if (trialEnd != null && (!(trialEnd > 0) || trialEnd.isInfinite())) {
      throw new ParameterException(spec.commandLine(), "--trial-end " + trialEnd + " must be finite and > 0");
    }
    if (format == Format.LAVA && (trialEnd != null || name != null)) {
      throw new ParameterException(spec.commandLine(), "--trial-end and --name apply to --format nir only");
    }
    if (!Files.isRegularFile(file)) {
      throw new SpikeForgeIoException(file, null, Files.isDirectory(file) ? "is a directory, expected a file" : "no such file");
    }
    try {
      String summary = format == Format.NIR ? importNir() : importLava();
      o.println(summary);
      o.flush();
      return ExitCodes.OK;
    } catch (BadExchangeFileException | UncheckedIOException e) {
      return ExportCommand.fail(err, "import", e.getMessage());
    }
  }

  private String importNir() {
    Network net = NirImporter.read(file);
    if (trialEnd != null || name != null) {
      Network.Builder b = net.toBuilder();
      if (trialEnd != null) {
        b.setTrialEnd(trialEnd);
      }
      if (name != null) {
        b.setName(name);
      }
      net = b.build();
    }
    if (!(net.getTrialEnd() > 0)) {
      throw new BadExchangeFileException(file, "node/metadata/trial_end",
          "absent; NIR graphs carry no trial length, so pass --trial-end T (in the graph's time unit, tau_mem "
              + net.getParams().getTau() + ")");
    }
    List<ValidationProblem> problems = NetworkValidator.problems(net);
    if (!problems.isEmpty()) {
      ValidationProblem p = problems.get(0);
      throw new BadExchangeFileException(file, p.field(), "the imported network is invalid: " + p.problem());
    }
    ProtoFiles.write(out, net);
    StringJoiner pops = new StringJoiner(", ");
    for (Population p : net.getPopulationsList()) {
      pops.add(p.getName() + " " + p.getSize() + (p.getOutput() ? " (output)" : ""));
    }
    boolean delta = net.getModel() == NeuronModel.LIF_DELTA;
    // Xylo has dense weights only, so a graph with Conv2d / SumPool2d nodes is offered loihi2 alone
    boolean conv = org.spikeforge.hw.net.DenseOnly.firstKernel(net) >= 0;
    return String.format(Locale.ROOT,
        "wrote %s: %s network '%s', %d inputs, populations %s, %d projections; tau %s, threshold %s;"
            + " compile it with: spikeforge compile --network %s --target %s",
        out, net.getModel(), net.getName(), net.getNumInputs(), pops, net.getProjectionsCount(),
        net.getParams().getTau(), net.getParams().getThreshold(), out, delta
            ? "loihi2 (plain LIF: instantaneous current, du = 4095, v jumps by r w / tau in the delivery step;"
                + " xylo decays its current in that step, so it cannot run it)"
            : conv ? "loihi2 (conv layers: xylo has dense weights only)" : "loihi2|xylo");
  }

  private String importLava() {
    HardwareConfig cfg = LavaGraphFiles.readConfig(file);
    ProtoFiles.write(out, cfg);
    return String.format(Locale.ROOT, "wrote %s: loihi2 config '%s', %d inputs, %d layers, %d steps",
        out, cfg.getNetworkName(), cfg.getNumInputs(), cfg.getLayersCount(), cfg.getNumSteps());
  }
}
