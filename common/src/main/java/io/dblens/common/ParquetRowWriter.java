package io.dblens.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Writes rows of Spark values (in their internal form) into one Parquet file, straight into the column
 * writers: each value goes to its leaf column with its repetition and definition levels, computed once
 * per schema node. This is what parquet-mr's record writer does through a record consumer, minus the
 * per-field bookkeeping (field lookups, written-field bit sets, the search for missing fields) that took
 * a quarter of the writing time; the file and its footer are the same. The Parquet schema is the one
 * Spark's own writer derives ({@code SparkToParquetSchemaConverter}), so Spark reads the files as its
 * own. Supports the types the catalogue uses: strings, integers, longs, doubles, booleans, dates,
 * timestamps (INT64 microseconds), structs, arrays and maps.
 */
final class ParquetRowWriter implements AutoCloseable {

  /** Records between two checks of the buffered size against the row group size. */
  private static final int CHECK_EVERY = 1000;

  private final ParquetFileWriter file;
  private final MessageType schema;
  private final ParquetProperties props;
  private final CodecFactory codecs;
  private final CodecFactory.BytesCompressor compressor;
  private final long rowGroupBytes;
  private final Map<String, String> footer;
  private final Node[] fields;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private long rowGroupRecords;

  ParquetRowWriter(OutputFile out, StructType sparkSchema, MessageType schema, ParquetProperties props,
      CompressionCodecName codec, long rowGroupBytes, Configuration conf, Map<String, String> footer)
      throws IOException {
    this.schema = schema;
    this.props = props;
    this.rowGroupBytes = rowGroupBytes;
    this.footer = footer;
    this.file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0, null, props);
    this.file.start();
    this.codecs = new CodecFactory(conf, props.getPageSizeThreshold());
    this.compressor = codecs.getCompressor(codec);
    this.fields = new Node[sparkSchema.length()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = node(sparkSchema.fields()[i].dataType(), schema.getType(i), new String[] {schema.getFieldName(i)},
          0, 0);
    }
    startRowGroup();
  }

  /** One row: its top-level values in schema order. */
  void write(Object[] values) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      fields[i].write(values[i], 0);
    }
    columns.endRecord();
    if (++rowGroupRecords % CHECK_EVERY == 0 && columns.getBufferedSize() >= rowGroupBytes) {
      flushRowGroup();
      startRowGroup();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (rowGroupRecords > 0) {
        flushRowGroup();
      }
      file.end(footer);
    } finally {
      codecs.release();
    }
  }

  private void startRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
        props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
    columns = props.newColumnWriteStore(schema, pages, pages);
    rowGroupRecords = 0;
    for (Node f : fields) {
      f.bind(columns);
    }
  }

  private void flushRowGroup() throws IOException {
    columns.flush();
    file.startBlock(rowGroupRecords);
    pages.flushToFileWriter(file);
    file.endBlock();
    columns.close();
    pages.close();
  }

  /**
   * A schema node with its levels: {@code def} is the definition level of a present value (the optional
   * and repeated nodes on its path, itself included), {@code rep} the repetition level of the innermost
   * repeated node above it.
   */
  private abstract static class Node {
    final int def;
    final int rep;
    final boolean optional;
    final List<Leaf> leaves = new ArrayList<>();

    Node(int def, int rep, boolean optional) {
      this.def = def;
      this.rep = rep;
      this.optional = optional;
    }

    /** Writes the value (null writes a null to every leaf below, at the level of the parent). */
    void write(Object value, int r) {
      if (value == null) {
        for (Leaf l : leaves) {
          l.writer.writeNull(r, def - 1);
        }
      } else {
        present(value, r);
      }
    }

    abstract void present(Object value, int r);

    void bind(ColumnWriteStore store) {
      for (Leaf l : leaves) {
        l.writer = store.getColumnWriter(l.column);
      }
    }
  }

  private Node node(DataType type, Type parquet, String[] path, int parentDef, int rep) {
    boolean optional = parquet.isRepetition(Type.Repetition.OPTIONAL);
    int def = parentDef + (optional ? 1 : 0);
    Node n;
    if (type instanceof StructType struct) {
      GroupType group = parquet.asGroupType();
      Node[] children = new Node[struct.length()];
      for (int i = 0; i < children.length; i++) {
        children[i] = node(struct.fields()[i].dataType(), group.getType(i), append(path, group.getFieldName(i)),
            def, rep);
      }
      n = new Struct(def, rep, optional, children);
      for (Node c : children) {
        n.leaves.addAll(c.leaves);
      }
    } else if (type instanceof ArrayType array) {
      GroupType repeated = parquet.asGroupType().getType(0).asGroupType();
      String[] inner = append(path, repeated.getName());
      Node element = node(array.elementType(), repeated.getType(0), append(inner, repeated.getFieldName(0)), def + 1,
          rep + 1);
      n = new Repeated(def, rep, optional, element, null);
      n.leaves.addAll(element.leaves);
    } else if (type instanceof MapType map) {
      GroupType repeated = parquet.asGroupType().getType(0).asGroupType();
      String[] inner = append(path, repeated.getName());
      Node key = node(map.keyType(), repeated.getType(0), append(inner, repeated.getFieldName(0)), def + 1, rep + 1);
      Node value = node(map.valueType(), repeated.getType(1), append(inner, repeated.getFieldName(1)), def + 1,
          rep + 1);
      n = new Repeated(def, rep, optional, key, value);
      n.leaves.addAll(key.leaves);
      n.leaves.addAll(value.leaves);
    } else {
      n = new Leaf(def, rep, optional, type, schema.getColumnDescription(path));
      n.leaves.add((Leaf) n);
    }
    return n;
  }

  private static String[] append(String[] path, String name) {
    String[] out = java.util.Arrays.copyOf(path, path.length + 1);
    out[path.length] = name;
    return out;
  }

  private static final class Leaf extends Node {
    private final ColumnDescriptor column;
    private final int kind;
    ColumnWriter writer;

    private static final int STRING = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final int BOOLEAN = 4;

    Leaf(int def, int rep, boolean optional, DataType type, ColumnDescriptor column) {
      super(def, rep, optional);
      this.column = column;
      if (type instanceof StringType) {
        kind = STRING;
      } else if (type instanceof IntegerType || type instanceof DateType) {
        kind = INT;
      } else if (type instanceof LongType || type instanceof TimestampType) {
        kind = LONG; // timestamps as INT64 microseconds, the session's output type (Sessions)
      } else if (type instanceof DoubleType) {
        kind = DOUBLE;
      } else if (type instanceof BooleanType) {
        kind = BOOLEAN;
      } else {
        throw new IllegalArgumentException("no Parquet writer for " + type);
      }
    }

    @Override
    void present(Object value, int r) {
      switch (kind) {
        case STRING -> {
          UTF8String s = (UTF8String) value;
          // Strings made by UTF8String.fromString own their whole array: no copy is made.
          writer.write(Binary.fromConstantByteArray(s.getBytes()), r, def);
        }
        case INT -> writer.write((Integer) value, r, def);
        case LONG -> writer.write((Long) value, r, def);
        case DOUBLE -> writer.write((Double) value, r, def);
        default -> writer.write((Boolean) value, r, def);
      }
    }
  }

  private static final class Struct extends Node {
    private final Node[] children;

    Struct(int def, int rep, boolean optional, Node[] children) {
      super(def, rep, optional);
      this.children = children;
    }

    @Override
    void present(Object value, int r) {
      InternalRow row = (InternalRow) value;
      for (int i = 0; i < children.length; i++) {
        children[i].write(row.isNullAt(i) ? null : row.get(i, null), r);
      }
    }

    @Override
    void bind(ColumnWriteStore store) {
      for (Node c : children) {
        c.bind(store);
      }
    }
  }

  /** A list (one child, the element) or a map (key and value); both repeat one group per item. */
  private static final class Repeated extends Node {
    private final Node first;
    private final Node second;

    Repeated(int def, int rep, boolean optional, Node first, Node second) {
      super(def, rep, optional);
      this.first = first;
      this.second = second;
    }

    @Override
    void present(Object value, int r) {
      ArrayData items;
      ArrayData values = null;
      if (value instanceof MapData map) {
        items = map.keyArray();
        values = map.valueArray();
      } else {
        items = (ArrayData) value;
      }
      int n = items.numElements();
      if (n == 0) {
        for (Leaf l : leaves) {
          l.writer.writeNull(r, def); // present and empty
        }
        return;
      }
      for (int i = 0; i < n; i++) {
        int ri = i == 0 ? r : rep + 1;
        first.write(items.isNullAt(i) ? null : items.get(i, null), ri);
        if (second != null) {
          second.write(values.isNullAt(i) ? null : values.get(i, null), ri);
        }
      }
    }

    @Override
    void bind(ColumnWriteStore store) {
      first.bind(store);
      if (second != null) {
        second.bind(store);
      }
    }
  }
}
