package org.spikeforge.emulator;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeforge.proto.HardwareConfig;

/**
 * Reads {@code *.hwcfg.pb} files: parse, then validate. Every failure (unreadable file, bad protobuf, invalid
 * field) comes out as one {@link ConfigException} whose message starts with the file name.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Reads, parses and compiles the config in {@code file}. */
  public static CompiledConfig load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the file (" + e.getMessage() + ")", e);
    }
    return compile(bytes, file.toString());
  }

  /** Parses and compiles serialized config bytes; {@code origin} names their source in messages. */
  public static CompiledConfig compile(byte[] bytes, String origin) {
    HardwareConfig cfg = parse(bytes, origin);
    try {
      return CompiledConfig.compile(cfg);
    } catch (ConfigException e) {
      throw e.withOrigin(origin);
    }
  }

  /** Parses serialized config bytes without validating them. */
  public static HardwareConfig parse(byte[] bytes, String origin) {
    try {
      return HardwareConfig.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ConfigException(origin + ": not a valid HardwareConfig protobuf (" + e.getMessage() + ")", e);
    }
  }
}
