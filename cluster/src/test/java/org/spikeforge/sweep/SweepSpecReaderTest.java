package org.spikeforge.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep file: expansion into trials, stable ids, and one clear line for every kind of bad input. */
class SweepSpecReaderTest {
  @TempDir Path tmp;

  private static final String BASE = """
      name: t
      base:
        train: {dataset: yinyang, model: lif, hidden: "8", epochs: 1}
        compile: {target: loihi2, dt: 0.01}
        verify: {samples: 10}
      """;

  private SweepSpec spec(String text) throws IOException {
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, text);
    return SweepSpecReader.read(f);
  }

  private String error(String text) {
    return assertThrows(SweepSpecException.class, () -> TrialPlan.expand(spec(text), "s.yaml")).getMessage()
        .replace(tmp.resolve("s.yaml").toString(), "s.yaml");
  }

  @Test
  void gridTimesZippedListsTimesDraws() throws IOException {
    SweepSpec s = spec(BASE + """
        axes:
          grid: {train.seed: [1, 2, 3], compile.target: [loihi2, xylo]}
          lists: {train.lr: [0.001, 0.002], train.epochs: [1, 2]}
          random: {draws: 2, seed: 7, params: {train.weight-scale: {uniform: [2, 4]}, train.chunk: {int: [5, 9]}}}
        """);
    List<Trial> trials = TrialPlan.expand(s, "s.yaml");
    assertEquals(3 * 2 * 2 * 2, trials.size());
    // the first grid axis varies slowest; the zipped lists move together
    assertEquals(1L, trials.get(0).options().get("train.seed"));
    assertEquals(2L, trials.get(8).options().get("train.seed"));
    for (Trial t : trials) {
      boolean first = t.options().get("train.lr").equals(0.001);
      assertEquals(first ? 1L : 2L, t.options().get("train.epochs"));
      double w = (Double) t.options().get("train.weight-scale");
      assertTrue(w >= 2 && w < 4, "uniform draw " + w);
      long c = (Long) t.options().get("train.chunk");
      assertTrue(c >= 5 && c <= 9, "int draw " + c);
      assertEquals("yinyang", t.options().get("train.dataset"));
    }
    Set<String> ids = new HashSet<>();
    trials.forEach(t -> ids.add(t.id()));
    assertEquals(trials.size(), ids.size());
    // same spec, same ids and draws (seeded); another draw seed, other ids
    assertEquals(trials, TrialPlan.expand(s, "s.yaml"));
    List<Trial> other = TrialPlan.expand(spec(BASE + """
        axes:
          grid: {train.seed: [1, 2, 3], compile.target: [loihi2, xylo]}
          lists: {train.lr: [0.001, 0.002], train.epochs: [1, 2]}
          random: {draws: 2, seed: 8, params: {train.weight-scale: {uniform: [2, 4]}, train.chunk: {int: [5, 9]}}}
        """), "s.yaml");
    assertNotEquals(trials.get(0).id(), other.get(0).id());
  }

  @Test
  void idIsTheHashOfTheOptionsWhateverTheirOrder() {
    String a = Trial.idOf(Map.of("train.seed", 1L, "compile.target", "xylo"));
    assertEquals(a, Trial.idOf(new java.util.LinkedHashMap<>(Map.of("compile.target", "xylo", "train.seed", 1L))));
    assertEquals(12, a.length());
    assertNotEquals(a, Trial.idOf(Map.of("train.seed", 2L, "compile.target", "xylo")));
  }

  @Test
  void badInputIsOneLineNamingTheField() {
    assertEquals("s.yaml: axes.grid.train.sead: unknown option 'sead' of stage train (known: "
        , error(BASE + "axes: {grid: {train.sead: [1, 2]}}\n").replaceAll("\\(known: .*", "(known: "));
    assertTrue(error(BASE + "axes: {grid: {train.seed: []}}\n")
        .startsWith("s.yaml: axes.grid.train.seed: no values"));
    assertTrue(error(BASE + "axes: {grid: {fit.seed: [1]}}\n")
        .startsWith("s.yaml: axes.grid.fit.seed: unknown option 'fit.seed'"));
    assertTrue(error(BASE + "axes: {lists: {train.lr: [0.1, 0.2], train.seed: [1]}}\n")
        .startsWith("s.yaml: axes.lists.train.seed: 1 values, but the lists before it have 2"));
    assertTrue(error(BASE + "axes: {grid: {train.seed: [1]}, wobble: 3}\n").startsWith("s.yaml: axes.wobble: unknown key"));
    assertTrue(error(BASE + "axes: {random: {draws: 2, params: {train.lr: {normal: [0, 1]}}}}\n")
        .startsWith("s.yaml: axes.random.params.train.lr: unknown distribution 'normal'"));
    assertTrue(error(BASE + "axes: {grid: {compile.target: [loihi3]}}\n")
        .startsWith("s.yaml: trial 1 (compile.target=loihi3): compile.target: unknown target 'loihi3'"), error(BASE
        + "axes: {grid: {compile.target: [loihi3]}}\n"));
    assertTrue(error(BASE + "axes: {grid: {train.epochs: [many]}}\n").contains("'epochs' has a value of the wrong type"));
    assertTrue(error("base: {train: {out: x}}\n").startsWith("s.yaml: base.train.out: unknown option 'out'"));
    for (String m : List.of(error(BASE + "axes: {grid: {train.sead: [1, 2]}}\n"), error("name: [\n"))) {
      assertEquals(1, m.lines().count(), m);
    }
  }

  @Test
  void csvRoundTripKeepsEveryFieldAndOneRowPerTrial() {
    ResultsTable t = new ResultsTable();
    Trial a = Trial.of(0, Map.of("train.seed", 1L, "train.hidden", "8,4"), Map.of("train.seed", 1L));
    Map<String, Double> figs = new java.util.LinkedHashMap<>();
    TrialResult.FIGURES.forEach(f -> figs.put(f, 0.1 + f.length() / 3.0));
    figs.put("export_s", Double.NaN);
    t.put(ResultRow.of(a, new TrialResult(a.id(), true, "", figs, Map.of("dir", "/x/y"))));
    Trial b = Trial.of(1, Map.of("train.seed", 2L), Map.of("train.seed", 2L));
    t.put(ResultRow.of(b, new TrialResult(b.id(), false, "train: \"bad\", really", Map.of(), Map.of())));
    t.put(ResultRow.of(b, new TrialResult(b.id(), false, "again", Map.of(), Map.of())));
    Path f = tmp.resolve("r.csv");
    t.write(f);
    ResultsTable back = ResultsTable.read(f);
    assertEquals(2, back.rows().size());
    assertEquals(figs, back.get(a.id()).result().figures());
    assertEquals("8,4", back.get(a.id()).options().get("train.hidden"));
    assertEquals("again", back.get(b.id()).result().error());
    assertTrue(back.done(a.id()));
    assertTrue(!back.done(b.id()));
  }
}
