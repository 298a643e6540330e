package io.dblens.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.parsers.Engine;
import io.dblens.parsers.sql.SqlAnalyzer;
import io.dblens.parsers.sql.SqlShape;
import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Keeps {@code query_fingerprints}: each distinct statement shape is analysed with JSqlParser once,
 * the first time it is seen, and its first/last seen times are widened on later runs. The MERGE keeps
 * it idempotent: re-ingesting the same files changes nothing.
 */
final class FingerprintCatalog {

  /** Time bound for analysing one statement. */
  static final Duration ANALYSIS_TIMEOUT = Duration.ofSeconds(2);

  private FingerprintCatalog() {}

  /** A statement shape as one file saw it, before analysis: what the parse pass hands over. */
  static final StructType SEEN = new StructType()
      .add("fingerprint_id", DataTypes.StringType)
      .add("engine", DataTypes.StringType)
      .add("normalized_text", DataTypes.StringType)
      .add("sample_text", DataTypes.StringType)
      .add("first_seen", DataTypes.TimestampType)
      .add("last_seen", DataTypes.TimestampType);

  /**
   * @param seen shapes in the {@link #SEEN} schema, possibly several per id
   * @return the number of fingerprints analysed for the first time
   */
  static long merge(Warehouse warehouse, Dataset<Row> seen) {
    Dataset<Row> incoming = seen.groupBy(col("fingerprint_id"))
        .agg(first("engine").as("engine"), first("normalized_text").as("normalized_text"),
            // The sample from the earliest sighting: a file read in parts gives the one a single pass gives.
            min_by(col("sample_text"), col("first_seen")).as("sample_text"), min("first_seen").as("first_seen"),
            max("last_seen").as("last_seen"));
    Dataset<Row> existing = warehouse.read(Tables.QUERY_FINGERPRINTS).select("fingerprint_id");
    Dataset<Row> fresh = incoming.join(existing, incoming.col("fingerprint_id").equalTo(existing.col("fingerprint_id")),
        "left_anti");
    Encoder<Row> encoder = Encoders.row(Tables.QUERY_FINGERPRINTS.schema());
    Dataset<Row> analysed = fresh.mapPartitions(new Analyse(), encoder).cache();
    long count = analysed.count();
    if (!warehouse.exists(Tables.QUERY_FINGERPRINTS)) {
      warehouse.append(Tables.QUERY_FINGERPRINTS, analysed);
      analysed.unpersist();
      return count;
    }
    // Shapes seen before only widen their first/last seen; new ones are inserted with their analysis.
    Dataset<Row> known = incoming.join(existing,
        incoming.col("fingerprint_id").equalTo(existing.col("fingerprint_id")), "left_semi");
    Dataset<Row> source = analysed.unionByName(known, true);
    Map<String, String> widen = new HashMap<>();
    widen.put("first_seen", "CASE WHEN s.first_seen < t.first_seen OR t.first_seen IS NULL "
        + "THEN s.first_seen ELSE t.first_seen END");
    widen.put("last_seen", "CASE WHEN s.last_seen > t.last_seen OR t.last_seen IS NULL "
        + "THEN s.last_seen ELSE t.last_seen END");
    DeltaTable.forPath(warehouse.spark(), warehouse.path(Tables.QUERY_FINGERPRINTS)).as("t")
        .merge(source.as("s"), "t.fingerprint_id = s.fingerprint_id")
        .whenMatched().updateExpr(widen)
        .whenNotMatched().insertAll()
        .execute();
    analysed.unpersist();
    return count;
  }

  /** One analyser per partition (and so per thread), reused for every statement in it. */
  private static final class Analyse implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Map<Engine, SqlAnalyzer> analyzers = new HashMap<>();
      List<Row> out = new ArrayList<>();
      try {
        while (rows.hasNext()) {
          Row r = rows.next();
          Engine engine = Engine.parse(r.getAs("engine"));
          SqlAnalyzer analyzer = analyzers.computeIfAbsent(engine, e -> new SqlAnalyzer(e, ANALYSIS_TIMEOUT));
          String sample = r.getAs("sample_text");
          SqlShape shape = analyzer.analyze(sample);
          out.add(RowFactory.create(r.getAs("fingerprint_id"), r.getAs("engine"), r.getAs("normalized_text"),
              sample, shape.statementType(), CollectionConverters.asScala(shape.tables()).toList(),
              shape.joinCount(), shape.subqueryCount(),
              CollectionConverters.asScala(shape.predicateColumns()).toList(), shape.complexity(),
              shape.parsed(), shape.parseError(), r.getAs("first_seen"), r.getAs("last_seen")));
        }
      } finally {
        analyzers.values().forEach(SqlAnalyzer::close);
      }
      return out.iterator();
    }
  }
}
