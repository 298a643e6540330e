package io.dblens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.rankings.QueryRankingsJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Oracle samples through ingest and query-rankings: the ledger, the link from the alert log's
 * ORA-00060 lines to the deadlocks of the trace files they name, and rankings of the statistics exports
 * against hand-computed figures.
 */
class OracleSamplesTest {

  static final Path SAMPLES = Path.of("../data-samples/oracle");

  @TempDir
  static Path dir;

  static SparkSession spark;
  static Warehouse warehouse;
  static IngestJob.Result ingest;
  static QueryRankingsJob.Result ranked;

  @BeforeAll
  static void ingestAndRank() {
    spark = TestSpark.get();
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    ingest = IngestJob.run(spark, IngestJob.Config.of(warehouse.root(), List.of(SAMPLES.toAbsolutePath().toString())));
    ranked = QueryRankingsJob.run(spark, QueryRankingsJob.Config.of(warehouse.root()));
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Test
  void everyFileIsReadAndOnlyTheCutTraceHasQuarantinedLines() {
    Map<String, Row> ledger = warehouse.read(Tables.INGEST_FILES).collectAsList().stream()
        .collect(Collectors.toMap(r -> name(r.getAs("file_path")), r -> r));
    assertThat(ledger).hasSize(9);
    ledger.forEach((file, r) -> {
      assertThat(r.<String>getAs("engine")).isEqualTo("oracle");
      assertThat(r.<Long>getAs("lines_read")).as(file)
          .isEqualTo(r.<Long>getAs("lines_parsed") + r.<Long>getAs("lines_quarantined"));
      assertThat(r.<String>getAs("status")).as(file).isEqualTo(file.equals("orcl1_ora_9012.trc") ? "partial" : "ok");
    });
    assertThat(ledger.get("orcl1_ora_9012.trc").<Long>getAs("lines_quarantined")).isEqualTo(21L);
    List<Row> q = warehouse.read(Tables.QUARANTINE).collectAsList();
    assertThat(q).singleElement().satisfies(r -> {
      assertThat(r.<Long>getAs("line_start")).isEqualTo(17L);
      assertThat(r.<Long>getAs("line_end")).isEqualTo(37L);
      assertThat(r.<String>getAs("reason")).contains("cut off by the end of the file inside its deadlock graph");
    });
  }

  /** The query the README gives: each deadlock pointer of an alert log, with the deadlock it names. */
  @Test
  void alertDeadlockLinesLinkToTheirTraceFilesDeadlocks() {
    warehouse.registerViews();
    List<Row> links = spark.sql(String.join("\n",
        "SELECT f.file_path AS alert_file, a.line_start AS alert_line, a.sql_state,",
        "       a.attributes['oracle.trace_name'] AS trace_name, d.deadlock_id, d.victim_session,",
        "       size(d.participants) AS participants",
        "FROM log_events a",
        "JOIN ingest_files f ON f.file_id = a.file_id",
        "LEFT JOIN log_events t ON t.engine = 'oracle' AND t.event_type = 'deadlock'",
        "  AND t.attributes['oracle.trace_name'] = a.attributes['oracle.trace_name']",
        "LEFT JOIN deadlock_events d ON d.deadlock_id = concat(t.file_id, ':', t.line_start)",
        "WHERE a.engine = 'oracle' AND a.event_type = 'error' AND a.attributes['oracle.kind'] = 'deadlock'",
        "ORDER BY alert_file, alert_line")).collectAsList();
    List<String> got = links.stream().map(r -> name(r.getAs("alert_file")) + ":" + r.getAs("alert_line") + " "
        + r.getAs("sql_state") + " -> " + r.getAs("trace_name") + " victim " + r.getAs("victim_session")
        + " of " + r.getAs("participants")).toList();
    assertThat(got).containsExactly(
        "alert_CDB19.log:30 ORA-00060 -> CDB19_ora_5176.trc victim 142 of 2",
        "alert_orcl1.log:49 ORA-00060 -> orcl1_ora_4711.trc victim 136 of 2",
        // RAC global deadlock: its LMD trace was not ingested.
        "alert_orcl1.log:60 null -> orcl1_lmd0_3902.trc victim null of null",
        // Its trace file is cut mid-graph: quarantined, so there is no deadlock to link to.
        "alert_orcl1.log:74 ORA-00060 -> orcl1_ora_9012.trc victim null of null",
        "log.xml:51 ORA-00060 -> CDB19_ora_5176.trc victim 142 of 2");
    assertThat(warehouse.read(Tables.DEADLOCK_EVENTS).count()).isEqualTo(2);
  }

  /**
   * By hand from dba_hist_sqlstat.csv, dba_hist_sqltext.csv and v_sqlstats.csv (elapsed microseconds /
   * 1000): the two order lookups (sql_ids 8k2dd0b5zq7vh, 0q9w2v6u7x5mt) differ only in a literal and
   * share a fingerprint; 7hq2mvn5x0cw8's interval with no completed execution and 9gsn3y6rk1s0f, whose
   * text was not exported, are left out; the ORA-01555 in the alert log is one failed run of the report.
   */
  @Test
  void rankingsOfTheStatisticsExportsMatchHandComputedFigures() {
    List<Row> all = warehouse.read(Tables.QUERY_RANKINGS)
        .where("engine = 'oracle' AND period_type = 'all'").orderBy("rank_total_time").collectAsList();
    assertThat(all).extracting(r -> r.<Long>getAs("calls") + " calls " + r.<Double>getAs("total_ms") + " ms "
        + r.<Long>getAs("errors") + " errors").containsExactly(
            "2 calls 2113000.0 ms 1 errors",   // report: 912 500 + 1 200 500
            "105 calls 167000.0 ms 0 errors",  // DELETE customers (V$SQLSTATS): 95 000 + 72 000
            "3500 calls 9900.0 ms 0 errors",   // UPDATE accounts: 1200+800+1500 calls, 3000+2400+4500 ms
            "1050 calls 1850.0 ms 0 errors",   // order lookups: 500+300+250 calls, 750+600+500 ms
            "5400 calls 1620.0 ms 0 errors");  // INSERT orders (V$SQLSTATS)
    assertThat(all.get(0).<String>getAs("normalized_text")).startsWith("select o.order_id");
    assertThat(all.get(3).<String>getAs("normalized_text")).contains("from orders where order_id = ?");
    assertThat(all).extracting(r -> r.<Integer>getAs("rank_calls")).containsExactly(5, 4, 2, 3, 1);
    double total = 2113000 + 167000 + 9900 + 1850 + 1620;
    assertThat(all.get(0).<Double>getAs("share_of_total")).isCloseTo(2113000 / total, within(1e-12));
    assertThat(all.get(2).<Double>getAs("mean_ms")).isCloseTo(9900.0 / 3500, within(1e-12));
    // 10 057 completed calls plus the failed one.
    assertThat(ranked.executions()).isEqualTo(10058L);

    List<Row> days = warehouse.read(Tables.QUERY_STATS_DAILY).where("engine = 'oracle'")
        .orderBy("stat_date", "total_ms").collectAsList();
    assertThat(days)
        .extracting(r -> r.getAs("stat_date") + " " + r.<Long>getAs("calls") + "/" + r.<Double>getAs("total_ms"))
        .containsExactly(
            "2019-03-11 800/1350.0", "2019-03-11 2000/5400.0", "2019-03-11 1/912500.0",
            "2019-03-12 250/500.0", "2019-03-12 5400/1620.0", "2019-03-12 1500/4500.0",
            "2019-03-12 105/167000.0", "2019-03-12 1/1200500.0");
    // The ORA-01555 run failed on the 11th: the report's day row counts it beside the completed run.
    assertThat(days.get(2).<Long>getAs("errors")).isEqualTo(1L);
  }
}
