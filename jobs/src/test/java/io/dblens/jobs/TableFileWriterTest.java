package io.dblens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.common.TableSpec;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows written straight into Parquet by the driver or a task (TableFileWriter, ParquetRowWriter) read back
 * through Delta exactly as given, with nulls at every level of nesting; the commit creates the table with
 * its partitions and statistics columns, and a second write replacing one input file's rows removes them.
 */
class TableFileWriterTest {

  @TempDir
  Path dir;

  /** log_events with the details ingest keeps for the typed tables: every kind of nesting there is. */
  private static final TableSpec EVENTS = new TableSpec("parsed_events", Tables.PARSED_EVENT,
      Tables.LOG_EVENTS.partitionColumns(), "test table").withStatsColumns(
          Tables.LOG_EVENTS.statsColumns().toArray(String[]::new));

  @Test
  void nestedValuesAndNullsAtEveryLevelReadBackAsWritten() {
    SparkSession spark = TestSpark.get();
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    StructType schema = EVENTS.schema();
    List<Row> rows = List.of(
        event(schema, "f1", "2025-03-04 10:00:00.123456", "query", "SELECT ?", null, null, null, null),
        event(schema, "f1", "2025-03-04 10:00:01", "lock_wait", null, attrs("a", "1", "b", null),
            lock("relation", null, List.of("101", "102"), Arrays.asList("103", null)), null, null),
        event(schema, "f1", "2025-03-05 00:00:00", "lock_wait", null, attrs(), lock(null, "ShareLock",
            List.of(), null), null, null),
        event(schema, "f2", "2025-03-05 00:00:02", "deadlock", null, null, null, Arrays.asList(
            participant("7", true, attrs("k", "v")), null, participant(null, false, null)), plan()),
        event(schema, "f2", null, "message", null, null, null, List.of(), null));
    warehouse.writeRows(EVENTS, rows, Set.of("f1", "f2"), "file_id IN ('f1','f2')");

    assertThat(sorted(warehouse.read(EVENTS).collectAsList())).isEqualTo(sorted(spark, rows));
    Row detail = DeltaTable.forPath(spark, warehouse.path(EVENTS)).detail().first();
    assertThat(detail.<String>getList(detail.fieldIndex("partitionColumns")))
        .containsExactlyElementsOf(EVENTS.partitionColumns());
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.dataSkippingStatsColumns", String.join(",", EVENTS.statsColumns()));
    // Delta skips files by the statistics written with them.
    assertThat(warehouse.read(EVENTS).where("file_id = 'f2'").inputFiles()).hasSize(2);

    List<Row> again = List.of(event(schema, "f2", "2025-03-06 00:00:00", "query", "SELECT 1", null, null, null,
        null));
    warehouse.writeRows(EVENTS, again, Set.of("f2"), "file_id IN ('f2')");
    List<Row> expected = new ArrayList<>(rows.subList(0, 3));
    expected.addAll(again);
    assertThat(sorted(warehouse.read(EVENTS).collectAsList())).isEqualTo(sorted(spark, expected));
  }

  /** The rows as Spark gives them back (its own collection and time types), for comparison. */
  private static List<String> sorted(SparkSession spark, List<Row> rows) {
    return sorted(spark.createDataFrame(rows, EVENTS.schema()).collectAsList());
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  private static Row event(StructType schema, String fileId, String time, String type, String query,
      Map<String, String> attributes, Row lock, List<Row> participants, Row plan) {
    Object[] v = new Object[schema.length()];
    v[schema.fieldIndex("file_id")] = fileId;
    v[schema.fieldIndex("instance")] = "pg-01";
    v[schema.fieldIndex("engine")] = "postgresql";
    if (time != null) {
      Timestamp t = Timestamp.valueOf(time);
      v[schema.fieldIndex("event_time")] = t;
      v[schema.fieldIndex("event_date")] = java.sql.Date.valueOf(time.substring(0, 10));
      v[schema.fieldIndex("raw_time")] = time + " UTC";
    }
    v[schema.fieldIndex("event_type")] = type;
    v[schema.fieldIndex("query_text")] = query;
    v[schema.fieldIndex("duration_ms")] = query == null ? null : 1.5;
    v[schema.fieldIndex("pid")] = 4242L;
    v[schema.fieldIndex("line_start")] = (long) (fileId.hashCode() % 7 + (time == null ? 0 : time.length()));
    v[schema.fieldIndex("attributes")] = attributes == null ? null : CollectionConverters.asScala(attributes);
    v[schema.fieldIndex("lock")] = lock;
    v[schema.fieldIndex("participants")] = participants == null ? null
        : CollectionConverters.asScala(participants).toList();
    v[schema.fieldIndex("plan")] = plan;
    return RowFactory.create(v);
  }

  private static Map<String, String> attrs(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Row lock(String type, String mode, List<String> holders, List<String> queue) {
    return RowFactory.create(type, mode, "relation 16412", 1000.5,
        holders == null ? null : CollectionConverters.asScala(holders).toList(),
        queue == null ? null : CollectionConverters.asScala(queue).toList());
  }

  private static Row participant(String session, boolean victim, Map<String, String> attributes) {
    return RowFactory.create(session, "tx1", null, null, "shop", "orders", null, "tuple", "ExclusiveLock", null,
        null, "8", "UPDATE orders SET x = ?", "00ff", victim,
        attributes == null ? null : CollectionConverters.asScala(attributes));
  }

  private static Row plan() {
    return RowFactory.create("abcd", "json", "{\"Plan\": {}}");
  }
}
