package io.dblens.jobs.rankings;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
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
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code query-rankings}: from {@code query_executions}, daily statistics per statement, rankings per
 * instance and period (day, week, month, all) four ways, and regressions between consecutive days and
 * weeks (see {@link RegressionTest}). The executions are read once, into per-day log-scale duration
 * buckets ({@link DurationHistogram}); every other figure is merged from those, a statement at a time
 * in plain Java ({@link StatementFigures}), so percentiles are within 0.5 % of the exact nearest-rank
 * value (and exact when their bucket holds one distinct value). Only the ranks, which compare
 * statements, are left to Spark. The three tables are rewritten whole on every run.
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
    RegressionTest test = new RegressionTest(config.minCalls(), config.minChange(), config.alpha());
    Dataset<Row> figures = figures(buckets(executions), test).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // One job computes every figure; the three writes then read them back from memory.
      long executionsSeen = 0;
      long dailyRows = 0;
      long regressionRows = 0;
      for (Row r : figures.groupBy("kind").agg(count(lit(1)), sum(col("calls").plus(coalesce(col("errors"), lit(0L)))))
          .collectAsList()) {
        switch (r.getString(0)) {
          case StatementFigures.DAILY -> {
            dailyRows = r.getLong(1);
            executionsSeen = r.getLong(2);
          }
          case StatementFigures.REGRESSION -> regressionRows = r.getLong(1);
          default -> { }
        }
      }
      Dataset<Row> texts = warehouse.read(Tables.QUERY_FINGERPRINTS).select("fingerprint_id", "normalized_text");
      ParallelWrites.run(List.of(
          () -> warehouse.overwrite(Tables.QUERY_STATS_DAILY, daily(figures).coalesce(1)),
          () -> warehouse.overwrite(Tables.QUERY_RANKINGS,
              rankings(figures, texts, config.top()).repartition(col("period_type"))),
          () -> warehouse.overwrite(Tables.QUERY_REGRESSIONS, regressions(figures).coalesce(1))));
      return new Result(executionsSeen, dailyRows, warehouse.rowsWritten(Tables.QUERY_RANKINGS), regressionRows);
    } finally {
      figures.unpersist();
    }
  }

  private static Column completed() {
    return col("failed").isNull().or(not(col("failed"))).and(col("duration_ms").isNotNull());
  }

  /**
   * The one pass over the executions: per day, statement and duration bucket, the count, sum, extremes
   * and the sums the regression tests need; failed calls are counted in a bucket of their own (null). A
   * row standing for several calls (statistics exports) counts as that many calls of its mean duration.
   */
  static Dataset<Row> buckets(Dataset<Row> executions) {
    UserDefinedFunction bucketOf = udf((UDF1<Double, Integer>) ms -> ms == null ? null : DurationHistogram.bucket(ms),
        DataTypes.IntegerType);
    Column calls = coalesce(col("calls"), lit(1L));
    Column each = when(completed(), col("duration_ms").divide(calls));
    Column logEach = when(each.isNotNull(), log(greatest(each, lit(RegressionTest.FLOOR_MS))));
    return executions
        .withColumn("v", each)
        .withColumn("bucket", bucketOf.apply(col("v")))
        .groupBy(cols(DAY_KEY, "bucket"))
        .agg(sum(calls).as("n"), sum(when(col("v").isNotNull(), col("duration_ms"))).as("total"),
            min("v").as("lo"), max("v").as("hi"), sum(calls.multiply(col("v")).multiply(col("v"))).as("sum_sq"),
            sum(calls.multiply(logEach)).as("sum_log"), sum(calls.multiply(logEach).multiply(logEach)).as("sum_log2"))
        .select(StatementFigures.BUCKET_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** Every statement's figures: its buckets, sorted by database and day, go through {@link StatementFigures}. */
  static Dataset<Row> figures(Dataset<Row> buckets, RegressionTest test) {
    StructType in = buckets.schema();
    StructType key = new StructType(new StructField[] {in.apply("instance"), in.apply("engine"),
        in.apply("fingerprint_id")});
    return buckets.groupBy("instance", "engine", "fingerprint_id")
        .as(Encoders.row(key), Encoders.row(in))
        .flatMapSortedGroups(new Column[] {col("database_name"), col("event_date"), col("bucket")},
            (FlatMapGroupsFunction<Row, Row, Row>) (k, rows) -> StatementFigures.of(rows, test),
            Encoders.row(StatementFigures.SCHEMA));
  }

  private static Dataset<Row> ofKind(Dataset<Row> figures, String kind) {
    return figures.where(col("kind").equalTo(kind));
  }

  static Dataset<Row> daily(Dataset<Row> figures) {
    return ofKind(figures, StatementFigures.DAILY).withColumnRenamed("period_start", "stat_date");
  }

  static Dataset<Row> rankings(Dataset<Row> figures, Dataset<Row> texts, int top) {
    WindowSpec within = Window.partitionBy("instance", "period_type", "period_start");
    Dataset<Row> ranked = ofKind(figures, StatementFigures.PERIOD)
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

  static Dataset<Row> regressions(Dataset<Row> figures) {
    return ofKind(figures, StatementFigures.REGRESSION);
  }

  private static Column[] cols(List<String> names, String... more) {
    List<Column> out = new ArrayList<>();
    names.forEach(n -> out.add(col(n)));
    for (String m : more) {
      out.add(col(m));
    }
    return out.toArray(Column[]::new);
  }
}
