package org.spikeforge.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sweep file (YAML, or JSON when it ends in {@code .json}) through Jackson into a {@link SweepSpec}, checking
 * every field on the way: an unknown key, an unknown option of a stage, an axis with no values or lists of unequal
 * lengths is refused with one line naming the file and the field ({@link SweepSpecException}).
 *
 * <pre>
 * name: yinyang-tiny
 * base:
 *   train:   {dataset: yinyang, model: lif, hidden: "8", epochs: 2, train-limit: 200}
 *   compile: {target: loihi2, dt: 0.01, calibration-samples: 50}
 *   verify:  {samples: 100}
 * axes:
 *   grid:   {train.seed: [1, 2], compile.target: [loihi2, xylo]}
 *   lists:  {train.lr: [0.002, 0.005], train.epochs: [2, 3]}
 *   random: {draws: 2, seed: 7, params: {train.weight-scale: {uniform: [2, 4]}}}
 * </pre>
 */
public final class SweepSpecReader {
  private static final Set<String> TOP = Set.of("name", "out", "master", "base", "axes");
  private static final Set<String> AXES = Set.of("grid", "lists", "random");
  private static final Set<String> RANDOM = Set.of("draws", "seed", "params");

  private SweepSpecReader() {}

  /** Reads and checks {@code file}. */
  public static SweepSpec read(Path file) {
    ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new SweepSpecException(file + ": sweep file not found");
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new SweepSpecException(file + ": not valid " + (file.toString().endsWith(".json") ? "JSON" : "YAML")
          + (at == null ? "" : " at line " + at.getLineNr()) + " (" + e.getOriginalMessage().replaceAll("\\s*\\R\\s*",
          " ") + ")");
    } catch (IOException e) {
      throw new SweepSpecException(file + ": cannot read (" + e.getMessage() + ")");
    }
    return parse(root, file.toString());
  }

  /** Checks an already parsed tree; {@code source} names it in messages. */
  public static SweepSpec parse(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new SweepSpecException(source + ": expected a mapping with 'base' and 'axes'");
    }
    keys(root, TOP, source, "");
    JsonNode base = root.path("base");
    if (!base.isObject()) {
      throw new SweepSpecException(source + ": base: missing (the pipeline every trial runs: train, compile, verify)");
    }
    keys(base, PipelineOptions.STAGES, source, "base.");
    Map<String, Object> flat = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> stage = it.next();
      String field = "base." + stage.getKey();
      if (!stage.getValue().isObject()) {
        throw new SweepSpecException(source + ": " + field + ": expected a mapping of options");
      }
      for (Iterator<Map.Entry<String, JsonNode>> o = stage.getValue().fields(); o.hasNext();) {
        Map.Entry<String, JsonNode> opt = o.next();
        String option = stage.getKey() + "." + opt.getKey();
        PipelineOptions.checkName(option, source + ": " + field + "." + opt.getKey());
        flat.put(option, scalar(opt.getValue(), source + ": " + field + "." + opt.getKey()));
      }
    }
    JsonNode axes = root.path("axes");
    if (!axes.isMissingNode() && !axes.isObject()) {
      throw new SweepSpecException(source + ": axes: expected a mapping with grid, lists or random");
    }
    keys(axes, AXES, source, "axes.");
    Map<String, List<Object>> grid = valueLists(axes.path("grid"), source, "axes.grid");
    Map<String, List<Object>> lists = valueLists(axes.path("lists"), source, "axes.lists");
    int length = -1;
    for (Map.Entry<String, List<Object>> e : lists.entrySet()) {
      if (length >= 0 && e.getValue().size() != length) {
        throw new SweepSpecException(source + ": axes.lists." + e.getKey() + ": " + e.getValue().size()
            + " values, but the lists before it have " + length + " (zipped lists need equal lengths)");
      }
      length = e.getValue().size();
    }
    JsonNode random = axes.path("random");
    int draws = 0;
    long seed = 0;
    Map<String, Distribution> dists = new LinkedHashMap<>();
    if (!random.isMissingNode()) {
      keys(random, RANDOM, source, "axes.random.");
      draws = random.path("draws").asInt(-1);
      if (!random.path("draws").isIntegralNumber() || draws < 1) {
        throw new SweepSpecException(source + ": axes.random.draws: must be an integer >= 1");
      }
      seed = random.path("seed").asLong(0);
      JsonNode params = random.path("params");
      if (!params.isObject() || params.isEmpty()) {
        throw new SweepSpecException(source + ": axes.random.params: no options to draw");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> p = it.next();
        String field = source + ": axes.random.params." + p.getKey();
        PipelineOptions.checkName(p.getKey(), field);
        if (!p.getValue().isObject() || p.getValue().size() != 1) {
          throw new SweepSpecException(field + ": expected one distribution, e.g. {uniform: [0.001, 0.01]}");
        }
        Map.Entry<String, JsonNode> d = p.getValue().fields().next();
        dists.put(p.getKey(), Distribution.of(d.getKey(), values(d.getValue(), field), field));
      }
    }
    List<String> seen = new ArrayList<>();
    for (String k : concat(grid.keySet(), lists.keySet(), dists.keySet())) {
      if (seen.contains(k)) {
        throw new SweepSpecException(source + ": axes: option " + k + " is varied by two axes");
      }
      seen.add(k);
    }
    return new SweepSpec(root.path("name").asText("sweep"), flat, grid, lists, draws, seed, dists,
        root.hasNonNull("out") ? root.get("out").asText() : null,
        root.hasNonNull("master") ? root.get("master").asText() : null);
  }

  private static List<String> concat(Set<String> a, Set<String> b, Set<String> c) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }

  private static void keys(JsonNode node, Set<String> known, String source, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new SweepSpecException(source + ": " + prefix + k + ": unknown key (known: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  private static Map<String, List<Object>> valueLists(JsonNode node, String source, String prefix) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return out;
    }
    if (!node.isObject()) {
      throw new SweepSpecException(source + ": " + prefix + ": expected a mapping of option -> list of values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = source + ": " + prefix + "." + e.getKey();
      PipelineOptions.checkName(e.getKey(), field);
      out.put(e.getKey(), values(e.getValue(), field));
    }
    return out;
  }

  private static List<Object> values(JsonNode node, String field) {
    if (!node.isArray()) {
      throw new SweepSpecException(field + ": expected a list of values");
    }
    if (node.isEmpty()) {
      throw new SweepSpecException(field + ": no values (an axis needs at least one)");
    }
    List<Object> out = new ArrayList<>();
    node.forEach(v -> out.add(scalar(v, field)));
    return out;
  }

  /** A YAML scalar as a plain Java value: String, Long, Double or Boolean. */
  static Object scalar(JsonNode v, String field) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    throw new SweepSpecException(field + ": expected a number, text or true/false, got " + v.getNodeType()
        .toString().toLowerCase(java.util.Locale.ROOT));
  }
}
