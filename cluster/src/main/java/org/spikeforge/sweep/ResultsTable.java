package org.spikeforge.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.spikeforge.io.AtomicFiles;

/**
 * The sweep's one table, {@code results.csv}: one row per trial id (never two), with the trial's status, its
 * one-line error, every option, every figure of {@link TrialResult#FIGURES} and the artifact paths. It is rewritten
 * atomically (temp file and rename) after every finished trial, so a driver killed at any moment leaves a complete
 * table of the trials done so far, which the rerun reads to skip them.
 *
 * <p>Its twin {@code results.parquet} ({@link #writeParquet}) holds the same columns, typed, for tools that read
 * Parquet (pandas, pyarrow, DuckDB, Spark SQL). It is written with Parquet's own writer, not Spark SQL's, which would
 * bring Spark's SQL engine for a table of a few hundred rows; the CSV stays the file a rerun reads.
 */
public final class ResultsTable {
  /** The file name inside the sweep's results directory. */
  public static final String FILE = "results.csv";
  /** The Parquet twin's file name, beside {@link #FILE}. */
  public static final String PARQUET_FILE = "results.parquet";
  private static final List<String> HEAD = List.of("trial", "index", "status", "error");

  private final Map<String, ResultRow> rows = new LinkedHashMap<>();

  /** Reads {@code file}; an absent file is an empty table. */
  public static ResultsTable read(Path file) {
    ResultsTable t = new ResultsTable();
    List<List<String>> records;
    try {
      records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return t;
    } catch (IOException e) {
      throw new SweepSpecException(file + ": cannot read the results table (" + e.getMessage() + ")");
    }
    if (records.isEmpty()) {
      return t;
    }
    List<String> header = records.get(0);
    if (!header.subList(0, Math.min(HEAD.size(), header.size())).equals(HEAD)) {
      throw new SweepSpecException(file + ": not a sweep results table (header starts " + header.subList(0,
          Math.min(4, header.size())) + ", expected " + HEAD + ")");
    }
    for (int r = 1; r < records.size(); r++) {
      List<String> rec = records.get(r);
      if (rec.size() != header.size()) {
        throw new SweepSpecException(file + ": line " + (r + 1) + ": " + rec.size() + " fields, header has "
            + header.size());
      }
      Map<String, String> options = new LinkedHashMap<>();
      Map<String, Double> figures = new LinkedHashMap<>();
      Map<String, String> artifacts = new LinkedHashMap<>();
      for (int c = HEAD.size(); c < header.size(); c++) {
        String name = header.get(c);
        String v = rec.get(c);
        if (TrialResult.FIGURES.contains(name)) {
          figures.put(name, v.isEmpty() ? Double.NaN : Double.parseDouble(v));
        } else if (name.startsWith("file_") && TrialResult.ARTIFACTS.contains(name.substring(5))) {
          artifacts.put(name.substring(5), v);
        } else if (!v.isEmpty()) {
          options.put(name, v);
        }
      }
      TrialResult result = new TrialResult(rec.get(0), rec.get(2).equals("ok"), rec.get(3), figures, artifacts);
      t.put(new ResultRow(Integer.parseInt(rec.get(1)), options, result));
    }
    return t;
  }

  /** Adds or replaces the row of that trial id. */
  public void put(ResultRow row) {
    rows.put(row.id(), row);
  }

  /** The row of a trial id, or null. */
  public ResultRow get(String id) {
    return rows.get(id);
  }

  /** Every row, by spec position. */
  public List<ResultRow> rows() {
    List<ResultRow> all = new ArrayList<>(rows.values());
    all.sort(Comparator.comparingInt(ResultRow::index).thenComparing(ResultRow::id));
    return all;
  }

  /** True when the trial has a row with status ok (a rerun skips it; failed trials run again). */
  public boolean done(String id) {
    ResultRow r = rows.get(id);
    return r != null && r.result().ok();
  }

  /** Writes the table as CSV to {@code file} atomically. */
  public void write(Path file) {
    Cells cells = cells();
    StringBuilder b = new StringBuilder();
    Csv.line(b, cells.header());
    cells.records().forEach(rec -> Csv.line(b, rec));
    AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes the same table as Parquet to {@code file} atomically (message {@code sweep_results}, the CSV's columns in
   * the CSV's order): {@code trial}, {@code status} and {@code error} are required strings and {@code index} a
   * required INT32; an option column is INT64, DOUBLE, BOOLEAN or string as its values allow
   * ({@link ParquetTable#infer}); the figures are DOUBLE and the {@code file_*} columns strings, both null where the
   * CSV cell is empty. The footer's key/value metadata names the sweep ({@code spikeforge.sweep}).
   */
  public void writeParquet(Path file, String sweepName) {
    Cells cells = cells();
    List<ParquetTable.Column> columns = new ArrayList<>();
    for (int c = 0; c < cells.header().size(); c++) {
      String name = cells.header().get(c);
      ParquetTable.Column col;
      if (c < HEAD.size()) {
        col = new ParquetTable.Column(name, name.equals("index") ? ParquetTable.Kind.INT32 : ParquetTable.Kind.STRING,
            true);
      } else if (c < HEAD.size() + cells.options()) {
        int k = c;
        col = new ParquetTable.Column(name, ParquetTable.infer(cells.records().stream().map(r -> r.get(k)).toList()),
            false);
      } else if (TrialResult.FIGURES.contains(name)) {
        col = new ParquetTable.Column(name, ParquetTable.Kind.DOUBLE, false);
      } else {
        col = new ParquetTable.Column(name, ParquetTable.Kind.STRING, false);
      }
      columns.add(col);
    }
    ParquetTable.write(file, "sweep_results", columns, cells.records(), Map.of("spikeforge.sweep", sweepName));
  }

  /** The table as text cells: the header, then one record per row in {@link #rows()} order. */
  private record Cells(List<String> header, int options, List<List<String>> records) {}

  private Cells cells() {
    TreeSet<String> optionNames = new TreeSet<>();
    rows.values().forEach(r -> optionNames.addAll(r.options().keySet()));
    List<String> header = new ArrayList<>(HEAD);
    header.addAll(optionNames);
    header.addAll(TrialResult.FIGURES);
    TrialResult.ARTIFACTS.forEach(a -> header.add("file_" + a));
    List<List<String>> records = new ArrayList<>();
    for (ResultRow r : rows()) {
      List<String> rec = new ArrayList<>();
      rec.add(r.id());
      rec.add(Integer.toString(r.index()));
      rec.add(r.result().ok() ? "ok" : "failed");
      rec.add(r.result().error());
      optionNames.forEach(o -> rec.add(r.options().getOrDefault(o, "")));
      for (String f : TrialResult.FIGURES) {
        double v = r.result().figure(f);
        rec.add(Double.isNaN(v) ? "" : Double.toString(v));
      }
      TrialResult.ARTIFACTS.forEach(a -> rec.add(r.result().artifacts().getOrDefault(a, "")));
      records.add(rec);
    }
    return new Cells(header, optionNames.size(), records);
  }
}
