package org.spikeforge.io;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.Trace;

/**
 * Reads and writes SpikeForge's proto messages in either encoding, chosen by the file extension
 * (see {@link Encoding}). Every failure becomes a one-line {@link SpikeForgeIoException} naming
 * the file and, where it can be found, the field. Writes are atomic.
 *
 * <p>The typed readers ({@link #readNetwork}, {@link #readInputSpikes}, ...) also validate the
 * content, so commands can trust what they get.
 */
public final class ProtoFiles {
  private ProtoFiles() {}

  /**
   * Reads one message of the type of {@code prototype} (e.g. {@code Network.getDefaultInstance()})
   * without semantic validation. Unknown fields are refused: they mean the file holds a different
   * message type (a trace given where a network was expected).
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T read(Path file, T prototype) {
    Encoding encoding = Encoding.of(file);
    byte[] bytes = readBytes(file);
    String typeName = prototype.getDescriptorForType().getFullName();
    Message message;
    if (encoding == Encoding.BINARY) {
      try {
        message = prototype.getParserForType().parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        String field = BinaryFieldLocator.locate(bytes, prototype.getDescriptorForType());
        String hint = bytes[0] == '{' ? " (the file looks like JSON; name it .json)" : "";
        throw new SpikeForgeIoException(
            file, field, "not a valid " + typeName + " protobuf binary: " + firstSentence(e.getMessage()) + hint, e);
      }
    } else {
      String text = decodeUtf8(file, bytes);
      Message.Builder builder = prototype.newBuilderForType();
      try {
        JsonFormat.parser().merge(text, builder);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        String reason = jsonReason(e);
        String field = gsonPath(reason);
        if (field == null) {
          field = new JsonFieldLocator().locate(text, prototype.getDescriptorForType());
        }
        throw new SpikeForgeIoException(file, field, "not a valid " + typeName + " JSON: " + reason, e);
      }
      message = builder.build();
    }
    String unknown = firstUnknownField(message, "");
    if (unknown != null) {
      throw new SpikeForgeIoException(
          file, unknown, "unknown field in a " + typeName + " file (is this the right kind of file?)");
    }
    return (T) message;
  }

  /** Writes {@code message} atomically, as binary or JSON according to the file extension. */
  public static void write(Path file, MessageOrBuilder message) {
    AtomicFiles.write(file, encode(message, Encoding.of(file)));
  }

  /** The bytes of {@code message} in {@code encoding}; JSON keeps the .proto field names. */
  public static byte[] encode(MessageOrBuilder message, Encoding encoding) {
    if (encoding == Encoding.BINARY) {
      return message instanceof Message m
          ? m.toByteArray()
          : ((Message.Builder) message).build().toByteArray();
    }
    try {
      String json = JsonFormat.printer().preservingProtoFieldNames().print(message);
      return (json + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("JsonFormat cannot print " + message.getClass(), e);
    }
  }

  /** Reads and validates a network (see {@link NetworkValidator}). */
  public static Network readNetwork(Path file) {
    Network net = read(file, Network.getDefaultInstance());
    NetworkValidator.check(net, file);
    return net;
  }

  /**
   * Reads and validates one sample's input spikes.
   *
   * @param expectedChannels the network's {@code num_inputs}, or -1 to skip that check
   */
  public static InputSpikes readInputSpikes(Path file, int expectedChannels) {
    InputSpikes spikes = read(file, InputSpikes.getDefaultInstance());
    InputSpikesValidator.check(spikes, expectedChannels, file);
    return spikes;
  }

  /** Reads and validates a dataset of input samples; {@code expectedChannels} as above. */
  public static SpikeDataset readDataset(Path file, int expectedChannels) {
    SpikeDataset dataset = read(file, SpikeDataset.getDefaultInstance());
    InputSpikesValidator.check(dataset, expectedChannels, file);
    return dataset;
  }

  /** Reads a trace (no semantic checks: traces are produced by SpikeForge itself). */
  public static Trace readTrace(Path file) {
    return read(file, Trace.getDefaultInstance());
  }

  /** Reads a compiled hardware config; its target checks it when loading. */
  public static HardwareConfig readHardwareConfig(Path file) {
    return read(file, HardwareConfig.getDefaultInstance());
  }

  private static byte[] readBytes(Path file) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new SpikeForgeIoException(file, null, "is a directory, expected a file");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SpikeForgeIoException(file, null, "file not found", e);
    } catch (IOException e) {
      throw new SpikeForgeIoException(file, null, "cannot read: " + AtomicFiles.describe(e), e);
    }
    if (bytes.length == 0) {
      throw new SpikeForgeIoException(file, null, "file is empty");
    }
    return bytes;
  }

  private static String decodeUtf8(Path file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SpikeForgeIoException(
          file, null, "not UTF-8 text; a .json file must hold protobuf JSON (binary files end in .pb)", e);
    }
  }

  private static String firstSentence(String text) {
    if (text == null) {
      return "unreadable";
    }
    int end = text.indexOf(". ");
    return end >= 0 ? text.substring(0, end + 1) : text;
  }

  /**
   * JsonFormat reports bad values itself ("Not a double value: ...") but wraps Gson's syntax
   * errors, whose own message says line, column and path; pick whichever says more.
   */
  private static String jsonReason(Exception e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getClass().getName().startsWith("com.google.gson") || t instanceof java.io.EOFException) {
        Throwable inner = t;
        while (inner.getCause() != null && inner.getCause() != inner) {
          inner = inner.getCause();
        }
        return trimHelpLink(String.valueOf(inner.getMessage()));
      }
    }
    return trimHelpLink(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** The JSON path Gson reports for syntax errors ("path $.a[0].b"), as a field path, or null. */
  private static String gsonPath(String reason) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("path \\$\\.(\\S+)").matcher(reason);
    return m.find() ? m.group(1) : null;
  }

  private static String trimHelpLink(String reason) {
    int cut = reason.indexOf("\nSee https://");
    return cut >= 0 ? reason.substring(0, cut) : reason;
  }

  private static String firstUnknownField(Message message, String prefix) {
    UnknownFieldSet unknown = message.getUnknownFields();
    if (!unknown.asMap().isEmpty()) {
      return prefix + "field #" + unknown.asMap().keySet().iterator().next();
    }
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
        continue;
      }
      if (field.isRepeated()) {
        List<?> items = (List<?>) entry.getValue();
        for (int i = 0; i < items.size(); i++) {
          String found = firstUnknownField((Message) items.get(i), prefix + field.getName() + "[" + i + "].");
          if (found != null) {
            return found;
          }
        }
      } else {
        String found = firstUnknownField((Message) entry.getValue(), prefix + field.getName() + ".");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
