package org.spikeforge.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code results.parquet} read back with Parquet's own reader (footer and schema through {@link ParquetFileReader},
 * rows through the record assembly of {@code parquet-column}, none of the writer's code): the CSV's columns in its
 * order, each with the documented type and repetition, every value equal to the table's (NaN figures and empty cells
 * as nulls), the file framed by the format's magic bytes, written atomically (no temporary file left).
 */
class ResultsParquetTest {
  @TempDir Path tmp;

  /** Three trials: typed options, one missing in a row, a failed trial with NaN figures. */
  static ResultsTable table(Map<String, Double> figs) {
    ResultsTable t = new ResultsTable();
    Map<String, Object> o1 = new LinkedHashMap<>();
    o1.put("train.seed", 1L);
    o1.put("train.lr", 0.002);
    o1.put("train.hidden", "8,4");
    o1.put("train.bias", true);
    o1.put("compile.target", "loihi2");
    Trial a = Trial.of(0, o1, Map.of("train.seed", 1L));
    t.put(ResultRow.of(a, new TrialResult(a.id(), true, "", figs, Map.of("dir", "/x/y", "network", "/x/y/n.pb"))));
    Map<String, Object> o2 = new LinkedHashMap<>(o1);
    o2.put("train.seed", -20L);
    o2.put("train.lr", 1e-3);
    o2.put("train.hidden", "8");
    o2.put("train.bias", false);
    o2.remove("compile.target");
    Trial b = Trial.of(1, o2, Map.of("train.seed", -20L));
    t.put(ResultRow.of(b, new TrialResult(b.id(), false, "train: \"bad\", really", Map.of("train_s", 1.5), Map.of())));
    Map<String, Object> o3 = new LinkedHashMap<>(o1);
    o3.put("train.lr", 3L); // an integer among decimals: the column stays DOUBLE
    Trial c = Trial.of(2, o3, Map.of("train.lr", 3L));
    t.put(ResultRow.of(c, new TrialResult(c.id(), true, "", figs, Map.of())));
    return t;
  }

