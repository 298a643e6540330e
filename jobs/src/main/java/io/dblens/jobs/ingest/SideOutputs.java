package io.dblens.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The quarantine ranges a parse pass produces. They carry the raw lines, so they can be as large as the
 * input and do not travel back with the task's result (ledger rows and shapes do): the parse tasks stream
 * them as JSON lines into a staging folder of the run, one file per input file part, and the driver reads
 * them back with the table's schema once the pass is done.
 *
 * <p>A file is written under a temporary name starting with {@code _} (which Spark's readers skip) and
 * renamed when complete, so a failed task attempt leaves nothing that is read; a retried attempt writes
 * the same content under the same final name.
 */
final class SideOutputs implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String QUARANTINE = "quarantine";

  private static final JsonFactory JSON = new JsonFactory();

  private final String root;

  SideOutputs(String root) {
    this.root = root;
  }

  /**
   * Creates the folders empty (whatever a killed run left is removed), so that a kind nothing was written
   * to still reads as empty.
   */
  void create(Configuration conf) {
    try {
      Path base = new Path(root);
      FileSystem fs = base.getFileSystem(conf);
      fs.delete(base, true);
      fs.mkdirs(new Path(base, QUARANTINE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the staging folder " + root, e);
    }
  }

  void delete(Configuration conf) {
    try {
      Path base = new Path(root);
      base.getFileSystem(conf).delete(base, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the staging folder " + root, e);
    }
  }

  /** Starts the rows of one kind for one input file; {@link Writer#close()} publishes them. */
  Writer open(Configuration conf, String kind, String name, StructType schema) throws IOException {
    Path dir = new Path(root, kind);
    return new Writer(dir.getFileSystem(conf), new Path(dir, "_" + name + "." + System.nanoTime() + ".tmp"),
        new Path(dir, name + ".json"), schema);
  }

  /**
   * Reads what the tasks wrote for one kind, typed by the schema. Timestamps travel as epoch
   * microseconds, so no text format has to round-trip.
   */
  Dataset<Row> read(SparkSession spark, String kind, StructType schema) {
    StructType onDisk = new StructType(Arrays.stream(schema.fields())
        .map(f -> f.dataType().equals(DataTypes.TimestampType)
            ? new StructField(f.name(), DataTypes.LongType, true, f.metadata()) : f)
        .toArray(StructField[]::new));
    Column[] typed = Arrays.stream(schema.fields())
        .map(f -> f.dataType().equals(DataTypes.TimestampType)
            ? timestamp_micros(col(f.name())).as(f.name()) : col(f.name()))
        .toArray(Column[]::new);
    return spark.read().schema(onDisk).json(new Path(root, kind).toString()).select(typed);
  }

  /** JSON lines of one kind for one input file, in the schema's column order. */
  static final class Writer implements AutoCloseable {
    private final FileSystem fs;
    private final Path temporary;
    private final Path target;
    private final StructType schema;
    private final JsonGenerator out;

    private Writer(FileSystem fs, Path temporary, Path target, StructType schema) throws IOException {
      this.fs = fs;
      this.temporary = temporary;
      this.target = target;
      this.schema = schema;
      this.out = JSON.createGenerator((java.io.OutputStream) fs.create(temporary, true));
    }

    /**
     * One row; values in the schema's order (String, Long, Integer, Double, Boolean, Instant, Timestamp, or a
     * Map of String to one of those scalars).
     */
    void row(Object... values) {
      try {
        out.writeStartObject();
        for (int i = 0; i < values.length; i++) {
          Object v = values[i];
          if (v == null) {
            continue;
          }
          out.writeFieldName(schema.fields()[i].name());
          if (v instanceof Map<?, ?> m) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
              out.writeFieldName(e.getKey().toString());
              scalar(e.getValue());
            }
            out.writeEndObject();
          } else {
            scalar(v);
          }
        }
        out.writeEndObject();
        out.writeRaw('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + temporary, e);
      }
    }

    private void scalar(Object v) throws IOException {
      if (v instanceof String s) {
        out.writeString(s);
      } else if (v instanceof Long l) {
        out.writeNumber(l);
      } else if (v instanceof Integer n) {
        out.writeNumber(n);
      } else if (v instanceof Double d) {
        out.writeNumber(d);
      } else if (v instanceof Boolean b) {
        out.writeBoolean(b);
      } else if (v instanceof Instant t) {
        out.writeNumber(micros(t));
      } else if (v instanceof Timestamp t) {
        out.writeNumber(micros(t.toInstant()));
      } else {
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
      }
    }

    private static long micros(Instant t) {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    @Override
    public void close() throws IOException {
      out.close();
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target);
      }
    }
  }
}
