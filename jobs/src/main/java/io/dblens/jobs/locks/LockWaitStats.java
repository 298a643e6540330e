package io.dblens.jobs.locks;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code lock_wait_stats}: waits per instance, UTC hour (of the wait's beginning), lock type, mode and
 * object, with the hour's throughput against the instance's normal hours.
 *
 * <p>An hour is <em>heavy</em> when the waits beginning in it add up to at least the threshold (default
 * one minute: a session's worth of waiting for a minute in the hour). Normal hours are the instance's
 * hours with statement executions that are not heavy. An hour is compared with the normal hours of the
 * same hour of day (load follows the clock), or with all normal hours when that hour of day has none:
 * executions per hour and mean duration. Hours are computed from epoch microseconds, so they are UTC
 * whatever the session's time zone. Helper columns are left in: the warehouse writer keeps the
 * catalogue's columns.
 */
final class LockWaitStats {

  private static final long HOUR_MICROS = 3_600_000_000L;

  /** Numbers that change with every wait (transaction ids, tuple positions) masked, relation ids kept. */
  private static final UserDefinedFunction OBJECT = udf(
      (UDF1<String, String>) o -> o == null ? null : LockResource.maskNumbers(o), DataTypes.StringType);
  private static final UserDefinedFunction TABLE = udf(
      (UDF1<String, String>) sql -> StatementInfo.guess(sql).mainTable(), DataTypes.StringType);

  private LockWaitStats() {}

  static Dataset<Row> of(Dataset<Row> waits, Dataset<Row> executions, double heavyHourWaitMs) {
    Dataset<Row> w = waits.withColumn("hour_start", hourOf(col("begin_ms").multiply(1000).cast("long")))
        .withColumn("object", OBJECT.apply(col("locked_object")))
        .withColumn("table_name", TABLE.apply(col("query_text")));
    Dataset<Row> groups = w.groupBy("instance", "engine", "hour_start", "lock_type", "lock_mode", "object", "table_name")
        .agg(count(lit(1)).as("waits"), sum("wait_ms").as("total_wait_ms"), max("wait_ms").as("max_wait_ms"),
            array_sort(collect_list("wait_ms")).as("sorted"))
        .withColumn("p95_wait_ms", element_at(col("sorted"), ceil(size(col("sorted")).multiply(0.95)).cast("int")));

    Dataset<Row> waitHours = w.groupBy("instance", "hour_start").agg(sum("wait_ms").as("hour_wait_ms"));
    Column completed = col("duration_ms").isNotNull().and(coalesce(col("failed"), lit(false)).equalTo(false));
    Column calls = coalesce(col("calls"), lit(1L));
    Dataset<Row> execHours = executions.withColumn("hour_start", hourOf(unix_micros(col("event_time"))))
        .groupBy("instance", "hour_start")
        .agg(sum(calls).as("hour_executions"), sum(when(completed, col("duration_ms"))).as("timed_ms"),
            sum(when(completed, calls)).as("timed_calls"));
    Dataset<Row> hours = execHours.join(waitHours, DeadlockRows.seq(List.of("instance", "hour_start")), "full_outer")
        .withColumn("hour_wait_ms", coalesce(col("hour_wait_ms"), lit(0.0)))
        .withColumn("heavy_hour", col("hour_wait_ms").geq(heavyHourWaitMs))
        .withColumn("hour_mean_ms", col("timed_ms").divide(col("timed_calls")))
        .withColumn("hour_of_day", hourOfDay(col("hour_start")));
    Dataset<Row> normal = hours.where(not(col("heavy_hour")).and(col("hour_executions").isNotNull()));
    Dataset<Row> sameHour = baseline(normal.groupBy("instance", "hour_of_day"), "h_");
    Dataset<Row> anyHour = baseline(normal.groupBy("instance"), "a_");

    Column sameHourKnown = col("h_hours").isNotNull();
    return groups.join(hours, DeadlockRows.seq(List.of("instance", "hour_start")), "left")
        .join(sameHour, DeadlockRows.seq(List.of("instance", "hour_of_day")), "left")
        .join(anyHour, DeadlockRows.seq(List.of("instance")), "left")
        .withColumnRenamed("object", "locked_object")
        .withColumn("normal_executions", when(sameHourKnown, col("h_executions")).otherwise(col("a_executions")))
        .withColumn("normal_mean_ms", when(sameHourKnown, col("h_mean_ms")).otherwise(col("a_mean_ms")))
        .withColumn("normal_hours", when(sameHourKnown, col("h_hours")).otherwise(col("a_hours")))
        .withColumn("executions_change", col("hour_executions").divide(col("normal_executions")).minus(1))
        .withColumn("mean_change", col("hour_mean_ms").divide(col("normal_mean_ms")).minus(1));
  }

  /** Mean executions per hour, mean duration and hours counted, prefixed. */
  private static Dataset<Row> baseline(RelationalGroupedDataset hours, String prefix) {
    return hours.agg(avg("hour_executions").as(prefix + "executions"),
        sum("timed_ms").divide(sum("timed_calls")).as(prefix + "mean_ms"), count(lit(1)).as(prefix + "hours"));
  }

  private static Column hourOf(Column epochMicros) {
    return timestamp_micros(floor(epochMicros.divide(HOUR_MICROS)).multiply(HOUR_MICROS));
  }

  private static Column hourOfDay(Column hourStart) {
    return pmod(floor(unix_micros(hourStart).divide(HOUR_MICROS)), lit(24L));
  }
}