  static List<Group> readRows(Path file, MessageType[] schemaOut) throws Exception {
    List<Group> rows = new ArrayList<>();
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      schemaOut[0] = schema;
      PageReadStore pages;
      while ((pages = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages,
            new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(rr.read());
        }
      }
    }
    return rows;
  }

  static Object value(Group g, String field) {
    if (g.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    PrimitiveType t = g.getType().getType(field).asPrimitiveType();
    return switch (t.getPrimitiveTypeName()) {
      case BINARY -> g.getString(field, 0);
      case INT32 -> g.getInteger(field, 0);
      case INT64 -> g.getLong(field, 0);
      case DOUBLE -> g.getDouble(field, 0);
      case BOOLEAN -> g.getBoolean(field, 0);
      default -> throw new AssertionError(t.toString());
    };
  }

  @Test
  void parquetTwinHasTheCsvColumnsTypedAndEveryValue() throws Exception {
    Map<String, Double> figs = new LinkedHashMap<>();
    TrialResult.FIGURES.forEach(f -> figs.put(f, 0.1 + f.length() / 3.0));
    figs.put("export_s", Double.NaN);
    figs.put("neurons", 112.0);
    ResultsTable t = table(figs);
    Path csv = tmp.resolve("results.csv");
    Path pq = tmp.resolve("results.parquet");
    t.write(csv);
    t.writeParquet(pq, "tiny");

    byte[] bytes = Files.readAllBytes(pq);
    byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(magic, java.util.Arrays.copyOfRange(bytes, 0, 4));
    assertArrayEquals(magic, java.util.Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length));
    int footer = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertTrue(footer > 0 && footer < bytes.length - 12, "footer length " + footer);
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of("results.csv", "results.parquet"), files.map(p -> p.getFileName().toString()).sorted()
          .toList());
    }

    MessageType[] schema = new MessageType[1];
    List<Group> rows = readRows(pq, schema);
    List<String> header = Csv.parse(Files.readString(csv)).get(0);
    assertEquals(header, schema[0].getFields().stream().map(Type::getName).toList());
    assertEquals("sweep_results", schema[0].getName());
    Map<String, PrimitiveTypeName> types = new LinkedHashMap<>();
    types.put("trial", PrimitiveTypeName.BINARY);
    types.put("index", PrimitiveTypeName.INT32);
    types.put("status", PrimitiveTypeName.BINARY);
    types.put("error", PrimitiveTypeName.BINARY);
    types.put("compile.target", PrimitiveTypeName.BINARY);
    types.put("train.bias", PrimitiveTypeName.BOOLEAN);
    types.put("train.hidden", PrimitiveTypeName.BINARY);
    types.put("train.lr", PrimitiveTypeName.DOUBLE);
    types.put("train.seed", PrimitiveTypeName.INT64);
    TrialResult.FIGURES.forEach(f -> types.put(f, PrimitiveTypeName.DOUBLE));
    TrialResult.ARTIFACTS.forEach(a -> types.put("file_" + a, PrimitiveTypeName.BINARY));
    assertEquals(new ArrayList<>(types.keySet()), header);
    for (Type f : schema[0].getFields()) {
      PrimitiveType p = f.asPrimitiveType();
      assertEquals(types.get(f.getName()), p.getPrimitiveTypeName(), f.getName());
      boolean required = List.of("trial", "index", "status", "error").contains(f.getName());
      assertEquals(required ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL, f.getRepetition(), f.getName());
      if (p.getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
        assertEquals(LogicalTypeAnnotation.stringType(), p.getLogicalTypeAnnotation(), f.getName());
      }
    }
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(pq))) {
      assertEquals("tiny", r.getFooter().getFileMetaData().getKeyValueMetaData().get("spikeforge.sweep"));
    }

    List<ResultRow> expected = t.rows();
    assertEquals(3, rows.size());
    for (int i = 0; i < 3; i++) {
      Group g = rows.get(i);
      ResultRow e = expected.get(i);
      assertEquals(e.id(), value(g, "trial"));
      assertEquals(i, value(g, "index"));
      assertEquals(e.result().ok() ? "ok" : "failed", value(g, "status"));
      assertEquals(e.result().error(), value(g, "error"));
      for (String f : TrialResult.FIGURES) {
        double v = e.result().figure(f);
        assertEquals(Double.isNaN(v) ? null : v, value(g, f), "row " + i + " " + f);
      }
      for (String a : TrialResult.ARTIFACTS) {
        String v = e.result().artifacts().getOrDefault(a, "");
        assertEquals(v.isEmpty() ? null : v, value(g, "file_" + a), "row " + i + " file_" + a);
      }
    }
    assertEquals(List.of(1L, -20L, 1L), rows.stream().map(g -> value(g, "train.seed")).toList());
    assertEquals(List.of(0.002, 1e-3, 3.0), rows.stream().map(g -> value(g, "train.lr")).toList());
    assertEquals(List.of("8,4", "8", "8,4"), rows.stream().map(g -> value(g, "train.hidden")).toList());
    assertEquals(List.of(true, false, true), rows.stream().map(g -> value(g, "train.bias")).toList());
    List<Object> targets = new ArrayList<>();
    rows.forEach(g -> targets.add(value(g, "compile.target")));
    assertEquals(java.util.Arrays.asList("loihi2", null, "loihi2"), targets);
    assertEquals("", value(rows.get(0), "error"));
    assertEquals("train: \"bad\", really", value(rows.get(1), "error"));
    assertNull(value(rows.get(1), "neurons"));
    assertEquals(1.5, value(rows.get(1), "train_s"));

    // rewritten in place (a smaller table): atomically replaced, still one file
    ResultsTable one = new ResultsTable();
    one.put(expected.get(0));
    one.writeParquet(pq, "tiny");
    assertEquals(1, readRows(pq, schema).size());
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void optionTypesAreInferredFromEveryValue() {
    assertEquals(ParquetTable.Kind.INT64, ParquetTable.infer(List.of("1", "", "-3")));
    assertEquals(ParquetTable.Kind.DOUBLE, ParquetTable.infer(List.of("1", "2.5", "1e-3", ".5")));
    assertEquals(ParquetTable.Kind.BOOLEAN, ParquetTable.infer(List.of("true", "false")));
    assertEquals(ParquetTable.Kind.STRING, ParquetTable.infer(List.of("1", "x")));
    assertEquals(ParquetTable.Kind.STRING, ParquetTable.infer(List.of("NaN")));
    assertEquals(ParquetTable.Kind.STRING, ParquetTable.infer(List.of("8,8")));
    assertEquals(ParquetTable.Kind.STRING, ParquetTable.infer(List.of("", "")));
    assertEquals(ParquetTable.Kind.DOUBLE, ParquetTable.infer(List.of("12345678901234567890")));
    assertThrows(IllegalArgumentException.class, () -> ParquetTable.write(tmp.resolve("x.parquet"), "m",
        List.of(new ParquetTable.Column("a", ParquetTable.Kind.INT64, true)), List.of(List.of("x")), Map.of()));
  }
}
