package org.spikeforge.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.spikeforge.io.AtomicFiles;

/**
 * The demo's closing report: one screen with every stage's status, time, key numbers and files, and the same
 * content as {@code summary.json} in the output directory (for scripts and tests).
 *
 * @param results one per stage, in order
 * @param seconds wall-clock seconds of the whole run
 * @param workDir the output directory
 * @param quick whether the run used the quick recipe
 * @param seed the demo seed
 */
public record DemoSummary(List<StageResult> results, double seconds, Path workDir, boolean quick, long seed) {
  public DemoSummary {
    results = List.copyOf(results);
  }

  public boolean passed() {
    return results.stream().allMatch(StageResult::passed);
  }

  /** The one-screen text. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    long ok = results.stream().filter(StageResult::passed).count();
    sb.append(String.format(Locale.ROOT, "=== SpikeForge demo summary (%s, seed %d): %d/%d stages ok in %.1f s ===%n",
        quick ? "quick" : "full", seed, ok, results.size(), seconds));
    int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(5);
    for (StageResult r : results) {
      sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-7s %6.1f s  %s%n", r.name(), r.status(),
          r.seconds(), r.ran() ? r.outcome().summary() : "not run (an earlier stage failed)"));
      if (r.ran() && !r.outcome().files().isEmpty()) {
        sb.append(" ".repeat(width + 18)).append("-> ").append(files(r.outcome().files())).append('\n');
      }
    }
    sb.append("files in ").append(workDir).append(" (summary.json lists them all)\n");
    return sb.toString();
  }

  /** Paths relative to the output directory when they lie inside it. */
  private String files(List<Path> files) {
    return files.stream().map(this::relative).collect(Collectors.joining(", "));
  }

  private String relative(Path file) {
    Path base = workDir.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(base) ? base.relativize(f).toString() : file.toString();
  }

  /** {@code summary.json}: per stage its status, seconds, summary line and files. */
  public String json() {
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = om.createObjectNode();
    root.put("passed", passed());
    root.put("quick", quick);
    root.put("seed", seed);
    root.put("seconds", seconds);
    root.put("out", workDir.toString());
    ArrayNode stages = root.putArray("stages");
    for (StageResult r : results) {
      ObjectNode s = stages.addObject();
      s.put("name", r.name());
      s.put("status", r.status());
      s.put("seconds", r.seconds());
      if (r.ran()) {
        s.put("summary", r.outcome().summary());
        ArrayNode files = s.putArray("files");
        r.outcome().files().forEach(f -> files.add(f.toString()));
      }
    }
    try {
      return om.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code summary.json} and {@code summary.txt} into the output directory, atomically. */
  public void write() {
    AtomicFiles.write(workDir.resolve("summary.json"), json().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(workDir.resolve("summary.txt"), text().getBytes(StandardCharsets.UTF_8));
  }
}
