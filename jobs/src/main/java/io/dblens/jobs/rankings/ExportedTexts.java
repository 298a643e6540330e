package io.dblens.jobs.rankings;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Statistics exports whose statement text is exported apart (Oracle DBA_HIST_SQLSTAT rows, keyed by
 * sql_id, with the text in a DBA_HIST_SQLTEXT export) reach {@code query_executions} without a
 * fingerprint. They take the fingerprint of any logged statement of the same engine carrying the same
 * key attribute. Done here, when ranking, so that the two files may be ingested in either order or in
 * different runs.
 */
final class ExportedTexts {

  /**
   * An attribute naming a statement across files, for one engine.
   *
   * @param engine    the engine id
   * @param attribute the attribute key, e.g. oracle.sql_id (Oracle's sql_id is a hash of the text, so it
   *                  names the same statement in every database)
   */
  record Key(String engine, String attribute) {}

  static final List<Key> KEYS = List.of(new Key("oracle", "oracle.sql_id"));

  private ExportedTexts() {}

  /** The executions, with fingerprints filled in where a key attribute finds one. */
  static Dataset<Row> resolve(Warehouse warehouse, Dataset<Row> executions) {
    Dataset<Row> out = executions;
    for (Key k : KEYS) {
      if (!hasEngine(warehouse, k.engine())) {
        continue; // no executions of that engine: no join to plan and run
      }
      Column key = col("attributes").getItem(k.attribute());
      Dataset<Row> known = warehouse.read(Tables.LOG_EVENTS)
          .where(col("engine").equalTo(k.engine()).and(col("fingerprint_id").isNotNull()).and(key.isNotNull()))
          .groupBy(key.as("text_key"))
          .agg(min("fingerprint_id").as("known_fingerprint"));
      Column matches = col("engine").equalTo(lit(k.engine())).and(col("fingerprint_id").isNull())
          .and(key.equalTo(col("text_key")));
      out = out.join(known, matches, "left")
          .withColumn("fingerprint_id", coalesce(col("fingerprint_id"), col("known_fingerprint")))
          .drop("text_key", "known_fingerprint");
    }
    return out;
  }

  /**
   * Whether query_executions may hold rows of an engine: its partition folder exists (a folder can outlive
   * its rows, which only costs the join; a missing one means no rows).
   */
  private static boolean hasEngine(Warehouse warehouse, String engine) {
    Path dir = new Path(warehouse.qualifiedPath(Tables.QUERY_EXECUTIONS), "engine=" + engine);
    try {
      return dir.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration()).exists(dir);
    } catch (IOException e) {
      return true;
    }
  }
}
