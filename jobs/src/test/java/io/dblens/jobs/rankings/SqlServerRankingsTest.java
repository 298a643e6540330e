package io.dblens.jobs.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL Server queries are ranked from a sys.dm_exec_query_stats export: the sample's four snapshots
 * (a baseline, two intervals, one snapshot out of order) become per-interval executions, and the
 * rankings add them up. Expected values worked out by hand from data-samples/sqlserver/query-stats.csv:
 * <pre>
 *   Orders by id   10:15  160-100 = 60 calls,  8.0-5.0 s = 3000 ms     10:30 reset: 20 calls, 1200 ms
 *   Stock update   10:15  plan BB01 14-10 = 4 calls, 28-20 s = 8000 ms, new plan BB02 3 calls 900 ms
 *                  10:30  plan BB02 8-3 = 5 calls, 2.4-0.9 s = 1500 ms
 *   Revenue by customer   10:15 no executions; 10:30 9-5 = 4 calls, 1.8-1.0 s = 800 ms
 * </pre>
 */
class SqlServerRankingsTest {

  @TempDir
  static Path dir;

  static SparkSession spark;
  static Warehouse warehouse;
  static IngestJob.Result ingest;

  @BeforeAll
  static void ingestAndRank() {
    spark = TestSpark.get();
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    Path export = Path.of("../data-samples/sqlserver/query-stats.csv");
    ingest = IngestJob.run(spark, IngestJob.Config.of(warehouse.root(), List.of(export.toString())));
    QueryRankingsJob.run(spark, QueryRankingsJob.Config.of(warehouse.root()));
  }

  @Test
  void theExportBecomesPerIntervalExecutions() {
    assertThat(ingest.linesRead()).isEqualTo(20);
    assertThat(ingest.linesQuarantined()).isEqualTo(2);
    Row ledger = warehouse.read(Tables.INGEST_FILES).collectAsList().get(0);
    assertThat(ledger.<String>getAs("engine")).isEqualTo("sqlserver");
    assertThat(ledger.<String>getAs("format")).isEqualTo("query-stats");
    assertThat(ledger.<String>getAs("status")).isEqualTo("partial");
    List<Row> executions = warehouse.read(Tables.QUERY_EXECUTIONS).orderBy("event_time", "duration_ms").collectAsList();
    assertThat(executions).extracting(r -> r.<Long>getAs("calls"), r -> r.<Double>getAs("duration_ms"))
        .containsExactly(tuple(60L, 3000.0), tuple(7L, 8900.0), tuple(4L, 800.0), tuple(20L, 1200.0),
            tuple(5L, 1500.0));
    assertThat(executions).allSatisfy(r -> assertThat(r.<scala.collection.Map<String, String>>getAs("attributes")
        .contains("mssql.query_hash")).isTrue());
  }

  @Test
  void rankingsAddUpTheIntervals() {
    List<Row> all = warehouse.read(Tables.QUERY_RANKINGS).where("period_type = 'all'")
        .orderBy("rank_total_time").collectAsList();
    assertThat(all).extracting(r -> r.<String>getAs("instance"), r -> r.<String>getAs("engine"))
        .containsOnly(tuple("sqlserver", "sqlserver"));
    assertThat(all).extracting(r -> r.<Long>getAs("calls"), r -> r.<Double>getAs("total_ms"),
        r -> r.<Integer>getAs("rank_calls"))
        .containsExactly(tuple(12L, 10400.0, 2), tuple(80L, 4200.0, 1), tuple(4L, 800.0, 3));
    Row update = all.get(0);
    assertThat(update.<String>getAs("normalized_text")).containsIgnoringCase("update dbo.stock");
    assertThat(update.<Double>getAs("mean_ms")).isCloseTo(10400.0 / 12, within(1e-9));
    // Each interval counts as its calls at their mean: 8900 / 7 ms is the slowest.
    assertThat(update.<Double>getAs("max_ms")).isCloseTo(8900.0 / 7, within(1e-9));
    assertThat(update.<Double>getAs("share_of_total")).isCloseTo(10400.0 / 15400.0, within(1e-9));
    assertThat(all.get(1).<Double>getAs("max_ms")).isCloseTo(60.0, within(1e-9));
    Row day = warehouse.read(Tables.QUERY_STATS_DAILY).where("calls = 80").collectAsList().get(0);
    assertThat(day.<java.sql.Date>getAs("stat_date")).hasToString("2024-03-04");
    assertThat(day.<Double>getAs("min_ms")).isCloseTo(50.0, within(1e-9));
  }
}
