package io.dblens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.rankings.QueryRankingsJob;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated sample instance against the generator's ground truth: every statement shape's count
 * and total duration, the top 10 by total time, deadlocks and the other event counts.
 */
class GeneratedSampleTest {

  static final Path SAMPLE = Path.of("../data-samples/postgresql/pg-demo-01");

  @TempDir
  static Path dir;

  static Warehouse warehouse;
  static JsonNode truth;

  @BeforeAll
  static void ingestAndRank() throws IOException {
    SparkSession spark = TestSpark.get();
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    truth = new ObjectMapper().readTree(SAMPLE.resolve("ground-truth.expected.json").toFile());
    IngestJob.run(spark, IngestJob.Config.of(warehouse.root(), List.of(SAMPLE.toAbsolutePath().toString())));
    QueryRankingsJob.run(spark, QueryRankingsJob.Config.of(warehouse.root()));
  }

  /** (calls, total ms to the microsecond) identifies a shape without depending on how texts normalise. */
  static String key(long count, BigDecimal total) {
    return count + "@" + total.setScale(3, RoundingMode.HALF_UP).toPlainString();
  }

  @Test
  void everyShapeHasItsCountAndTotal() {
    List<String> expected = new ArrayList<>();
    truth.get("shapes").forEach(s -> {
      if (s.get("count").asLong() > 0) {
        expected.add(key(s.get("count").asLong(), s.get("totalDurationMs").decimalValue()));
      }
    });
    List<String> actual = warehouse.read(Tables.QUERY_RANKINGS)
        .where("period_type = 'all' AND instance = 'pg-demo-01'").collectAsList().stream()
        .map(r -> key(r.<Long>getAs("calls"), BigDecimal.valueOf(r.<Double>getAs("total_ms"))))
        .toList();
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void topTenByTotalTimeIsTheGroundTruths() {
    Map<String, Long> callsById = new HashMap<>();
    truth.get("shapes").forEach(s -> callsById.put(s.get("id").asText(), s.get("count").asLong()));
    List<String> expected = new ArrayList<>();
    truth.get("topByTotalDuration").forEach(t -> expected.add(
        key(t.get("count").asLong(), t.get("totalDurationMs").decimalValue())));
    List<String> actual = warehouse.read(Tables.QUERY_RANKINGS)
        .where("period_type = 'all' AND instance = 'pg-demo-01' AND rank_total_time <= 10")
        .orderBy("rank_total_time").collectAsList().stream()
        .map(r -> key(r.<Long>getAs("calls"), BigDecimal.valueOf(r.<Double>getAs("total_ms")))).toList();
    assertThat(actual).containsExactlyElementsOf(expected.subList(0, 10));
  }

  @Test
  void deadlocksHaveTheirParticipantsAndVictims() {
    List<Row> deadlocks = warehouse.read(Tables.DEADLOCK_EVENTS).orderBy("event_time").collectAsList();
    assertThat(deadlocks).hasSize(truth.get("deadlocks").size());
    for (int i = 0; i < deadlocks.size(); i++) {
      JsonNode expected = truth.get("deadlocks").get(i);
      Row actual = deadlocks.get(i);
      assertThat(actual.<String>getAs("victim_session")).isEqualTo(expected.get("victimPid").asText());
      List<Row> participants = actual.getList(actual.fieldIndex("participants"));
      Map<String, String> waits = participants.stream()
          .collect(Collectors.toMap(p -> p.getAs("session"), p -> p.getAs("waits_for")));
      Map<String, String> expectedWaits = new HashMap<>();
      expected.get("participants").forEach(p -> expectedWaits.put(p.get("pid").asText(),
          p.get("waitsForPid").asText()));
      assertThat(waits).isEqualTo(expectedWaits);
    }
  }

  @Test
  void otherEventsAreCounted() {
    JsonNode events = truth.get("totals").get("events");
    Map<String, Long> byType = warehouse.read(Tables.LOG_EVENTS).groupBy("event_type").count().collectAsList()
        .stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(byType.get("autovacuum")).isEqualTo(events.get("autovacuums").asLong());
    assertThat(byType.get("autoanalyze")).isEqualTo(events.get("autoanalyzes").asLong());
    assertThat(byType.get("deadlock")).isEqualTo(events.get("deadlocks").asLong());
    assertThat(byType.get("temp_file")).isEqualTo(events.get("tempFiles").asLong());
    assertThat(byType.get("lock_acquired")).isEqualTo(events.get("lockAcquired").asLong());
    assertThat(byType.get("checkpoint"))
        .isEqualTo(events.get("checkpointStarts").asLong() + events.get("checkpoints").asLong());
    // Each deadlock is logged as an ERROR too, but it is a deadlock event here, not an error event.
    assertThat(byType.get("error")).isEqualTo(events.get("errors").asLong() - events.get("deadlocks").asLong());
    assertThat(byType.get("connection")).isEqualTo(
        events.get("connections").asLong() + events.get("connectionsAuthorized").asLong());
    assertThat(byType.get("disconnection")).isEqualTo(events.get("disconnections").asLong());
    assertThat(warehouse.read(Tables.INGEST_FILES).where("status <> 'ok'").count()).isZero();
  }
}
