package io.dblens.jobs.locks;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.dblens.common.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code blocking_chains}: the waits of an instance are cut into windows, each a maximal stretch of time
 * in which some session was waiting (waits that overlap, directly or through others, share a window),
 * and each window's waits are turned into blocking trees by {@link BlockingTree}. A head blocker never
 * waits, so its statement is not in the lock lines: it is its last statement logged in
 * {@code log_events} (same pid or session) in the hour before the window began, else its first one
 * during the window.
 */
final class BlockingChains {

  /** How far before a window the head's last statement is looked for. */
  static final long HEAD_LOOKBACK_MS = 3_600_000;

  private BlockingChains() {}

  static Dataset<Row> of(Dataset<Row> waits, Dataset<Row> logEvents) {
    WindowSpec byBegin = Window.partitionBy("instance").orderBy("begin_ms", "end_ms", "file_id", "line_start");
    Column endSoFar = max("end_ms").over(byBegin.rowsBetween(Window.unboundedPreceding(), -1));
    Dataset<Row> windows = waits
        .withColumn("opens", when(endSoFar.isNull().or(col("begin_ms").gt(endSoFar)), 1).otherwise(0))
        .withColumn("window_no", sum("opens").over(byBegin.rowsBetween(Window.unboundedPreceding(), 0)))
        .groupBy("instance", "engine", "window_no")
        .agg(min("begin_ms").as("start_ms"), max("end_ms").as("end_ms"),
            collect_list(struct(col("who"), col("locked_object"), col("lock_mode"), col("holders"), col("wait_queue"),
                col("wait_ms"), col("begin_ms"), col("query_text"), col("fingerprint_id"))).as("waits"));
    Dataset<Row> chains = windows.flatMap(new Build(), Encoders.row(Tables.BLOCKING_CHAINS.schema()));
    return withHeadStatements(chains, logEvents);
  }

  /** Fills head_statement and head_fingerprint_id from the head's own statements (see the class comment). */
  private static Dataset<Row> withHeadStatements(Dataset<Row> chains, Dataset<Row> logEvents) {
    Row span = chains.agg(min("window_start"), max("window_end")).first();
    if (span.isNullAt(0)) {
      return chains;
    }
    Date from = Date.valueOf(span.getTimestamp(0).toInstant().minusMillis(HEAD_LOOKBACK_MS)
        .atOffset(ZoneOffset.UTC).toLocalDate());
    Date to = Date.valueOf(span.getTimestamp(1).toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
    Dataset<Row> statements = logEvents
        .where(col("event_date").between(lit(from), lit(to)).and(col("query_text").isNotNull()))
        .select(col("instance").as("s_instance"), coalesce(col("pid").cast("string"), col("session_id")).as("s_who"),
            col("event_time").as("s_time"), struct(col("query_text").as("text"), col("fingerprint_id").as("fp")).as("s"));
    Column before = col("s_time").leq(col("window_start"));
    Dataset<Row> found = chains.select(col("instance"), col("window_start"), col("window_end"), col("head_session"))
        .join(statements, col("instance").equalTo(col("s_instance")).and(col("head_session").equalTo(col("s_who")))
            .and(col("s_time").geq(col("window_start").minus(expr("INTERVAL " + HEAD_LOOKBACK_MS / 1000 + " SECONDS"))))
            .and(col("s_time").leq(col("window_end"))))
        .groupBy(col("instance").as("f_instance"), col("window_start").as("f_start"), col("head_session").as("f_head"))
        .agg(max_by(when(before, col("s")), when(before, col("s_time"))).as("last_before"),
            min_by(when(not(before), col("s")), when(not(before), col("s_time"))).as("first_during"));
    Column key = col("instance").equalTo(col("f_instance")).and(col("window_start").equalTo(col("f_start")))
        .and(col("head_session").equalTo(col("f_head")));
    Column[] columns = Arrays.stream(Tables.BLOCKING_CHAINS.schema().fieldNames()).map(name -> switch (name) {
      case "head_statement" -> coalesce(col("head_statement"), col("last_before.text"), col("first_during.text"))
          .as(name);
      case "head_fingerprint_id" -> coalesce(col("head_fingerprint_id"), col("last_before.fp"),
          col("first_during.fp")).as(name);
      default -> col(name);
    }).toArray(Column[]::new);
    return chains.join(found, key, "left").select(columns);
  }

  /** One window's waits to its chains, one row each. */
  static final class Build implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Row window) {
      List<LockWaitObservation> observations = new ArrayList<>();
      Map<String, String> fingerprints = new HashMap<>();
      for (Row w : window.<Row>getList(window.fieldIndex("waits"))) {
        String who = w.getAs("who");
        if (who == null) {
          continue;
        }
        double beginMs = w.<Double>getAs("begin_ms");
        observations.add(new LockWaitObservation(Instant.ofEpochMilli((long) beginMs), who, w.getAs("locked_object"),
            w.getAs("lock_mode"), strings(w, "holders"), strings(w, "wait_queue"), w.<Double>getAs("wait_ms"),
            w.getAs("query_text")));
        if (w.getAs("fingerprint_id") != null) {
          fingerprints.putIfAbsent(who, w.getAs("fingerprint_id"));
        }
      }
      Timestamp start = timestamp(window.<Double>getAs("start_ms"));
      Timestamp end = timestamp(window.<Double>getAs("end_ms"));
      List<Row> rows = new ArrayList<>();
      for (BlockingChain c : BlockingTree.build(observations, Map.of())) {
        List<Row> blocked = new ArrayList<>();
        for (BlockedSession b : c.blocked()) {
          blocked.add(RowFactory.create(b.session(), b.blockedBy(), b.level(), b.waitMs(), b.resource(), b.lockMode(),
              b.statement(), fingerprints.get(b.session()), b.fromWaitQueue(), DeadlockRows.seq(b.queuedBehind())));
        }
        // A deadlocked head waits too: its own statement is known from its wait.
        String headFingerprint = c.headStatement() == null ? null : fingerprints.get(c.headSession());
        rows.add(RowFactory.create(window.getAs("instance"), window.getAs("engine"), start, end, c.headSession(),
            c.headStatement(), headFingerprint, c.deadlocked(), c.depth(), c.blockedSessions(), c.totalWaitMs(),
            c.maxWaitMs(), DeadlockRows.seq(blocked)));
      }
      return rows.iterator();
    }

    private static List<String> strings(Row r, String field) {
      int i = r.fieldIndex(field);
      return r.isNullAt(i) ? List.of() : r.getList(i);
    }

    private static Timestamp timestamp(double epochMs) {
      return Timestamp.from(Instant.EPOCH.plusNanos(Math.round(epochMs * 1_000) * 1_000L));
    }
  }
}
