package org.spikeforge.sweep;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.spikeforge.io.AtomicFiles;

/**
 * A table of text cells written as one Parquet file (one row group, uncompressed), through Parquet's own writer
 * ({@code parquet-hadoop}, from Spark's jars) but without Spark SQL: the sweep's results table is a few hundred rows,
 * and a DataFrame would start Spark SQL's engine for them. The writer is configured through Parquet's older Hadoop
 * {@code Configuration} API, not the {@code ParquetConfiguration} of Parquet 1.14 on, so that a Spark distribution's
 * own (possibly older) Parquet jars should serve under {@code spark-submit}; only 1.15.2 (Spark 4.0.1's) is tested. The configuration is empty ({@code new Configuration(false)}), so no
 * {@code core-site.xml} on the classpath changes the file, and the bytes go to a stream, not through a Hadoop file
 * system. Uncompressed, because a table this size gains nothing from a codec.
 *
 * <p>Each column has a Parquet type: the fixed columns say theirs, an option column is typed from its values
 * ({@link #infer}). An empty cell of an optional column is a null, so a figure that was not reached (NaN, an empty
 * CSV cell) reads back as a null, not as a NaN.
 */
final class ParquetTable {
  private ParquetTable() {}

  /** The Parquet types a column can have; every one but STRING parses its cells. */
  enum Kind {
    STRING, INT32, INT64, DOUBLE, BOOLEAN
  }

  /**
   * One column.
   *
   * @param required false: an empty cell is a null
   */
  record Column(String name, Kind kind, boolean required) {}

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  /**
   * The type of an option column from its non-empty cells: INT64 when every one is an integer, DOUBLE when every one
   * is a decimal number, BOOLEAN when every one is true or false, else STRING (also for a column with no value).
   */
  static Kind infer(List<String> cells) {
    boolean ints = true;
    boolean numbers = true;
    boolean bools = true;
    boolean any = false;
    for (String v : cells) {
      if (v.isEmpty()) {
        continue;
      }
      any = true;
      ints &= INTEGER.matcher(v).matches();
      numbers &= DECIMAL.matcher(v).matches();
      bools &= v.equals("true") || v.equals("false");
    }
    if (!any) {
      return Kind.STRING;
    }
    return ints ? Kind.INT64 : numbers ? Kind.DOUBLE : bools ? Kind.BOOLEAN : Kind.STRING;
  }

  /** The Parquet schema of {@code columns}, as message {@code name}. */
  static MessageType schema(String name, List<Column> columns) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      Repetition rep = c.required() ? Repetition.REQUIRED : Repetition.OPTIONAL;
      switch (c.kind()) {
        case STRING -> b.addField(Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType())
            .named(c.name()));
        case INT32 -> b.addField(Types.primitive(PrimitiveTypeName.INT32, rep).named(c.name()));
        case INT64 -> b.addField(Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name()));
        case DOUBLE -> b.addField(Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name()));
        case BOOLEAN -> b.addField(Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name()));
        default -> throw new IllegalStateException(c.kind().toString());
      }
    }
    return b.named(name);
  }

  /**
   * Writes {@code rows} (each one cell per column, as text) to {@code file} atomically: a temporary file in the same
   * directory, renamed over {@code file} when complete.
   *
   * @param metadata extra key/value pairs for the file footer
   */
  static void write(Path file, String message, List<Column> columns, List<List<String>> rows,
      Map<String, String> metadata) {
    MessageType schema = schema(message, columns);
    AtomicFiles.write(file, out -> {
      try (ParquetWriter<List<String>> w = new Builder(new StreamFile(out, file), schema, columns)
          .withConf(new Configuration(false))
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
          .withExtraMetaData(metadata)
          .build()) {
        for (List<String> row : rows) {
          w.write(row);
        }
      }
    });
  }

  /** The writer's builder: our write support, over a stream. */
  private static final class Builder extends ParquetWriter.Builder<List<String>, Builder> {
    private final MessageType schema;
    private final List<Column> columns;

    Builder(OutputFile out, MessageType schema, List<Column> columns) {
      super(out);
      this.schema = schema;
      this.columns = columns;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // the Hadoop variant on purpose: see the class comment
    protected WriteSupport<List<String>> getWriteSupport(Configuration conf) {
      return new RowSupport(schema, columns);
    }
  }

  /** Sends one row of text cells to Parquet's record consumer, each cell parsed as its column's type. */
  private static final class RowSupport extends WriteSupport<List<String>> {
    private final MessageType schema;
    private final List<Column> columns;
    private RecordConsumer consumer;

    RowSupport(MessageType schema, List<Column> columns) {
      this.schema = schema;
      this.columns = columns;
    }

    @Override
    @SuppressWarnings("deprecation")
    public WriteContext init(Configuration conf) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(List<String> row) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("row of " + row.size() + " cells for " + columns.size() + " columns");
      }
      consumer.startMessage();
      for (int i = 0; i < row.size(); i++) {
        Column c = columns.get(i);
        String v = row.get(i);
        if (v.isEmpty() && !c.required()) {
          continue; // null
        }
        consumer.startField(c.name(), i);
        try {
          switch (c.kind()) {
            case STRING -> consumer.addBinary(Binary.fromString(v));
            case INT32 -> consumer.addInteger(Integer.parseInt(v));
            case INT64 -> consumer.addLong(Long.parseLong(v));
            case DOUBLE -> consumer.addDouble(Double.parseDouble(v));
            case BOOLEAN -> consumer.addBoolean(Boolean.parseBoolean(v));
            default -> throw new IllegalStateException(c.kind().toString());
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("column " + c.name() + ": '" + v + "' is not " + c.kind(), e);
        }
        consumer.endField(c.name(), i);
      }
      consumer.endMessage();
    }
  }

  /** Parquet's output file over the stream {@link AtomicFiles} gives (the temporary file), counting its position. */
  private record StreamFile(OutputStream out, Path target) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
      BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          buffered.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          buffered.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          buffered.flush();
        }

        @Override
        public void close() throws IOException {
          buffered.flush(); // AtomicFiles closes the temporary file, then renames it
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return target.toString();
    }
  }
}
