package io.dblens.common;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.functions;
import scala.Function1;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The warehouse directory and the ways dblens writes Delta tables. Every write is one Delta
 * transaction, which is what makes a killed job safe to re-run: either the whole write is in the
 * table or none of it is.
 */
public final class Warehouse {

  private final SparkSession spark;
  private final String root;

  public Warehouse(SparkSession spark, String root) {
    if (root == null || root.isBlank()) {
      throw DblensException.usage("no warehouse given", "every job reads and writes tables under one directory",
          "pass --warehouse DIR (a local path, hdfs://, s3a:// ...)");
    }
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String path(TableSpec table) {
    return root + "/" + table.name();
  }

  /** The table's directory as a fully qualified path, for tasks that write into it. */
  public String qualifiedPath(TableSpec table) {
    Path p = new Path(path(table));
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the table directory " + p, e);
    }
  }

  public boolean exists(TableSpec table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The table, or an empty one with its schema when it has not been written yet. */
  public Dataset<Row> read(TableSpec table) {
    if (!exists(table)) {
      return spark.createDataFrame(List.of(), table.schema());
    }
    return spark.read().format("delta").load(path(table));
  }

  /** Replaces the whole table with the rows (analysis outputs). */
  public void overwrite(TableSpec table, Dataset<Row> rows) {
    writer(table, rows, "overwrite", createsWithStats(table)).option("overwriteSchema", "true").save(path(table));
  }

  /** Appends the rows. */
  public void append(TableSpec table, Dataset<Row> rows) {
    writer(table, rows, "append", createsWithStats(table)).save(path(table));
  }

  /**
   * Atomically deletes the rows matching the predicate and inserts the given ones: re-ingesting a
   * file replaces its rows and nothing else. A table not written yet is simply created with the rows.
   */
  public void replaceWhere(TableSpec table, Dataset<Row> rows, String predicate) {
    if (!exists(table)) {
      writer(table, rows, "append", true).save(path(table));
      return;
    }
    writer(table, rows, "overwrite", false).option("replaceWhere", predicate).save(path(table));
  }

  /**
   * Adds data files that tasks wrote into the table's directory ({@link TableFileWriter}) and, in the same
   * transaction, removes the rows of the input files {@code replaced} (those matching {@code predicate}):
   * {@link #replaceWhere} for rows that are already written. A table not written yet is created.
   */
  public void addFiles(TableSpec table, List<WrittenFile> files, Set<String> replaced,
      String predicate) {
    FileCommit.commit(this, table, files, replaced, predicate);
  }

  /**
   * Writes a few rows held by the driver (the ledger, job runs, new fingerprints) straight into a data file
   * and commits it as {@link #addFiles} does: no Spark job to plan and run for a handful of rows.
   *
   * @param rows     rows in the table's schema (external types: String, Long, Timestamp, Map ...)
   * @param replaced input files whose earlier rows the commit removes (empty: an append)
   */
  public void writeRows(TableSpec table, List<Row> rows, Set<String> replaced, String predicate) {
    Configuration conf = TableFileWriter.configure(spark, spark.sparkContext().hadoopConfiguration());
    TableFileWriter writer = new TableFileWriter(table, qualifiedPath(table), conf, 0);
    Function1<Object, Object> toInternal = CatalystTypeConverters.createToCatalystConverter(table.schema());
    List<WrittenFile> files;
    try {
      for (Row r : rows) {
        writer.write(((GenericInternalRow) toInternal.apply(r)).values());
      }
      files = writer.finish();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e instanceof IOException io ? new UncheckedIOException("cannot write " + table.name(), io)
          : (RuntimeException) e;
    }
    addFiles(table, files, replaced, predicate);
  }

  /**
   * Rows written by the table's latest commit, from Delta's own operation metrics: read from that commit's
   * log entry, with no Spark job and no table scan.
   */
  public long rowsWritten(TableSpec table) {
    DeltaLog log = DeltaLog.forTable(spark,
        new Path(qualifiedPath(table)));
    long version = log.update(log.update$default$1(), log.update$default$2(), log.update$default$3()).version();
    var changes = log.getChanges(version, Option.empty(), false);
    while (changes.hasNext()) {
      for (Action a : CollectionConverters.asJava(
          changes.next()._2())) {
        if (a instanceof CommitInfo info && info.operationMetrics().isDefined()) {
          Option<String> rows = info.operationMetrics().get().get("numOutputRows");
          return rows.isDefined() ? Long.parseLong(rows.get()) : 0;
        }
      }
    }
    return 0;
  }

  /** Makes every table addressable by its catalogue name in SQL (tables not written yet are empty). */
  public void registerViews() {
    for (TableSpec t : Tables.ALL) {
      read(t).createOrReplaceTempView(t.name());
    }
  }

  /** Whether a write creates a table that keeps statistics on chosen columns (only then is existence asked). */
  private boolean createsWithStats(TableSpec table) {
    return !table.statsColumns().isEmpty() && !exists(table);
  }

  /** @param creates whether this write creates the table (the caller has asked already) */
  private org.apache.spark.sql.DataFrameWriter<Row> writer(TableSpec table, Dataset<Row> rows, String mode,
      boolean creates) {
    // Rows already in the table's shape go as they are: a projection would copy every row once more.
    Dataset<Row> shaped = rows.schema().equals(table.schema()) ? rows : rows.select(Arrays.stream(table.schema()
        .fields()).map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name(), f.metadata())).toArray(Column[]::new));
    var w = shaped.write().format("delta").mode(mode);
    if (!table.partitionColumns().isEmpty()) {
      w = w.partitionBy(table.partitionColumns().toArray(String[]::new));
    }
    if (!table.statsColumns().isEmpty() && creates) {
      // A delta.* option of the write that creates the table becomes a table property: statistics are
      // kept on the chosen columns from the first file on, with no separate create commit.
      w = w.option("delta.dataSkippingStatsColumns", String.join(",", table.statsColumns()));
    }
    return w;
  }
}
