package io.dblens.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.dblens.parsers.EventType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The raw tables other than {@code log_events} are views of the parsed events by type; their columns
 * are picked here and shaped to the catalogue by the warehouse writer.
 */
final class Projections {

  private Projections() {}

  /** Statements with a duration, and failed statements (no duration): one call each unless the event says. */
  static Dataset<Row> queryExecutions(Dataset<Row> events) {
    return events
        .where(col("event_type").equalTo(EventType.QUERY.id())
            .or(col("event_type").equalTo(EventType.ERROR.id()).and(col("fingerprint_id").isNotNull())))
        .withColumn("calls", coalesce(col("calls"), lit(1L)))
        .withColumn("failed", col("event_type").equalTo(EventType.ERROR.id()));
  }

  static Dataset<Row> lockEvents(Dataset<Row> events) {
    return events
        .where(col("event_type").isin(EventType.LOCK_WAIT.id(), EventType.LOCK_ACQUIRED.id()))
        .select(col("*"), col("lock.lock_type").as("lock_type"), col("lock.lock_mode").as("lock_mode"),
            col("lock.locked_object").as("locked_object"), col("lock.wait_ms").as("wait_ms"),
            col("lock.holders").as("holders"), col("lock.wait_queue").as("wait_queue"));
  }

  static Dataset<Row> deadlockEvents(Dataset<Row> events) {
    return events
        .where(col("event_type").equalTo(EventType.DEADLOCK.id()))
        .withColumn("deadlock_id", concat_ws(":", col("file_id"), col("line_start").cast("string")))
        .withColumn("victim_session", expr("filter(participants, p -> p.victim)[0].session"));
  }

  static Dataset<Row> executionPlans(Dataset<Row> events) {
    return events
        .where(col("plan").isNotNull())
        .select(col("*"), col("plan.plan_id").as("plan_id"), col("plan.plan_format").as("plan_format"),
            col("plan.plan_text").as("plan_text"));
  }

  /** State changes, elections and step-downs, from the {@code repl.*} attributes the parsers set. */
  static Dataset<Row> replicationEvents(Dataset<Row> events) {
    return events
        .where(col("event_type").equalTo(EventType.REPLICATION.id()))
        .withColumn("member", col("attributes").getItem("repl.member"))
        .withColumn("from_state", col("attributes").getItem("repl.from_state"))
        .withColumn("to_state", col("attributes").getItem("repl.to_state"))
        .withColumn("term", col("attributes").getItem("repl.term").cast("long"))
        .withColumn("reason", col("attributes").getItem("repl.reason"));
  }
}
