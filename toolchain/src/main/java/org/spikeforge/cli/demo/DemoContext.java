package org.spikeforge.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the stages of one demo run share: the output directory, the writers, the seed and the
 * files produced so far, by name (e.g. {@code "network"} to the example network file). One
 * context per run; nothing is kept between runs.
 */
public final class DemoContext {
  /** Artifact names used by the built-in stages; later stages may add their own. */
  public static final String NETWORK = "network";
  public static final String INPUTS = "inputs";
  public static final String TRACE = "trace";

  private final Path workDir;
  private final PrintWriter out;
  private final PrintWriter err;
  private final long seed;
  private final boolean quick;
  private final Map<String, Path> artifacts = new LinkedHashMap<>();

  /**
   * @param workDir where stages write their files
   * @param quick when true, stages use their smallest settings (for tests)
   */
  public DemoContext(Path workDir, PrintWriter out, PrintWriter err, long seed, boolean quick) {
    this.workDir = workDir;
    this.out = out;
    this.err = err;
    this.seed = seed;
    this.quick = quick;
  }

  public Path workDir() {
    return workDir;
  }

  /** Normal output (summaries). */
  public PrintWriter out() {
    return out;
  }

  /** Progress and diagnostics. */
  public PrintWriter err() {
    return err;
  }

  public long seed() {
    return seed;
  }

  public boolean quick() {
    return quick;
  }

  /** Records a file produced by a stage under {@code name}. */
  public void putArtifact(String name, Path file) {
    artifacts.put(name, file);
  }

  /** A file recorded by an earlier stage. */
  public Optional<Path> artifact(String name) {
    return Optional.ofNullable(artifacts.get(name));
  }

  /** Every recorded file, in the order recorded. */
  public Map<String, Path> artifacts() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
  }
}
