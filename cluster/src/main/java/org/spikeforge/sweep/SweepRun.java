package org.spikeforge.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One sweep from spec to table, independent of where the trials run: reads the existing table, skips the trials
 * already done there (same id = same options), hands the rest to a {@link TrialExecutor}, records every result in
 * the table as it arrives (atomically, so a killed driver loses nothing finished; {@code results.csv} first, then its
 * Parquet twin {@code results.parquet}, which is rewritten once more at the end), then draws the per-axis plots and
 * names the best trial.
 */
public final class SweepRun {
  private SweepRun() {}

  /**
   * What a sweep run did.
   *
   * @param rows the table's rows for this spec's trials, in spec order
   * @param ran trials run now
   * @param skipped trials already done in the table
   * @param failed trials of this spec that failed (now or before)
   * @param best the trial with the highest main figure, if any succeeded
   * @param plots the PNG files written
   */
  public record Outcome(List<ResultRow> rows, int ran, int skipped, int failed, Optional<ResultRow> best,
      List<Path> plots) {}

  /**
   * Runs {@code trials} of {@code spec} into {@code dir} ({@code results.csv}, {@code results.parquet},
   * {@code trials/}, {@code plots/}).
   */
  public static Outcome run(SweepSpec spec, List<Trial> trials, Path dir, TrialExecutor executor, PrintStream err) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot create the results directory", e);
    }
    Path tableFile = dir.resolve(ResultsTable.FILE);
    Path parquetFile = dir.resolve(ResultsTable.PARQUET_FILE);
    ResultsTable table = ResultsTable.read(tableFile);
    List<Trial> pending = trials.stream().filter(t -> !table.done(t.id())).toList();
    int skipped = trials.size() - pending.size();
    err.printf(Locale.ROOT, "sweep %s: %d trials, %d already done in %s, running %d on %s%n", spec.name(),
        trials.size(), skipped, tableFile, pending.size(), executor.describe());
    SweepProgress progress = new SweepProgress(pending.size(), err);
    if (!pending.isEmpty()) {
      executor.run(pending, dir, new TrialExecutor.Listener() {
        @Override
        public void started(String trialId) {
          progress.started(trialId);
        }

        @Override
        public void finished(Trial trial, TrialResult result) {
          synchronized (table) {
            table.put(ResultRow.of(trial, result));
            table.write(tableFile);
            table.writeParquet(parquetFile, spec.name());
          }
          if (!result.ok()) {
            err.println("sweep: trial " + trial.id() + " (" + trial.label() + ") failed: " + result.error());
          }
          progress.finished(trial.id(), result.ok());
        }
      });
    }
    synchronized (table) { // also when nothing ran: the twin of a table from before it existed, or of a killed run
      table.writeParquet(parquetFile, spec.name());
    }
    Set<String> ids = trials.stream().map(Trial::id).collect(Collectors.toSet());
    List<ResultRow> rows = new ArrayList<>(table.rows().stream().filter(r -> ids.contains(r.id())).toList());
    List<Path> plots = AxisPlots.write(dir, spec.name(), spec.axes(), rows);
    Optional<ResultRow> best = Optional.empty();
    for (ResultRow r : rows) {
      double y = r.result().figure(TrialResult.MAIN_FIGURE);
      if (r.result().ok() && !Double.isNaN(y)
          && (best.isEmpty() || y > best.get().result().figure(TrialResult.MAIN_FIGURE))) {
        best = Optional.of(r);
      }
    }
    int failed = (int) rows.stream().filter(r -> !r.result().ok()).count();
    return new Outcome(rows, pending.size(), skipped, failed, best, plots);
  }
}
