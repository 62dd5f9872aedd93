package org.spikeforge.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expands a {@link SweepSpec} into its trials: grid combinations (the first axis varies slowest) × zipped lists ×
 * random draws, each trial the base options with the axis values on top. Every trial's options are checked here,
 * before anything runs, so a bad value stops the sweep with one line instead of failing every trial.
 */
public final class TrialPlan {
  private TrialPlan() {}

  /**
   * The trials of {@code spec}, in order; {@code source} names the spec file in messages.
   *
   * @throws SweepSpecException for a bad option value in any trial, or two trials with the same options
   */
  public static List<Trial> expand(SweepSpec spec, String source) {
    List<Map<String, Object>> points = List.of(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> axis : spec.grid().entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> p : points) {
        for (Object v : axis.getValue()) {
          Map<String, Object> q = new LinkedHashMap<>(p);
          q.put(axis.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    if (!spec.lists().isEmpty()) {
      int n = spec.lists().values().iterator().next().size();
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> p : points) {
        for (int i = 0; i < n; i++) {
          Map<String, Object> q = new LinkedHashMap<>(p);
          for (Map.Entry<String, List<Object>> axis : spec.lists().entrySet()) {
            q.put(axis.getKey(), axis.getValue().get(i));
          }
          next.add(q);
        }
      }
      points = next;
    }
    if (spec.draws() > 0) {
      SplittableRandom random = new SplittableRandom(spec.randomSeed());
      List<Map<String, Object>> draws = new ArrayList<>();
      for (int d = 0; d < spec.draws(); d++) {
        Map<String, Object> q = new LinkedHashMap<>();
        spec.random().forEach((k, dist) -> q.put(k, dist.draw(random)));
        draws.add(q);
      }
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> p : points) {
        for (Map<String, Object> d : draws) {
          Map<String, Object> q = new LinkedHashMap<>(p);
          q.putAll(d);
          next.add(q);
        }
      }
      points = next;
    }
    List<Trial> trials = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Map<String, Object> varied : points) {
      Map<String, Object> options = new LinkedHashMap<>(spec.base());
      options.putAll(varied);
      Trial t = Trial.of(trials.size(), options, varied);
      PipelineOptions.of(t.options(), Path.of("trial"), source + ": trial " + (t.index() + 1) + " (" + t.label() + ")");
      Integer before = seen.putIfAbsent(t.id(), t.index());
      if (before != null) {
        throw new SweepSpecException(source + ": trials " + (before + 1) + " and " + (t.index() + 1)
            + " have the same options (" + t.label() + "); remove the repeated axis value");
      }
      trials.add(t);
    }
    return trials;
  }
}
