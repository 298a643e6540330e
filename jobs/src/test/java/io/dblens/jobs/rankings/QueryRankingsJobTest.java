package io.dblens.jobs.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job on a small executions table whose statistics are computed here independently. */
class QueryRankingsJobTest {

  @TempDir
  static Path dir;

  static SparkSession spark;
  static Warehouse warehouse;
  static final LocalDate DAY1 = LocalDate.of(2025, 3, 3);
  static final LocalDate DAY2 = DAY1.plusDays(1);

  /** fast: 50 calls a day, stable. slow: 50 calls day 1, three times slower day 2. rare: 3 calls + 1 error. */
  static final double[] FAST1 = durations(50, 1.0, 1);
  static final double[] FAST2 = durations(50, 1.0, 2);
  static final double[] SLOW1 = durations(50, 20.0, 3);
  static final double[] SLOW2 = durations(50, 60.0, 4);
  static final double[] RARE = {500.0, 700.0, 900.0};

  @BeforeAll
  static void writeExecutions() {
    spark = TestSpark.get();
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    List<Row> rows = new ArrayList<>();
    add(rows, "fast", DAY1, FAST1);
    add(rows, "fast", DAY2, FAST2);
    add(rows, "slow", DAY1, SLOW1);
    add(rows, "slow", DAY2, SLOW2);
    add(rows, "rare", DAY1, RARE);
    rows.add(execution("rare", DAY1, null, true));
    warehouse.append(Tables.QUERY_EXECUTIONS, spark.createDataFrame(rows, Tables.QUERY_EXECUTIONS.schema()));
    List<Row> fps = List.of(fingerprint("fast"), fingerprint("slow"), fingerprint("rare"));
    warehouse.append(Tables.QUERY_FINGERPRINTS, spark.createDataFrame(fps, Tables.QUERY_FINGERPRINTS.schema()));
    QueryRankingsJob.run(spark, QueryRankingsJob.Config.of(warehouse.root()));
  }

  @Test
  void dailyStatisticsMatchAnIndependentComputation() {
    Row slow2 = warehouse.read(Tables.QUERY_STATS_DAILY)
        .where("fingerprint_id = 'slow' AND stat_date = DATE'2025-03-04'").collectAsList().get(0);
    double[] sorted = SLOW2.clone();
    Arrays.sort(sorted);
    double total = Arrays.stream(sorted).sum();
    double mean = total / sorted.length;
    double var = Arrays.stream(sorted).map(d -> (d - mean) * (d - mean)).sum() / (sorted.length - 1);
    assertThat(slow2.<Long>getAs("calls")).isEqualTo(50L);
    assertThat(slow2.<Long>getAs("errors")).isZero();
    assertThat(slow2.<Double>getAs("total_ms")).isCloseTo(total, within(1e-6));
    assertThat(slow2.<Double>getAs("mean_ms")).isCloseTo(mean, within(1e-9));
    assertThat(slow2.<Double>getAs("min_ms")).isEqualTo(sorted[0]);
    assertThat(slow2.<Double>getAs("max_ms")).isEqualTo(sorted[49]);
    assertThat(slow2.<Double>getAs("stddev_ms")).isCloseTo(Math.sqrt(var), within(1e-9));
    // Percentiles come from 0.5 %-wide buckets: within 0.5 % of the exact nearest-rank value.
    assertThat(slow2.<Double>getAs("p50_ms")).isCloseTo(nearestRank(sorted, 0.50), withinPercentage(0.5));
    assertThat(slow2.<Double>getAs("p95_ms")).isCloseTo(nearestRank(sorted, 0.95), withinPercentage(0.5));
    assertThat(slow2.<Double>getAs("p99_ms")).isCloseTo(nearestRank(sorted, 0.99), withinPercentage(0.5));

    Row rare = warehouse.read(Tables.QUERY_STATS_DAILY).where("fingerprint_id = 'rare'").collectAsList().get(0);
    assertThat(rare.<Long>getAs("calls")).isEqualTo(3L);
    assertThat(rare.<Long>getAs("errors")).isEqualTo(1L);
    assertThat(rare.<Double>getAs("total_ms")).isEqualTo(2100.0);
    assertThat(rare.<Double>getAs("p50_ms")).isEqualTo(700.0);
  }

