package io.dblens.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The Delta statistics of one data file ({@code numRecords}, {@code minValues}, {@code maxValues},
 * {@code nullCount}) over chosen top-level columns, gathered row by row as the file is written. Delta
 * skips a file by these bounds, so they must never be narrower than the data: timestamps are written to
 * the millisecond (the minimum rounded down, the maximum up) and a string longer than Delta keeps gets
 * no bounds at all.
 */
final class FileStatistics {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** The columns statistics are kept on: their names, ordinals in the row and types. */
  static final class Columns {
    final String[] names;
    final int[] ordinals;
    final DataType[] types;
    final int maxChars;

    Columns(StructType schema, List<String> names, int maxChars) {
      this.names = names.toArray(String[]::new);
      this.ordinals = names.stream().mapToInt(schema::fieldIndex).toArray();
      this.types = names.stream().map(n -> schema.apply(n).dataType()).toArray(DataType[]::new);
      this.maxChars = maxChars;
      for (DataType t : types) {
        if (!(t.equals(DataTypes.StringType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType)
            || t.equals(DataTypes.TimestampType) || t.equals(DataTypes.DateType))) {
          throw new IllegalArgumentException("no statistics for columns of type " + t);
        }
      }
    }

    FileStatistics collector() {
      return new FileStatistics(this);
    }
  }

  private final Columns columns;
  private final Object[] min;
  private final Object[] max;
  private final long[] nulls;
  private long records;

  private FileStatistics(Columns columns) {
    this.columns = columns;
    this.min = new Object[columns.names.length];
    this.max = new Object[columns.names.length];
    this.nulls = new long[columns.names.length];
  }

  void add(Object[] values) {
    records++;
    for (int i = 0; i < min.length; i++) {
      Object v = values[columns.ordinals[i]];
      if (v == null) {
        nulls[i]++;
      } else if (min[i] == null) {
        min[i] = v;
        max[i] = v;
      } else if (v != min[i] && v != max[i]) { // rows of one file share their file_id and instance objects
        if (compare(v, min[i]) < 0) {
          min[i] = v;
        } else if (compare(v, max[i]) > 0) {
          max[i] = v;
        }
      }
    }
  }

  /** Binary order for strings, as Delta's statistics use (UTF8String.compareTo also checks collations). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return a instanceof UTF8String s ? s.binaryCompare((UTF8String) b) : ((Comparable) a).compareTo(b);
  }

  long records() {
    return records;
  }

  String json() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("numRecords", records);
      bounds(g, "minValues", min, false);
      bounds(g, "maxValues", max, true);
      g.writeObjectFieldStart("nullCount");
      for (int i = 0; i < nulls.length; i++) {
        g.writeNumberField(columns.names[i], nulls[i]);
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private void bounds(JsonGenerator g, String field, Object[] values, boolean upper) throws IOException {
    g.writeObjectFieldStart(field);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        continue;
      }
      DataType t = columns.types[i];
      String name = columns.names[i];
      if (t.equals(DataTypes.StringType)) {
        UTF8String s = (UTF8String) v;
        if (s.numChars() <= columns.maxChars) {
          g.writeStringField(name, s.toString());
        }
      } else if (t.equals(DataTypes.TimestampType)) {
        long micros = (Long) v;
        long millis = upper ? -Math.floorDiv(-micros, 1000) : Math.floorDiv(micros, 1000);
        g.writeStringField(name, TIMESTAMP.format(Instant.ofEpochMilli(millis)));
      } else if (t.equals(DataTypes.DateType)) {
        g.writeStringField(name, LocalDate.ofEpochDay((Integer) v).toString());
      } else {
        g.writeNumberField(name, ((Number) v).longValue());
      }
    }
    g.writeEndObject();
  }
}
