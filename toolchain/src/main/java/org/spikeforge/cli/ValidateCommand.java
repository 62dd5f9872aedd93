package org.spikeforge.cli;

import com.google.protobuf.Message;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikeforge.io.FileKind;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.proto.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge validate FILE...}: reads each file, names every problem found, and with
 * {@code --network} also checks input spikes against the network's channel count.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check SpikeForge files and list every problem (one line each).",
      "The message type comes from the name: *.net.*, *.spikes.*, *.dataset.*, *.trace.*, *.hwcfg.* (or --type)."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to check (.pb or .json).")
  List<Path> files;

  @Option(names = "--type", paramLabel = "KIND", description = "Message type for all files: ${COMPLETION-CANDIDATES}.")
  FileKind type;

  @Option(names = "--network", paramLabel = "NET", description = "Check input spikes against this network's num_inputs.")
  Path network;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int channels = network == null ? -1 : ProtoFiles.readNetwork(network).getNumInputs();
    int bad = 0;
    for (Path file : files) {
      try {
        FileKind kind = type != null ? type : FileKind.of(file);
        Message message = switch (kind) {
          case INPUT_SPIKES -> ProtoFiles.readInputSpikes(file, channels);
          case DATASET -> ProtoFiles.readDataset(file, channels);
          default -> kind.readValidated(file);
        };
        out.println(file + ": ok (" + summary(kind, message) + ")");
      } catch (SpikeForgeIoException e) {
        e.allProblems().forEach(err::println);
        bad++;
      }
    }
    return bad == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }

  private static String summary(FileKind kind, Message message) {
    if (message instanceof Network net) {
      int neurons = net.getPopulationsList().stream().mapToInt(p -> p.getSize()).sum();
      return "Network " + net.getModel() + ", " + net.getNumInputs() + " inputs, " + net.getPopulationsCount()
          + " populations, " + neurons + " neurons";
    }
    return message.getDescriptorForType().getName() + ", " + message.getSerializedSize() + " bytes as binary";
  }
}
