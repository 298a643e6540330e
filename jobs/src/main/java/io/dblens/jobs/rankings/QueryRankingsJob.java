package io.dblens.jobs.rankings;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;

import io.dblens.common.JobResult;
import io.dblens.common.JobRunner;
import io.dblens.common.ParallelWrites;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code query-rankings}: from {@code query_executions}, daily statistics per statement, rankings per
 * instance and period (day, week, month, all) four ways, and regressions between consecutive days and
 * weeks (see {@link RegressionTest}). Percentiles are nearest-rank values from Spark's
 * {@code percentile_approx} with accuracy {@value #PERCENTILE_ACCURACY}: the rank error is at most
 * calls / {@value #PERCENTILE_ACCURACY}, so exact below that many calls. The three tables are rewritten
 * whole on every run.
 */
public final class QueryRankingsJob {

  public static final String NAME = "query-rankings";

  static final int PERCENTILE_ACCURACY = 10_000;

  private QueryRankingsJob() {}

  /**
   * @param warehouse  the warehouse directory
   * @param top        keep ranking rows whose best rank is at most this (0 keeps all)
   * @param minCalls   calls needed in each of two periods before a regression is judged
   * @param minChange  relative rise of mean or p95 that counts as a regression (0.2 = 20 %)
   * @param alpha      significance level of the regression tests
   */
  public record Config(String warehouse, int top, long minCalls, double minChange, double alpha) {

    public static Config of(String warehouse) {
      return new Config(warehouse, 100, 10, 0.2, 0.01);
    }
  }

  public record Result(long executions, long dailyRows, long rankingRows, long regressions) implements JobResult {
    @Override
    public long rowsIn() {
      return executions;
    }

    @Override
    public long rowsOut() {
      return dailyRows + rankingRows + regressions;
    }

    @Override
    public String summary() {
      return String.format("%d execution rows -> %d daily stats, %d ranking rows, %d regressions",
          executions, dailyRows, rankingRows, regressions);
    }
  }

  /** spark-submit entry point: {@code --warehouse DIR}, as {@code dblens analyze query-rankings}. */
  public static void main(String[] args) {
    String[] all = new String[args.length + 2];
    all[0] = "analyze";
    System.arraycopy(args, 0, all, 1, args.length);
    all[all.length - 1] = NAME;
    System.exit(io.dblens.jobs.cli.DblensCli.execute(all));
  }

  public static Result run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return JobRunner.execute(spark, warehouse, NAME, config, () -> rank(warehouse, config));
  }

  private static Result rank(Warehouse warehouse, Config config) {
    Dataset<Row> executions = warehouse.read(Tables.QUERY_EXECUTIONS)
        .where(col("fingerprint_id").isNotNull())
        .select("instance", "engine", "database_name", "fingerprint_id", "event_date", "calls", "duration_ms",
            "failed")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rows = executions.count();
      Dataset<Row> texts = warehouse.read(Tables.QUERY_FINGERPRINTS).select("fingerprint_id", "normalized_text");
      ParallelWrites.run(List.of(
          () -> warehouse.overwrite(Tables.QUERY_STATS_DAILY, daily(executions).coalesce(1)),
          () -> warehouse.overwrite(Tables.QUERY_RANKINGS,
              rankings(executions, texts, config.top()).repartition(col("period_type"))),
          () -> warehouse.overwrite(Tables.QUERY_REGRESSIONS, regressions(executions, config).coalesce(1))));
      return new Result(rows, warehouse.rowsWritten(Tables.QUERY_STATS_DAILY),
          warehouse.rowsWritten(Tables.QUERY_RANKINGS), warehouse.rowsWritten(Tables.QUERY_REGRESSIONS));
    } finally {
      executions.unpersist();
    }
  }

  private static Column completed() {
    return col("failed").isNull().or(col("failed").equalTo(false)).and(col("duration_ms").isNotNull());
  }

  private static Column percentiles() {
    return expr("percentile_approx(duration_ms, array(0.5, 0.95, 0.99), " + PERCENTILE_ACCURACY + ")");
  }

  static Dataset<Row> daily(Dataset<Row> executions) {
    Column ok = completed();
    return executions
        .groupBy(col("instance"), col("engine"), col("database_name"), col("fingerprint_id"),
            col("event_date").as("stat_date"))
        .agg(coalesce(sum(when(ok, col("calls"))), lit(0L)).as("calls"),
            coalesce(sum(when(not(ok), col("calls"))), lit(0L)).as("errors"),
            sum(when(ok, col("duration_ms"))).as("total_ms"),
            min(when(ok, col("duration_ms"))).as("min_ms"),
            max(when(ok, col("duration_ms"))).as("max_ms"),
            stddev_samp(when(ok, col("duration_ms"))).as("stddev_ms"),
            expr("percentile_approx(CASE WHEN " + okSql() + " THEN duration_ms END, array(0.5, 0.95, 0.99), "
                + PERCENTILE_ACCURACY + ")").as("p"))
        .withColumn("mean_ms", when(col("calls").gt(0), col("total_ms").divide(col("calls"))))
        .withColumn("p50_ms", col("p").getItem(0))
        .withColumn("p95_ms", col("p").getItem(1))
        .withColumn("p99_ms", col("p").getItem(2))
        .drop("p");
  }

  private static String okSql() {
    return "(failed IS NULL OR NOT failed) AND duration_ms IS NOT NULL";
  }

  static Dataset<Row> rankings(Dataset<Row> executions, Dataset<Row> texts, int top) {
    Dataset<Row> ok = executions.where(completed());
    Dataset<Row> failedCalls = executions.where(not(completed()));
    List<Dataset<Row>> periods = new ArrayList<>();
    periods.add(period(ok, failedCalls, "day", col("event_date")));
    periods.add(period(ok, failedCalls, "week", date_trunc("week", col("event_date")).cast("date")));
    periods.add(period(ok, failedCalls, "month", date_trunc("month", col("event_date")).cast("date")));
    periods.add(period(ok, failedCalls, "all", lit(null).cast("date")));
    Dataset<Row> all = periods.get(0);
    for (int i = 1; i < periods.size(); i++) {
      all = all.unionByName(periods.get(i));
    }
    WindowSpec within = Window.partitionBy("instance", "period_type", "period_start");
    Dataset<Row> ranked = all
        .withColumn("share_of_total", col("total_ms").divide(sum("total_ms").over(within)))
        .withColumn("rank_total_time", rank(within, col("total_ms")))
        .withColumn("rank_mean", rank(within, col("mean_ms")))
        .withColumn("rank_p95", rank(within, col("p95_ms")))
        .withColumn("rank_calls", rank(within, col("calls")));
    if (top > 0) {
      ranked = ranked.where(col("rank_total_time").leq(top).or(col("rank_mean").leq(top))
          .or(col("rank_p95").leq(top)).or(col("rank_calls").leq(top)));
    }
    return ranked.join(texts, "fingerprint_id", "left");
  }

  /** Dense, deterministic ranks: ties are broken by fingerprint id so re-runs give the same order. */
  private static Column rank(WindowSpec within, Column measure) {
    return row_number().over(within.orderBy(measure.desc_nulls_last(), col("fingerprint_id")));
  }

  private static Dataset<Row> period(Dataset<Row> ok, Dataset<Row> failed, String type, Column start) {
    Dataset<Row> stats = ok
        .groupBy(col("instance"), col("engine"), start.as("period_start"), col("fingerprint_id"))
        .agg(sum("calls").as("calls"), sum("duration_ms").as("total_ms"), max("duration_ms").as("max_ms"),
            percentiles().getItem(1).as("p95_ms"), array_sort(collect_set("database_name")).as("databases"))
        .withColumn("mean_ms", col("total_ms").divide(col("calls")))
        .as("s");
    Dataset<Row> errors = failed
        .groupBy(col("instance"), start.as("period_start"), col("fingerprint_id"))
        .agg(sum("calls").as("errors"))
        .as("e");
    return stats
        .join(errors, col("s.instance").equalTo(col("e.instance"))
            .and(col("s.fingerprint_id").equalTo(col("e.fingerprint_id")))
            .and(col("s.period_start").eqNullSafe(col("e.period_start"))), "left")
        .select(col("s.*"), coalesce(col("e.errors"), lit(0L)).as("errors"))
        .withColumn("period_type", lit(type));
  }

  static Dataset<Row> regressions(Dataset<Row> executions, Config config) {
    Dataset<Row> ok = executions.where(completed().and(col("calls").equalTo(1L)));
    Dataset<Row> day = regressionsFor(ok, "day", col("event_date"), 1, config);
    Dataset<Row> week = regressionsFor(ok, "week", date_trunc("week", col("event_date")).cast("date"), 7, config);
    return day.unionByName(week);
  }

  private static Dataset<Row> regressionsFor(Dataset<Row> ok, String type, Column start, int step, Config config) {
    Dataset<Row> withPeriod = ok.withColumn("period_start", start)
        .withColumn("log_ms", log(greatest(col("duration_ms"), lit(RegressionTest.FLOOR_MS))));
    Dataset<Row> stats = withPeriod
        .groupBy("instance", "engine", "fingerprint_id", "period_start")
        .agg(count(lit(1)).as("calls"), sum("duration_ms").as("total_ms"),
            percentiles().getItem(1).as("p95_ms"), expr("avg(log_ms)").as("mean_log"),
            coalesce(var_samp("log_ms"), lit(0.0)).as("var_log"))
        .withColumn("mean_ms", col("total_ms").divide(col("calls")));
    Dataset<Row> prev = stats.select(col("instance"), col("fingerprint_id"),
        date_add(col("period_start"), step).as("next_start"), col("period_start").as("previous_start"),
        col("calls").as("previous_calls"), col("mean_ms").as("previous_mean_ms"),
        col("p95_ms").as("previous_p95_ms"), col("mean_log").as("previous_mean_log"),
        col("var_log").as("previous_var_log")).as("p");
    Column samePair = col("s.instance").equalTo(col("p.instance"))
        .and(col("s.fingerprint_id").equalTo(col("p.fingerprint_id")))
        .and(col("s.period_start").equalTo(col("p.next_start")));
    Dataset<Row> pairs = stats.as("s").join(prev, samePair)
        .select(col("s.*"), col("p.previous_start"), col("p.previous_calls"), col("p.previous_mean_ms"),
            col("p.previous_p95_ms"), col("p.previous_mean_log"), col("p.previous_var_log"));
    Dataset<Row> above = withPeriod.as("s").join(prev, samePair)
        .where(col("s.duration_ms").gt(col("p.previous_p95_ms")))
        .groupBy(col("s.instance").as("instance"), col("s.fingerprint_id").as("fingerprint_id"),
            col("s.period_start").as("period_start"))
        .agg(count(lit(1)).as("above_p95"));
    Dataset<Row> joined = pairs.join(above, scala.jdk.javaapi.CollectionConverters.asScala(
            List.of("instance", "fingerprint_id", "period_start")).toSeq(), "left")
        .withColumn("above_p95", coalesce(col("above_p95"), lit(0L)))
        .withColumn("period_type", lit(type));
    RegressionTest test = new RegressionTest(config.minCalls(), config.minChange(), config.alpha());
    return joined.map((MapFunction<Row, Row>) r -> verdict(test, r),
            Encoders.row(Tables.QUERY_REGRESSIONS.schema()))
        .where(col("regressed_on").isNotNull());
  }

  private static Row verdict(RegressionTest test, Row r) {
    RegressionTest.Period before = new RegressionTest.Period(r.getAs("previous_calls"), r.getAs("previous_mean_ms"),
        r.getAs("previous_p95_ms"), r.getAs("previous_mean_log"), r.getAs("previous_var_log"));
    RegressionTest.Period after = new RegressionTest.Period(r.getAs("calls"), r.getAs("mean_ms"),
        r.getAs("p95_ms"), r.getAs("mean_log"), r.getAs("var_log"));
    RegressionTest.Verdict v = test.evaluate(before, after, r.<Long>getAs("above_p95"));
    return RowFactory.create(r.getAs("instance"), r.getAs("engine"), r.getAs("fingerprint_id"),
        r.getAs("period_type"), r.getAs("period_start"), r.getAs("previous_start"), before.calls(), after.calls(),
        before.meanMs(), after.meanMs(), before.p95Ms(), after.p95Ms(), v == null ? null : v.meanChange(),
        v == null ? null : v.p95Change(), v == null ? null : v.meanPValue(), v == null ? null : v.p95PValue(),
        v == null ? null : v.regressedOn());
  }
}
