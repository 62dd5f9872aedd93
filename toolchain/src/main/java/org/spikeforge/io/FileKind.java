package org.spikeforge.io;

import com.google.protobuf.Message;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.Trace;

/**
 * Which message a file holds, named by the part of its file name before the encoding extension:
 * {@code model.net.json} is a Network, {@code sample.spikes.pb} is InputSpikes, and so on. Commands
 * that accept any kind of file (validate, convert) use this; the others know what they expect.
 */
public enum FileKind {
  NETWORK("net", Network.getDefaultInstance()),
  INPUT_SPIKES("spikes", InputSpikes.getDefaultInstance()),
  DATASET("dataset", SpikeDataset.getDefaultInstance()),
  TRACE("trace", Trace.getDefaultInstance()),
  HARDWARE_CONFIG("hwcfg", HardwareConfig.getDefaultInstance());

  private final String infix;
  private final Message prototype;

  FileKind(String infix, Message prototype) {
    this.infix = infix;
    this.prototype = prototype;
  }

  /** The name part, e.g. {@code net} in {@code model.net.pb}. */
  public String infix() {
    return infix;
  }

  /** The default instance of the message type. */
  public Message prototype() {
    return prototype;
  }

  /** The kind named by {@code file}, or a one-line error listing the known names. */
  public static FileKind of(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    Encoding encoding = Encoding.of(file);
    String stem = name.substring(0, name.length() - encoding.extension().length());
    for (FileKind kind : values()) {
      if (stem.endsWith("." + kind.infix)) {
        return kind;
      }
    }
    String known = Arrays.stream(values()).map(k -> "." + k.infix).collect(Collectors.joining(", "));
    throw new SpikeForgeIoException(
        file, null, "cannot tell the message type from the name; use one of " + known
            + " before " + encoding.extension() + " (or --type)");
  }

  /**
   * Reads a file of this kind and runs the checks that need no other file (networks are fully
   * validated; input spikes without a channel count to match).
   */
  public Message readValidated(Path file) {
    return switch (this) {
      case NETWORK -> ProtoFiles.readNetwork(file);
      case INPUT_SPIKES -> ProtoFiles.readInputSpikes(file, -1);
      case DATASET -> ProtoFiles.readDataset(file, -1);
      case TRACE -> ProtoFiles.readTrace(file);
      case HARDWARE_CONFIG -> ProtoFiles.readHardwareConfig(file);
    };
  }
}
