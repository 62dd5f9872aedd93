package org.spikeforge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The SpikeForge version, read from the Maven metadata packaged in the jar, so that files written
 * by the toolchain (e.g. {@code Provenance.spikeforge_version}) record which build made them.
 */
public final class SpikeForgeVersion {
  /** Schema version of the file formats (see docs/FORMATS.md). */
  public static final String FORMAT_VERSION = "1";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/org.spikeforge/spikeforge-toolchain/pom.properties";

  private SpikeForgeVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when running from classes. */
  public static String get() {
    try (InputStream in = SpikeForgeVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /** Lines printed by {@code spikeforge --version} and {@code spikeforge version}. */
  public static String[] lines() {
    return new String[] {
      "spikeforge " + get(),
      "file formats: v" + FORMAT_VERSION + " (protobuf binary .pb, protobuf JSON .json)",
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }

  /** Lets picocli's {@code --version} print {@link #lines()}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
