package io.dblens.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Adds files written by tasks ({@link TableFileWriter}) to a Delta table in one transaction, removing in
 * the same commit the table's files that hold rows of the input files being replaced: the atomic
 * equivalent of {@link Warehouse#replaceWhere} for rows that are already in Parquet. A new table is
 * created by that same commit.
 *
 * <p>Each file this writes names its input files in a tag, so a file is known to hold only replaced
 * rows, none, or some. Files written otherwise (by Spark) are judged by their {@code file_id}
 * statistics. Only when a file mixes replaced and kept rows must it be rewritten; then the whole replace
 * goes through Delta's own {@code replaceWhere}, reading the new rows from the files just written.
 */
final class FileCommit {

  /** AddFile tag listing the input files whose rows a data file holds (comma-separated ids). */
  static final String FILE_IDS_TAG = "dblens.file_ids";

  private static final Logger LOG = LoggerFactory.getLogger(FileCommit.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Holds { NONE, ONLY, SOME }

  private FileCommit() {}

  static void commit(Warehouse warehouse, TableSpec table, List<WrittenFile> files, Set<String> replaced,
      String predicate) {
    SparkSession spark = warehouse.spark();
    String root = warehouse.qualifiedPath(table);
    OptimisticTransaction txn = DeltaLog.forTable(spark, new Path(root)).startTransaction();
    List<Action> actions = new ArrayList<>();
    boolean creates = txn.readVersion() < 0;
    if (creates) {
      if (files.isEmpty()) {
        return;
      }
      txn.updateMetadataForNewTable(metadata(table));
    } else if (!replaced.isEmpty()) {
      for (AddFile f : CollectionConverters.asJava(txn.filterFiles())) {
        switch (holds(f, replaced)) {
          case ONLY -> actions.add(f.remove());
          case SOME -> {
            LOG.info("{}: {} mixes replaced and kept rows; replacing through Delta's replaceWhere", table.name(),
                f.path());
            rewrite(warehouse, table, root, files, predicate);
            return;
          }
          default -> { }
        }
      }
    }
    boolean removes = !actions.isEmpty();
    for (WrittenFile f : files) {
      actions.add(add(f));
    }
    if (actions.isEmpty()) {
      return;
    }
    txn.commit(CollectionConverters.asScala(actions).toList(), operation(table, removes ? predicate : null));
  }

  private static Holds holds(AddFile f, Set<String> replaced) {
    Option<String> tagged = f.tags() == null ? Option.empty() : f.tags().get(FILE_IDS_TAG);
    String tag = tagged.isDefined() ? tagged.get() : null;
    if (tag != null) {
      List<String> ids = Arrays.asList(tag.split(","));
      long hits = ids.stream().filter(replaced::contains).count();
      return hits == 0 ? Holds.NONE : hits == ids.size() ? Holds.ONLY : Holds.SOME;
    }
    String[] range = fileIdRange(f.stats());
    if (range == null) {
      return Holds.SOME;
    }
    if (range[0].equals(range[1])) {
      return replaced.contains(range[0]) ? Holds.ONLY : Holds.NONE;
    }
    boolean inRange = replaced.stream().anyMatch(id -> id.compareTo(range[0]) >= 0 && id.compareTo(range[1]) <= 0);
    return inRange ? Holds.SOME : Holds.NONE;
  }

  /** The least and greatest {@code file_id} of a file's statistics, or null when they are not kept. */
  private static String[] fileIdRange(String stats) {
    if (stats == null) {
      return null;
    }
    try {
      JsonNode s = JSON.readTree(stats);
      JsonNode lo = s.path("minValues").path("file_id");
      JsonNode hi = s.path("maxValues").path("file_id");
      return lo.isTextual() && hi.isTextual() ? new String[] {lo.asText(), hi.asText()} : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The rare case: the new rows, read back from their files, replace through Delta; the files go after. */
  private static void rewrite(Warehouse warehouse, TableSpec table, String root, List<WrittenFile> files,
      String predicate) {
    SparkSession spark = warehouse.spark();
    Dataset<Row> rows = files.isEmpty() ? spark.createDataFrame(List.of(), table.schema())
        : spark.read().schema(table.schema()).option("basePath", root)
            .parquet(files.stream().map(f -> root + "/" + f.path()).toArray(String[]::new));
    warehouse.replaceWhere(table, rows, predicate);
    for (WrittenFile f : files) {
      Path p = new Path(root + "/" + f.path());
      try {
        p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + p + " after copying its rows into " + table.name(), e);
      }
    }
  }

  private static AddFile add(WrittenFile f) {
    Map<String, String> tags = Map.of(FILE_IDS_TAG, String.join(",", f.fileIds()));
    return new AddFile(f.path(), immutable(f.partitionValues()), f.sizeBytes(), f.modifiedAt(), true, f.stats(),
        immutable(tags), null, Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty());
  }

  private static Metadata metadata(TableSpec table) {
    Map<String, String> config = new HashMap<>();
    if (!table.statsColumns().isEmpty()) {
      config.put("delta.dataSkippingStatsColumns", String.join(",", table.statsColumns()));
    }
    return new Metadata(UUID.randomUUID().toString(), null, null,
        new Format("parquet", immutable(Map.of())), table.schema().json(),
        CollectionConverters.asScala(table.partitionColumns()).toList(), immutable(config),
        Option.apply((Object) System.currentTimeMillis()));
  }

  private static DeltaOperations.Write operation(TableSpec table, String predicate) {
    DeltaOperations.Write$ w = DeltaOperations.Write$.MODULE$;
    return w.apply(predicate == null ? SaveMode.Append : SaveMode.Overwrite,
        Option.apply(CollectionConverters.asScala(table.partitionColumns()).toList()), Option.apply(predicate),
        w.apply$default$4(), w.apply$default$5(), w.apply$default$6(), w.apply$default$7(), w.apply$default$8(),
        w.apply$default$9());
  }

  private static scala.collection.immutable.Map<String, String> immutable(Map<String, String> map) {
    return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
  }
}