  @Test
  void rankingsOrderEachMeasure() {
    List<Row> all = warehouse.read(Tables.QUERY_RANKINGS).where("period_type = 'all'")
        .orderBy("rank_total_time").collectAsList();
    double slowTotal = Arrays.stream(SLOW1).sum() + Arrays.stream(SLOW2).sum();
    double fastTotal = Arrays.stream(FAST1).sum() + Arrays.stream(FAST2).sum();
    // slow: ~4000 ms, rare: 2100 ms, fast: ~100 ms
    assertThat(all).extracting(r -> r.<String>getAs("fingerprint_id")).containsExactly("slow", "rare", "fast");
    assertThat(all.get(0).<Double>getAs("total_ms")).isCloseTo(slowTotal, within(1e-6));
    assertThat(all.get(0).<Double>getAs("share_of_total")).isCloseTo(slowTotal / (slowTotal + 2100 + fastTotal),
        within(1e-9));
    Row rare = all.get(1);
    assertThat(rare.<Integer>getAs("rank_mean")).isEqualTo(1);
    assertThat(rare.<Integer>getAs("rank_calls")).isEqualTo(3);
    assertThat(rare.<Long>getAs("errors")).isEqualTo(1L);
    assertThat(rare.<String>getAs("normalized_text")).isEqualTo("select rare");
    assertThat(all.get(2).<Integer>getAs("rank_calls")).isEqualTo(1);

    List<Row> days = warehouse.read(Tables.QUERY_RANKINGS).where("period_type = 'day'").collectAsList();
    assertThat(days).hasSize(5);
    List<Row> weeks = warehouse.read(Tables.QUERY_RANKINGS).where("period_type = 'week'").collectAsList();
    assertThat(weeks).allSatisfy(r -> assertThat(r.<Date>getAs("period_start").toLocalDate()).isEqualTo(DAY1));
  }

  @Test
  void onlyTheSlowerStatementIsARegression() {
    List<Row> regressions = warehouse.read(Tables.QUERY_REGRESSIONS).collectAsList();
    assertThat(regressions).hasSize(1);
    Row r = regressions.get(0);
    assertThat(r.<String>getAs("fingerprint_id")).isEqualTo("slow");
    assertThat(r.<String>getAs("period_type")).isEqualTo("day");
    assertThat(r.<Date>getAs("period_start").toLocalDate()).isEqualTo(DAY2);
    assertThat(r.<Date>getAs("previous_start").toLocalDate()).isEqualTo(DAY1);
    assertThat(r.<String>getAs("regressed_on")).isEqualTo("mean+p95");
    assertThat(r.<Double>getAs("mean_change")).isGreaterThan(1.0);
  }

  @Test
  void everyRunIsRecorded() {
    assertThat(warehouse.read(Tables.JOB_RUNS).where("job = 'query-rankings' AND status = 'succeeded'").count())
        .isGreaterThanOrEqualTo(1);
  }

  /** Log-normal around the median, deterministic per seed, rounded to 3 decimals as logs print. */
  static double[] durations(int n, double median, long seed) {
    Random random = new Random(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.round(median * Math.exp(0.3 * random.nextGaussian()) * 1000) / 1000.0;
    }
    return d;
  }

  static double nearestRank(double[] sorted, double p) {
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  private static void add(List<Row> rows, String fp, LocalDate day, double[] durations) {
    for (double d : durations) {
      rows.add(execution(fp, day, d, false));
    }
  }

  private static Row execution(String fp, LocalDate day, Double ms, boolean failed) {
    return RowFactory.create("f1", "pg-01", "postgresql", Date.valueOf(day),
        Timestamp.valueOf(day.atTime(12, 0)), "shop", "app", "psql", "127.0.0.1", "s1", fp, 1L, ms, failed,
        failed ? "23505" : null, null, 1L);
  }

  private static Row fingerprint(String fp) {
    return RowFactory.create(fp, "postgresql", "select " + fp, "SELECT " + fp, "select", null, 0, 0, null,
        "simple", true, null, null, null);
  }
}
