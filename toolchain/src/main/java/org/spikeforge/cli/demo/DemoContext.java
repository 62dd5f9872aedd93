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
  /** The Yin-Yang LIF network trained by the train stage ({@code model.net.pb}). */
  public static final String TRAINED_NETWORK = "trained-network";
  /** Compiled configs, one per target: {@code config:loihi2}, {@code config:xylo}. */
  public static final String CONFIG_PREFIX = "config:";

  private final Path workDir;
  private final PrintWriter out;
  private final PrintWriter err;
  private final long seed;
  private final boolean quick;
  private final DemoRecipe recipe;
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
    this.recipe = DemoRecipe.of(quick, seed);
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

  /** Settings of the Yin-Yang stages for this run (full or quick). */
  public DemoRecipe recipe() {
    return recipe;
  }

  /** Worker threads for the parallel stages (all cores). */
  public int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** Creates {@code workDir/name} (and parents) and returns it. */
  public Path subdirectory(String name) {
    Path dir = workDir.resolve(name);
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(dir + ": cannot create directory", e);
    }
    return dir;
  }

  /** A file an earlier stage must have recorded; a clear error when the stage was not run. */
  public Path requireArtifact(String name, String producedBy) {
    return artifact(name).orElseThrow(() -> new IllegalStateException("no " + name + " file: run the '"
        + producedBy + "' stage first (e.g. demo --only " + producedBy + ",...)"));
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
