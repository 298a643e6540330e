package io.dblens.jobs.rankings;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
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
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.collection.Seq;

/**
 * {@code query-rankings}: from {@code query_executions}, daily statistics per statement, rankings per
 * instance and period (day, week, month, all) four ways, and regressions between consecutive days and
 * weeks (see {@link RegressionTest}). The executions are read once, into per-day log-scale duration
 * buckets ({@link DurationHistogram}); every other figure is merged from those, so percentiles are
 * within 0.5 % of the exact nearest-rank value (and exact when their bucket holds one distinct value).
 * The three tables are rewritten whole on every run.
 */
public final class QueryRankingsJob {

  public static final String NAME = "query-rankings";

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
      return String.format("%d executions -> %d daily stats, %d ranking rows, %d regressions",
          executions, dailyRows, rankingRows, regressions);
    }
  }

  /** spark-submit entry point: {@code --warehouse DIR}, as {@code dblens analyze query-rankings}. */
  public static void main(String[] args) {
    io.dblens.jobs.cli.DblensCli.exitWith("analyze", args, NAME);
  }

  public static Result run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return JobRunner.execute(spark, warehouse, NAME, config, () -> rank(warehouse, config));
  }

  private static final List<String> DAY_KEY = List.of("instance", "engine", "database_name", "fingerprint_id",
      "event_date");

  private static Result rank(Warehouse warehouse, Config config) {
    Dataset<Row> executions = ExportedTexts.resolve(warehouse, warehouse.read(Tables.QUERY_EXECUTIONS))
        .where(col("fingerprint_id").isNotNull());
    Dataset<Row> buckets = buckets(executions).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> errors = errors(executions).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long calls = buckets.agg(coalesce(sum("n"), lit(0L))).first().getLong(0)
          + errors.agg(coalesce(sum("errors"), lit(0L))).first().getLong(0);
      Dataset<Row> texts = warehouse.read(Tables.QUERY_FINGERPRINTS).select("fingerprint_id", "normalized_text");
      ParallelWrites.run(List.of(
          () -> warehouse.overwrite(Tables.QUERY_STATS_DAILY, daily(buckets, errors).coalesce(1)),
          () -> warehouse.overwrite(Tables.QUERY_RANKINGS,
              rankings(buckets, errors, texts, config.top()).repartition(col("period_type"))),
          () -> warehouse.overwrite(Tables.QUERY_REGRESSIONS, regressions(buckets, config).coalesce(1))));
      return new Result(calls, warehouse.rowsWritten(Tables.QUERY_STATS_DAILY),
          warehouse.rowsWritten(Tables.QUERY_RANKINGS), warehouse.rowsWritten(Tables.QUERY_REGRESSIONS));
    } finally {
      buckets.unpersist();
      errors.unpersist();
    }
  }

  private static Column completed() {
    return col("failed").isNull().or(not(col("failed"))).and(col("duration_ms").isNotNull());
  }

  /**
   * The one pass over the executions: per day and statement, duration buckets with their counts, sums,
   * extremes and the sums the regression tests need. A row standing for several calls (statistics
   * exports) counts as that many calls of its mean duration.
   */
  static Dataset<Row> buckets(Dataset<Row> executions) {
    UserDefinedFunction bucketOf = udf((UDF1<Double, Integer>) DurationHistogram::bucket, DataTypes.IntegerType);
    Column calls = coalesce(col("calls"), lit(1L));
    Column each = col("duration_ms").divide(calls);
    Column logEach = log(greatest(each, lit(RegressionTest.FLOOR_MS)));
    return executions.where(completed())
        .withColumn("v", each)
        .withColumn("bucket", bucketOf.apply(each))
        .groupBy(cols(DAY_KEY, "bucket"))
        .agg(sum(calls).as("n"), sum("duration_ms").as("total"), min("v").as("lo"), max("v").as("hi"),
            sum(calls.multiply(each).multiply(each)).as("sum_sq"), sum(calls.multiply(logEach)).as("sum_log"),
            sum(calls.multiply(logEach).multiply(logEach)).as("sum_log2"));
  }

  static Dataset<Row> errors(Dataset<Row> executions) {
    return executions.where(not(completed()))
        .groupBy(cols(DAY_KEY)).agg(sum(coalesce(col("calls"), lit(1L))).as("errors"));
  }

  private static final UserDefinedFunction PERCENTILES = udf(
      (UDF1<Seq<Row>, double[]>) bins -> DurationHistogram.percentiles(bins(bins), 0.5, 0.95, 0.99),
      DataTypes.createArrayType(DataTypes.DoubleType));

  static List<DurationHistogram.Bin> bins(Seq<Row> rows) {
    List<DurationHistogram.Bin> bins = new ArrayList<>(rows.size());
    scala.collection.Iterator<Row> it = rows.iterator();
    while (it.hasNext()) {
      Row r = it.next();
      bins.add(new DurationHistogram.Bin(r.getInt(0), r.getLong(1), r.getDouble(2), r.getDouble(3)));
    }
    return bins;
  }

  private static Column bin() {
    return struct(col("bucket"), col("n"), col("lo"), col("hi"));
  }

  static Dataset<Row> daily(Dataset<Row> buckets, Dataset<Row> errors) {
    Dataset<Row> stats = buckets.groupBy(cols(DAY_KEY))
        .agg(sum("n").as("calls"), sum("total").as("total_ms"), min("lo").as("min_ms"), max("hi").as("max_ms"),
            sum("sum_sq").as("sum_sq"), collect_list(bin()).as("bins"))
        .withColumn("p", PERCENTILES.apply(col("bins")));
    // Null-safe: statements logged without a database (Oracle exports) must still meet their errors.
    Column same = lit(true);
    List<Column> columns = new ArrayList<>();
    for (String k : DAY_KEY) {
      same = same.and(col("s." + k).eqNullSafe(col("e." + k)));
      columns.add(coalesce(col("s." + k), col("e." + k)).as(k));
    }
    for (String c : List.of("calls", "errors", "total_ms", "min_ms", "max_ms", "sum_sq", "p")) {
      columns.add(col(c));
    }
    return stats.as("s").join(errors.as("e"), same, "full_outer").select(columns.toArray(Column[]::new))
        .select(col("instance"), col("engine"), col("database_name"), col("fingerprint_id"),
            col("event_date").as("stat_date"), coalesce(col("calls"), lit(0L)).as("calls"),
            coalesce(col("errors"), lit(0L)).as("errors"), col("total_ms"),
            col("total_ms").divide(col("calls")).as("mean_ms"), col("min_ms"), col("max_ms"),
            when(col("calls").gt(1), sqrt(greatest(lit(0.0), col("sum_sq").minus(
                col("total_ms").multiply(col("total_ms")).divide(col("calls"))).divide(col("calls").minus(1)))))
                .as("stddev_ms"),
            col("p").getItem(0).as("p50_ms"), col("p").getItem(1).as("p95_ms"), col("p").getItem(2).as("p99_ms"));
  }

  /** Buckets of one period kind, merged across the days (and databases) of each period. */
  private static Dataset<Row> periodBuckets(Dataset<Row> buckets, Column start) {
    return buckets.withColumn("period_start", start)
        .groupBy("instance", "engine", "period_start", "fingerprint_id", "bucket")
        .agg(sum("n").as("n"), sum("total").as("total"), min("lo").as("lo"), max("hi").as("hi"),
            sum("sum_log").as("sum_log"), sum("sum_log2").as("sum_log2"),
            collect_set("database_name").as("databases"));
  }

  private static Column periodStart(String type) {
    return switch (type) {
      case "day" -> col("event_date");
      case "week" -> date_trunc("week", col("event_date")).cast("date");
      case "month" -> date_trunc("month", col("event_date")).cast("date");
      default -> lit(null).cast("date");
    };
  }

  static Dataset<Row> rankings(Dataset<Row> buckets, Dataset<Row> errors, Dataset<Row> texts, int top) {
    List<Dataset<Row>> periods = new ArrayList<>();
    for (String type : List.of("day", "week", "month", "all")) {
      Dataset<Row> stats = periodBuckets(buckets, periodStart(type))
          .groupBy("instance", "engine", "period_start", "fingerprint_id")
          .agg(sum("n").as("calls"), sum("total").as("total_ms"), max("hi").as("max_ms"),
              collect_list(bin()).as("bins"), array_sort(flatten(collect_set("databases"))).as("dbs"))
          .withColumn("p95_ms", PERCENTILES.apply(col("bins")).getItem(1))
          .withColumn("mean_ms", col("total_ms").divide(col("calls")))
          .withColumn("databases", array_sort(org.apache.spark.sql.functions.array_distinct(col("dbs"))))
          .drop("bins", "dbs");
      Dataset<Row> failed = errors.withColumn("period_start", periodStart(type))
          .groupBy("instance", "engine", "period_start", "fingerprint_id").agg(sum("errors").as("errors"));
      // period_start is null for "all": the join must treat nulls as equal.
      Column same = col("s.instance").equalTo(col("f.instance")).and(col("s.engine").equalTo(col("f.engine")))
          .and(col("s.fingerprint_id").equalTo(col("f.fingerprint_id")))
          .and(col("s.period_start").eqNullSafe(col("f.period_start")));
      periods.add(stats.as("s").join(failed.as("f"), same, "left")
          .select(col("s.*"), coalesce(col("f.errors"), lit(0L)).as("errors"))
          .withColumn("period_type", lit(type)));
    }
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

  static Dataset<Row> regressions(Dataset<Row> buckets, Config config) {
    return regressionsFor(buckets, "day", 1, config).unionByName(regressionsFor(buckets, "week", 7, config));
  }

  private static Dataset<Row> regressionsFor(Dataset<Row> buckets, String type, int step, Config config) {
    Dataset<Row> stats = periodBuckets(buckets, periodStart(type))
        .groupBy("instance", "engine", "fingerprint_id", "period_start")
        .agg(sum("n").as("calls"), sum("total").as("total_ms"), sum("sum_log").as("sum_log"),
            sum("sum_log2").as("sum_log2"), collect_list(bin()).as("bins"));
    Dataset<Row> prev = stats.select(col("instance"), col("fingerprint_id"),
        date_add(col("period_start"), step).as("period_start"), col("period_start").as("previous_start"),
        col("calls").as("previous_calls"), col("total_ms").as("previous_total_ms"),
        col("sum_log").as("previous_sum_log"), col("sum_log2").as("previous_sum_log2"),
        col("bins").as("previous_bins"));
    RegressionTest test = new RegressionTest(config.minCalls(), config.minChange(), config.alpha());
    String periodType = type;
    return stats.join(prev, names(List.of("instance", "fingerprint_id", "period_start")))
        .map((MapFunction<Row, Row>) r -> verdict(test, periodType, r),
            Encoders.row(Tables.QUERY_REGRESSIONS.schema()))
        .where(col("regressed_on").isNotNull());
  }

  private static Row verdict(RegressionTest test, String type, Row r) {
    RegressionTest.Period before = period(r.getAs("previous_calls"), r.getAs("previous_total_ms"),
        r.getAs("previous_sum_log"), r.getAs("previous_sum_log2"), bins(r.getAs("previous_bins")));
    List<DurationHistogram.Bin> afterBins = bins(r.getAs("bins"));
    RegressionTest.Period after = period(r.getAs("calls"), r.getAs("total_ms"), r.getAs("sum_log"),
        r.getAs("sum_log2"), afterBins);
    RegressionTest.Verdict v = test.evaluate(before, after, DurationHistogram.countAbove(afterBins, before.p95Ms()));
    return RowFactory.create(r.getAs("instance"), r.getAs("engine"), r.getAs("fingerprint_id"), type,
        r.getAs("period_start"), r.getAs("previous_start"), before.calls(), after.calls(), before.meanMs(),
        after.meanMs(), before.p95Ms(), after.p95Ms(), v == null ? null : v.meanChange(),
        v == null ? null : v.p95Change(), v == null ? null : v.meanPValue(), v == null ? null : v.p95PValue(),
        v == null ? null : v.regressedOn());
  }

  private static RegressionTest.Period period(long calls, double total, double sumLog, double sumLog2,
      List<DurationHistogram.Bin> bins) {
    double meanLog = sumLog / calls;
    double varLog = calls > 1 ? Math.max(0, (sumLog2 - sumLog * sumLog / calls) / (calls - 1)) : 0;
    return new RegressionTest.Period(calls, total / calls, DurationHistogram.percentiles(bins, 0.95)[0], meanLog,
        varLog);
  }

  private static Column[] cols(List<String> names, String... more) {
    List<Column> out = new ArrayList<>();
    names.forEach(n -> out.add(col(n)));
    for (String m : more) {
      out.add(col(m));
    }
    return out.toArray(Column[]::new);
  }

  private static String[] names(List<String> names) {
    return names.toArray(String[]::new);
  }
}
