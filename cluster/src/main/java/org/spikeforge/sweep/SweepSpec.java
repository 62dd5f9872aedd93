package org.spikeforge.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep file, read by {@link SweepSpecReader}: the base pipeline and the axes that vary it. Options are named
 * {@code STAGE.KEY} ({@code train.lr}, {@code compile.target}, {@code verify.samples}, {@code export.format}); the
 * keys of each stage are listed in {@link PipelineOptions}.
 *
 * <p>The trials are the product of three parts, each of which may be absent: the {@code grid} (every combination
 * of its lists), the zipped {@code lists} (equal lengths, the i-th values go together) and the {@code random} draws
 * ({@code draws} combinations, each option drawn from its distribution with the spec's seed).
 *
 * @param name what the sweep is called (for the results' titles)
 * @param base every option that all trials share, flat ({@code train.epochs -> 3})
 * @param grid option -> values, every combination
 * @param lists option -> values, zipped
 * @param draws number of random draws (0: no random part)
 * @param randomSeed seed of the draws
 * @param random option -> distribution
 * @param out results directory from the file (null: the command line's or the default)
 * @param master Spark master from the file (null: the command line's or {@code local[*]})
 */
public record SweepSpec(String name, Map<String, Object> base, Map<String, List<Object>> grid,
    Map<String, List<Object>> lists, int draws, long randomSeed, Map<String, Distribution> random, String out,
    String master) {

  public SweepSpec {
    base = new LinkedHashMap<>(base);
    grid = new LinkedHashMap<>(grid);
    lists = new LinkedHashMap<>(lists);
    random = new LinkedHashMap<>(random);
  }

  /** Every option some axis varies, in spec order (grid, lists, random). */
  public List<String> axes() {
    LinkedHashMap<String, Boolean> keys = new LinkedHashMap<>();
    grid.keySet().forEach(k -> keys.put(k, true));
    lists.keySet().forEach(k -> keys.put(k, true));
    random.keySet().forEach(k -> keys.put(k, true));
    return List.copyOf(keys.keySet());
  }
}
