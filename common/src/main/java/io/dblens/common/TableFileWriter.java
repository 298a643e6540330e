package io.dblens.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one table's rows from a task straight into Parquet files under the table's directory, laid out
 * as Spark's writer lays them out (a folder per partition value, the Parquet schema and footer Spark would
 * write; see {@link ParquetRowWriter}), with the Delta statistics of the table's statistics columns. The files belong to the table only once the driver commits them ({@link Warehouse#addFiles}).
 *
 * <p>Why not Spark's writer: ingest produces the rows of two big tables in one pass over the logs. Through
 * Spark, the second table had to be read back from the first and written again, and every row went
 * through a copy into Spark's binary row format and Delta's statistics expressions; those passes cost
 * more than parsing the logs. Here each row is encoded once, by the task that parsed it.
 *
 * <p>A task keeps one file open per partition value, at most as many as Spark's writer would
 * ({@link Sessions#CONCURRENT_WRITERS}); past that the least recently used one is finished (logs come in
 * time order, so an old date rarely comes back). Not thread-safe: one writer per table and task.
 */
public final class TableFileWriter {

  /** Longest string Delta keeps as a statistic; longer values get none (no skipping on them). */
  private static final int MAX_STAT_CHARS = 32;

  /** Footer keys of Spark's Parquet writer (ParquetReadSupport.SPARK_METADATA_KEY and its version key). */
  private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
  private static final String SPARK_VERSION_KEY = "org.apache.spark.version";

  /** Hadoop configuration key for the Parquet codec, set from the session by {@link #configure}. */
  private static final String CODEC = "dblens.parquet.codec";

  private final TableSpec table;
  private final Path root;
  private final Configuration conf;
  private final StructType dataSchema;
  private final MessageType parquetSchema;
  private final ParquetProperties properties;
  private final Map<String, String> footer;
  private final int[] partitionOrdinals;
  private final int[] dataOrdinals;
  private final int fileIdOrdinal;
  private final FileStatistics.Columns statsColumns;
  private final CompressionCodecName codec;
  private final String prefix;
  /** Open files by partition values, least recently used first. */
  private final LinkedHashMap<List<Object>, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
  private final List<WrittenFile> written = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();
  private OpenFile last;
  private int files;

  /**
   * @param conf          the session's Hadoop configuration after {@link #configure}
   * @param taskPartition the task's partition number, which file names start with (as Spark's do)
   */
  public TableFileWriter(TableSpec table, String tableRoot, Configuration conf, int taskPartition) {
    this.table = table;
    this.root = new Path(tableRoot);
    StructType schema = table.schema();
    this.partitionOrdinals = table.partitionColumns().stream().mapToInt(schema::fieldIndex).toArray();
    this.dataOrdinals = IntStream.range(0, schema.length())
        .filter(i -> !table.partitionColumns().contains(schema.fields()[i].name())).toArray();
    this.dataSchema = new StructType(Arrays.stream(dataOrdinals).mapToObj(i -> schema.fields()[i])
        .toArray(StructField[]::new));
    this.conf = conf;
    this.parquetSchema = new SparkToParquetSchemaConverter(conf).convert(dataSchema);
    ParquetProperties.Builder props = ParquetProperties.builder()
        .withPageSize(ParquetOutputFormat.getPageSize(conf))
        .withDictionaryPageSize(ParquetOutputFormat.getDictionaryPageSize(conf))
        .withDictionaryEncoding(ParquetOutputFormat.getEnableDictionary(conf))
        .withWriterVersion(ParquetOutputFormat.getWriterVersion(conf))
        // Size statistics (level histograms per page) cost work on every value and no reader here uses them.
        .withSizeStatisticsEnabled(false);
    table.distinctColumns().forEach(c -> props.withDictionaryEncoding(c, false));
    table.textColumns().forEach(c -> props.withStatisticsEnabled(c, false));
    this.properties = props.build();
    // What Spark's writer puts in the footer: its version and the schema of the rows.
    this.footer = Map.of(SPARK_VERSION_KEY, org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT(),
        SPARK_SCHEMA_KEY, dataSchema.json());
    this.fileIdOrdinal = Arrays.asList(schema.fieldNames()).indexOf("file_id");
    this.statsColumns = new FileStatistics.Columns(schema, table.statsColumns(), MAX_STAT_CHARS);
    String name = conf.get(CODEC, "snappy");
    this.codec = name.equalsIgnoreCase("none") ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.fromConf(name);
    this.prefix = String.format("part-%05d-%s", taskPartition, UUID.randomUUID());
  }

  /**
   * Copies the session's Parquet settings into a Hadoop configuration for the tasks: what Spark's writer
   * would have used, so that these files read back like Spark's own.
   */
  public static Configuration configure(SparkSession spark, Configuration hadoop) {
    Configuration out = new Configuration(hadoop);
    for (var entry : List.of(SQLConf.PARQUET_WRITE_LEGACY_FORMAT(), SQLConf.PARQUET_FIELD_ID_WRITE_ENABLED(),
        SQLConf.PARQUET_ANNOTATE_VARIANT_LOGICAL_TYPE())) {
      out.set(entry.key(), spark.conf().get(entry.key()));
    }
    out.set(CODEC, spark.conf().get(SQLConf.PARQUET_COMPRESSION().key()));
    // These files hold timestamps as INT64 microseconds whatever the session writes (ParquetRowWriter).
    out.set(SQLConf.PARQUET_OUTPUT_TIMESTAMP_TYPE().key(), "TIMESTAMP_MICROS");
    return out;
  }

  /**
   * Writes one row, its values in the table's column order and Spark's internal representation; values
   * past the table's columns are ignored (a parsed event carries details that only typed tables take).
   */
  public void write(Object[] values) throws IOException {
    OpenFile file = last != null && last.holds(values, partitionOrdinals) ? last : fileFor(values);
    Object[] data = new Object[dataOrdinals.length];
    for (int i = 0; i < data.length; i++) {
      data[i] = values[dataOrdinals[i]];
    }
    file.writer.write(data);
    file.stats.add(values);
    if (fileIdOrdinal >= 0) {
      file.fileId(values[fileIdOrdinal]);
    }
  }

  /** Finishes every open file and returns all files written. */
  public List<WrittenFile> finish() throws IOException {
    for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
      OpenFile f = it.next();
      it.remove();
      close(f);
    }
    last = null;
    return List.copyOf(written);
  }

  /** After a failure: closes what is open and deletes every file this writer made. */
  public void abort() {
    for (OpenFile f : open.values()) {
      try {
        f.writer.close();
      } catch (IOException | RuntimeException e) {
        // the file is deleted below either way
      }
    }
    open.clear();
    last = null;
    for (Path p : paths) {
      try {
        p.getFileSystem(conf).delete(p, false);
      } catch (IOException e) {
        // an unreferenced file is harmless: Delta never reads it, VACUUM removes it
      }
    }
  }

  private OpenFile fileFor(Object[] values) throws IOException {
    Object[] key = new Object[partitionOrdinals.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = values[partitionOrdinals[i]];
    }
    List<Object> k = Arrays.asList(key);
    OpenFile f = open.get(k);
    if (f == null) {
      if (open.size() >= Sessions.CONCURRENT_WRITERS) {
        Iterator<OpenFile> eldest = open.values().iterator();
        OpenFile done = eldest.next();
        eldest.remove();
        close(done);
      }
      f = start(key);
      open.put(k, f);
    }
    last = f;
    return f;
  }

  private OpenFile start(Object[] key) throws IOException {
    Map<String, String> partitionValues = new LinkedHashMap<>();
    StringBuilder dir = new StringBuilder();
    for (int i = 0; i < key.length; i++) {
      String column = table.partitionColumns().get(i);
      String value = partitionValue(key[i], table.schema().fields()[partitionOrdinals[i]]);
      partitionValues.put(column, value);
      dir.append(ExternalCatalogUtils.getPartitionPathString(column, value)).append('/');
    }
    String relative = dir + String.format("%s.c%03d%s.parquet", prefix, files++, codec.getExtension());
    Path path = new Path(root, relative);
    paths.add(path);
    ParquetRowWriter writer = new ParquetRowWriter(HadoopOutputFile.fromPath(path, conf), dataSchema, parquetSchema,
        properties, codec, ParquetOutputFormat.getLongBlockSize(conf), conf, footer);
    return new OpenFile(key, relative, path, partitionValues, writer, statsColumns.collector());
  }

  private void close(OpenFile f) throws IOException {
    f.writer.close();
    FileStatus status = f.path.getFileSystem(conf).getFileStatus(f.path);
    written.add(new WrittenFile(table.name(), new Path(f.relative).toUri().toString(), f.partitionValues,
        status.getLen(), status.getModificationTime(), f.stats.records(), f.stats.json(), List.copyOf(f.fileIds)));
  }

  /** A partition value as Delta records it: dates as ISO days, null stays null. */
  private static String partitionValue(Object value, StructField field) {
    if (value == null) {
      return null;
    }
    if (field.dataType().equals(DataTypes.DateType)) {
      return java.time.LocalDate.ofEpochDay((Integer) value).toString();
    }
    return value.toString();
  }

  private static final class OpenFile {
    final Object[] key;
    final String relative;
    final Path path;
    final Map<String, String> partitionValues;
    final ParquetRowWriter writer;
    final FileStatistics stats;
    final TreeSet<String> fileIds = new TreeSet<>();
    private Object lastFileId;

    OpenFile(Object[] key, String relative, Path path, Map<String, String> partitionValues,
        ParquetRowWriter writer, FileStatistics stats) {
      this.key = key;
      this.relative = relative;
      this.path = path;
      this.partitionValues = partitionValues;
      this.writer = writer;
      this.stats = stats;
    }

    boolean holds(Object[] values, int[] partitionOrdinals) {
      for (int i = 0; i < key.length; i++) {
        if (!Objects.equals(key[i], values[partitionOrdinals[i]])) {
          return false;
        }
      }
      return true;
    }

    /** The rows of one input file carry the same id object, so a set insert is needed only when it changes. */
    void fileId(Object id) {
      if (id != lastFileId && id != null) {
        lastFileId = id;
        fileIds.add(id.toString());
      }
    }
  }

}
