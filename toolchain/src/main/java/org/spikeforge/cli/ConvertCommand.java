package org.spikeforge.cli;

import com.google.protobuf.Message;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikeforge.io.FileKind;
import org.spikeforge.io.ProtoFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spikeforge convert IN OUT}: between protobuf binary and JSON, by the two extensions. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = "Convert a file between protobuf binary (.pb) and JSON (.json); the content is validated first.")
public final class ConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "File to read.")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "File to write (written atomically).")
  Path out;

  @Option(names = "--type", paramLabel = "KIND", description = "Message type: ${COMPLETION-CANDIDATES} (default: from IN's name).")
  FileKind type;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    FileKind kind = type != null ? type : FileKind.of(in);
    Message message = kind.readValidated(in);
    ProtoFiles.write(out, message);
    spec.commandLine().getOut().println("wrote " + out);
    return ExitCodes.OK;
  }
}
