package io.dblens.jobs.locks;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.dblens.parsers.EventType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The lock waits of {@code lock_events}, one row per wait. A wait is logged when it has lasted a while
 * (PostgreSQL's "still waiting ... after 1000.1 ms", with holders and wait queue) and often again when it
 * ends ("acquired ... after 16845.0 ms"); the two lines are one wait when the same session asked for the
 * same lock in the same mode and both put its beginning within {@link #SAME_WAIT_MS} of each other. The
 * wait then lasts until the acquisition, else until it was last logged. Acquisitions whose waiting line
 * is missing (it sits in the previous file) are waits of their own, without holders. Lines without a
 * time cannot be placed in a window or an hour and are left out.
 *
 * <p>Columns: instance, engine, file_id, line_start, who (pid, else session id: what holders name),
 * lock_type, lock_mode, locked_object, holders, wait_queue, fingerprint_id, query_text, begin_ms and
 * end_ms (epoch milliseconds, UTC) and wait_ms.
 */
final class LockWaits {

  static final double SAME_WAIT_MS = 1_000;

  private LockWaits() {}

  static Dataset<Row> of(Dataset<Row> lockEvents) {
    Dataset<Row> events = lockEvents.where(col("event_time").isNotNull())
        .withColumn("who", coalesce(col("pid").cast("string"), col("session_id")))
        .withColumn("at_ms", unix_micros(col("event_time")).divide(1000.0))
        .withColumn("begin_ms", col("at_ms").minus(coalesce(col("wait_ms"), lit(0.0))));
    Dataset<Row> waiting = onePerWait(events.where(col("event_type").equalTo(EventType.LOCK_WAIT.id())));
    Dataset<Row> acquired = events.where(col("event_type").equalTo(EventType.LOCK_ACQUIRED.id()));
    Dataset<Row> ends = acquired.select(col("instance").as("a_instance"), col("who").as("a_who"),
        col("locked_object").as("a_object"), col("lock_mode").as("a_mode"), col("at_ms").as("a_at_ms"),
        col("begin_ms").as("a_begin_ms"), col("wait_ms").as("a_wait_ms"), col("file_id").as("a_file_id"),
        col("line_start").as("a_line_start"));
    Column sameWait = col("instance").equalTo(col("a_instance")).and(col("who").equalTo(col("a_who")))
        .and(col("locked_object").eqNullSafe(col("a_object"))).and(col("lock_mode").eqNullSafe(col("a_mode")))
        .and(col("a_at_ms").geq(col("at_ms")))
        .and(abs(col("a_begin_ms").minus(col("begin_ms"))).leq(SAME_WAIT_MS));
    Dataset<Row> matched = waiting.join(ends, sameWait)
        .groupBy(col("file_id"), col("line_start"))
        .agg(min_by(struct(col("a_at_ms"), col("a_wait_ms"), col("a_file_id"), col("a_line_start")), col("a_at_ms"))
            .as("end"))
        .select(col("file_id").as("w_file_id"), col("line_start").as("w_line_start"),
            col("end.a_at_ms").as("end_ms"), col("end.a_wait_ms").as("full_wait_ms"),
            col("end.a_file_id").as("m_file_id"), col("end.a_line_start").as("m_line_start"));
    Dataset<Row> waits = waiting.join(matched, col("file_id").equalTo(col("w_file_id"))
            .and(col("line_start").equalTo(col("w_line_start"))), "left")
        .select(common(coalesce(col("end_ms"), col("at_ms")), coalesce(col("full_wait_ms"), col("wait_ms"), lit(0.0))));
    Dataset<Row> unmatched = acquired.join(matched, col("file_id").equalTo(col("m_file_id"))
            .and(col("line_start").equalTo(col("m_line_start"))), "left_anti")
        .select(common(col("at_ms"), coalesce(col("wait_ms"), lit(0.0))));
    return waits.unionByName(unmatched);
  }

  /**
   * A wait logged several times (SQL Server writes a blocked process report every threshold interval)
   * is one wait: lines of the same session, lock and mode whose beginnings follow each other within
   * {@link #SAME_WAIT_MS} collapse into the latest, which has waited longest and knows the holders last.
   */
  private static Dataset<Row> onePerWait(Dataset<Row> waiting) {
    WindowSpec sameLock = Window.partitionBy("instance", "who", "locked_object", "lock_mode")
        .orderBy("begin_ms", "at_ms", "file_id", "line_start");
    Column previous = lag(col("begin_ms"), 1).over(sameLock);
    return waiting
        .withColumn("new_wait", when(previous.isNull().or(col("begin_ms").minus(previous).gt(SAME_WAIT_MS)), 1)
            .otherwise(0))
        .withColumn("wait_no", sum("new_wait").over(sameLock.rowsBetween(Window.unboundedPreceding(), 0)))
        .groupBy("instance", "who", "locked_object", "lock_mode", "wait_no")
        .agg(max_by(struct(col("*")), struct(col("at_ms"), col("file_id"), col("line_start"))).as("latest"))
        .select("latest.*")
        .drop("new_wait", "wait_no");
  }

  private static Column[] common(Column endMs, Column waitMs) {
    return new Column[] {col("instance"), col("engine"), col("file_id"), col("line_start"), col("who"),
        col("lock_type"), col("lock_mode"), col("locked_object"), col("holders"), col("wait_queue"),
        col("fingerprint_id"), col("query_text"), col("begin_ms"), endMs.as("end_ms"), waitMs.as("wait_ms")};
  }
}
