package org.spikeforge.hw.export;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.LavaProcessGraph;

/**
 * Reads and writes {@code .lava.pb} (binary) and {@code .lava.json} (protobuf JsonFormat) files.
 * Binary output is deterministic (map entries sorted), so the same graph always has the same
 * bytes; that is what the config round trip is checked against.
 */
public final class LavaGraphFiles {
  private LavaGraphFiles() {}

  /** Deterministic binary encoding of any message. */
  public static byte[] deterministicBytes(Message m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(m.getSerializedSize());
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      m.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes binary, or JSON when the name ends in {@code .json}; atomically. */
  public static void write(LavaProcessGraph g, Path out) {
    if (out.getFileName().toString().endsWith(".json")) {
      try {
        String json = JsonFormat.printer().print(g);
        AtomicFiles.writeBytes(out, json.getBytes(StandardCharsets.UTF_8));
      } catch (InvalidProtocolBufferException e) {
        throw new BadExchangeFileException(out, "(json)", "cannot print: " + e.getMessage(), e);
      }
    } else {
      AtomicFiles.writeBytes(out, deterministicBytes(g));
    }
  }

  /** Reads binary or JSON (by extension) without interpreting it. */
  public static LavaProcessGraph read(Path in) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(in);
    } catch (IOException e) {
      throw new BadExchangeFileException(in, "(file)", "cannot read: " + e.getMessage(), e);
    }
    try {
      if (in.getFileName().toString().endsWith(".json")) {
        LavaProcessGraph.Builder b = LavaProcessGraph.newBuilder();
        JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), b);
        return b.build();
      }
      return LavaProcessGraph.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new BadExchangeFileException(in, "(protobuf encoding of LavaProcessGraph)",
          "not a valid message: " + firstLine(e.getMessage()), e);
    }
  }

  /** Reads a graph and rebuilds its loihi2 config, refusing damaged or inconsistent files. */
  public static HardwareConfig readConfig(Path in) {
    return new LavaGraphImporter(in.toString()).toConfig(read(in));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown protobuf error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
