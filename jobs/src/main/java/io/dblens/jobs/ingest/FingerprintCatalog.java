package io.dblens.jobs.ingest;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.parsers.Engine;
import io.dblens.parsers.sql.SqlAnalyzer;
import io.dblens.parsers.sql.SqlShape;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Keeps {@code query_fingerprints}: each distinct statement shape is analysed with JSqlParser once, the
 * first time it is seen (by the parse task that meets it, so the work is spread like the parsing), and its
 * first/last seen times are widened on later runs. The MERGE keeps it idempotent: re-ingesting the same
 * files changes nothing.
 */
final class FingerprintCatalog {

  /** Time bound for analysing one statement. */
  static final Duration ANALYSIS_TIMEOUT = Duration.ofSeconds(2);

  private static final StructType SCHEMA = Tables.QUERY_FINGERPRINTS.schema();
  private static final int SAMPLE = SCHEMA.fieldIndex("sample_text");
  private static final int FIRST = SCHEMA.fieldIndex("first_seen");
  private static final int LAST = SCHEMA.fieldIndex("last_seen");
  private static final int PARSED = SCHEMA.fieldIndex("parsed");

  private FingerprintCatalog() {}

  /** A shape as one file saw it, not analysed yet: a query_fingerprints row with the analysis left null. */
  static Row seen(String id, String engine, String normalized, String sample, Instant first, Instant last) {
    Object[] v = new Object[SCHEMA.length()];
    v[0] = id;
    v[1] = engine;
    v[2] = normalized;
    v[SAMPLE] = sample;
    v[FIRST] = first == null ? null : Timestamp.from(first);
    v[LAST] = last == null ? null : Timestamp.from(last);
    return new GenericRowWithSchema(v, SCHEMA);
  }

  /**
   * One row per fingerprint: the sighting with the earliest first_seen gives the sample (and its analysis,
   * if any), so a file read in parts gives what one pass gives; first/last seen span all sightings.
   */
  static List<Row> combine(List<Row> rows) {
    Map<String, Object[]> byId = new LinkedHashMap<>();
    for (Row r : rows) {
      Object[] v = byId.get(r.getString(0));
      if (v == null) {
        byId.put(r.getString(0), values(r));
        continue;
      }
      Timestamp first = (Timestamp) r.get(FIRST);
      Timestamp last = (Timestamp) r.get(LAST);
      if (earlier(r, first, v)) {
        Object[] taken = values(r);
        taken[FIRST] = first;
        taken[LAST] = later((Timestamp) v[LAST], last);
        byId.put(r.getString(0), taken);
      } else {
        v[LAST] = later((Timestamp) v[LAST], last);
      }
    }
    return byId.values().stream().map(v -> (Row) new GenericRowWithSchema(v, SCHEMA)).toList();
  }

  /** Whether a sighting comes before the one kept (ties broken by sample text, for a stable choice). */
  private static boolean earlier(Row r, Timestamp first, Object[] kept) {
    Timestamp keptFirst = (Timestamp) kept[FIRST];
    if (first == null || keptFirst == null) {
      return keptFirst == null && first != null;
    }
    int c = first.compareTo(keptFirst);
    return c < 0 || c == 0 && String.valueOf(r.get(SAMPLE)).compareTo(String.valueOf(kept[SAMPLE])) < 0;
  }

  private static Timestamp later(Timestamp a, Timestamp b) {
    return a == null ? b : b == null ? a : a.after(b) ? a : b;
  }

  private static Object[] values(Row r) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    return v;
  }

  /** The shapes with the analysis filled in for those the catalogue does not know (one analyser per engine). */
  static List<Row> analyse(List<Row> shapes, Set<String> known) {
    Map<Engine, SqlAnalyzer> analyzers = new HashMap<>();
    List<Row> out = new ArrayList<>(shapes.size());
    try {
      for (Row r : shapes) {
        if (known.contains(r.getString(0)) || !r.isNullAt(PARSED)) {
          out.add(r);
          continue;
        }
        Engine engine = Engine.parse(r.getString(1));
        SqlAnalyzer analyzer = analyzers.computeIfAbsent(engine, e -> new SqlAnalyzer(e, ANALYSIS_TIMEOUT));
        String sample = r.getString(SAMPLE);
        SqlShape shape = analyzer.analyze(sample);
        out.add(new GenericRowWithSchema(new Object[] {r.get(0), r.get(1), r.get(2), sample, shape.statementType(),
            CollectionConverters.asScala(shape.tables()).toList(), shape.joinCount(), shape.subqueryCount(),
            CollectionConverters.asScala(shape.predicateColumns()).toList(), shape.complexity(), shape.parsed(),
            shape.parseError(), r.get(FIRST), r.get(LAST)}, SCHEMA));
      }
    } finally {
      analyzers.values().forEach(SqlAnalyzer::close);
    }
    return out;
  }

  /** The fingerprint ids the catalogue holds (empty before the first ingest). */
  static Set<String> known(Warehouse warehouse) {
    if (!warehouse.exists(Tables.QUERY_FINGERPRINTS)) {
      return Set.of();
    }
    return warehouse.read(Tables.QUERY_FINGERPRINTS).select("fingerprint_id").collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  /**
   * @param shapes the tasks' shapes (several rows per id possible), analysed where not {@code known}
   * @param known  the ids the catalogue held when the run started
   * @return the number of fingerprints analysed for the first time
   */
  static long merge(Warehouse warehouse, List<Row> shapes, Set<String> known) {
    List<Row> rows = combine(shapes);
    long fresh = rows.stream().filter(r -> !known.contains(r.getString(0))).count();
    if (rows.isEmpty()) {
      return 0;
    }
    if (known.isEmpty() && !warehouse.exists(Tables.QUERY_FINGERPRINTS)) {
      warehouse.writeRows(Tables.QUERY_FINGERPRINTS, rows, Set.of(), null);
      return fresh;
    }
    // Shapes seen before only widen their first/last seen; new ones are inserted with their analysis.
    Map<String, String> widen = new HashMap<>();
    widen.put("first_seen", "CASE WHEN s.first_seen < t.first_seen OR t.first_seen IS NULL "
        + "THEN s.first_seen ELSE t.first_seen END");
    widen.put("last_seen", "CASE WHEN s.last_seen > t.last_seen OR t.last_seen IS NULL "
        + "THEN s.last_seen ELSE t.last_seen END");
    DeltaTable.forPath(warehouse.spark(), warehouse.path(Tables.QUERY_FINGERPRINTS)).as("t")
        .merge(warehouse.spark().createDataFrame(rows, SCHEMA).as("s"), "t.fingerprint_id = s.fingerprint_id")
        .whenMatched().updateExpr(widen)
        .whenNotMatched().insertAll()
        .execute();
    return fresh;
  }
}
