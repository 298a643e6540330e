package io.dblens.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.dblens.common.TableSpec;
import io.dblens.common.Tables;
import io.dblens.parsers.EventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The raw tables other than {@code log_events} are views of the parsed events by type; their columns
 * are picked here and shaped to the catalogue by the warehouse writer.
 */
final class Projections {

  private Projections() {}

  /**
   * A typed table: the event types its rows come from (plans come as {@code plan} events) and the
   * projection of {@code log_events} that gives them.
   */
  record Typed(TableSpec table, Set<EventType> sources, UnaryOperator<Dataset<Row>> projection) {

    /** Whether events of these types (ids, as in {@code ingest_files.events_by_type}) can give the table rows. */
    boolean fedBy(Set<String> typeIds) {
      return sources.stream().anyMatch(t -> typeIds.contains(t.id()));
    }
  }

  /** The typed tables, the big one first. */
  static final List<Typed> TYPED = List.of(
      new Typed(Tables.QUERY_EXECUTIONS, EnumSet.of(EventType.QUERY, EventType.ERROR), Projections::queryExecutions),
      new Typed(Tables.LOCK_EVENTS, EnumSet.of(EventType.LOCK_WAIT, EventType.LOCK_ACQUIRED), Projections::lockEvents),
      new Typed(Tables.DEADLOCK_EVENTS, EnumSet.of(EventType.DEADLOCK), Projections::deadlockEvents),
      new Typed(Tables.EXECUTION_PLANS, EnumSet.of(EventType.PLAN), Projections::executionPlans),
      new Typed(Tables.REPLICATION_EVENTS, EnumSet.of(EventType.REPLICATION), Projections::replicationEvents));

  private static Column ofType(TableSpec table) {
    Typed typed = TYPED.stream().filter(t -> t.table() == table).findFirst().orElseThrow();
    return col("event_type").isin(typed.sources().stream().map(EventType::id).toArray());
  }

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
        .where(ofType(Tables.LOCK_EVENTS))
        .select(col("*"), col("lock.lock_type").as("lock_type"), col("lock.lock_mode").as("lock_mode"),
            col("lock.locked_object").as("locked_object"), col("lock.wait_ms").as("wait_ms"),
            col("lock.holders").as("holders"), col("lock.wait_queue").as("wait_queue"));
  }

  static Dataset<Row> deadlockEvents(Dataset<Row> events) {
    return events
        .where(ofType(Tables.DEADLOCK_EVENTS))
        .withColumn("deadlock_id", concat_ws(":", col("file_id"), col("line_start").cast("string")))
        .withColumn("victim_session", expr("filter(participants, p -> p.victim)[0].session"));
  }

  static Dataset<Row> executionPlans(Dataset<Row> events) {
    return events
        .where(ofType(Tables.EXECUTION_PLANS).and(col("plan").isNotNull()))
        .select(col("*"), col("plan.plan_id").as("plan_id"), col("plan.plan_format").as("plan_format"),
            col("plan.plan_text").as("plan_text"));
  }

  /** State changes, elections and step-downs, from the {@code repl.*} attributes the parsers set. */
  static Dataset<Row> replicationEvents(Dataset<Row> events) {
    return events
        .where(ofType(Tables.REPLICATION_EVENTS))
        .withColumn("member", col("attributes").getItem("repl.member"))
        .withColumn("from_state", col("attributes").getItem("repl.from_state"))
        .withColumn("to_state", col("attributes").getItem("repl.to_state"))
        .withColumn("term", col("attributes").getItem("repl.term").cast("long"))
        .withColumn("reason", col("attributes").getItem("repl.reason"));
  }
}
