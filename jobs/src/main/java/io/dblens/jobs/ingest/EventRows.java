package io.dblens.jobs.ingest;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.LockInfo;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.PlanInfo;
import io.dblens.parsers.sql.Fingerprint;
import io.dblens.parsers.sql.SqlFingerprinter;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Converts one file's parsed events into {@code log_events} rows, fingerprinting every statement on the
 * way and remembering each distinct fingerprint once (written by {@link #writeFingerprints}).
 */
final class EventRows {

  private final String fileId;
  private final String instance;
  private final Engine engine;
  private final boolean keepLiterals;
  private final SqlFingerprinter fingerprinter;
  private final Map<String, Seen> seen = new HashMap<>();

  /** One distinct statement shape of this file: its texts and the time span it ran in. */
  private static final class Seen {
    final String normalized;
    final String sample;
    Instant first;
    Instant last;

    Seen(String normalized, String sample) {
      this.normalized = normalized;
      this.sample = sample;
    }

    void at(Instant time) {
      if (time != null) {
        first = first == null || time.isBefore(first) ? time : first;
        last = last == null || time.isAfter(last) ? time : last;
      }
    }
  }

  EventRows(String fileId, String instance, Engine engine, boolean keepLiterals) {
    this.fileId = fileId;
    this.instance = instance;
    this.engine = engine;
    this.keepLiterals = keepLiterals;
    this.fingerprinter = SqlFingerprinter.forEngine(engine);
  }

  /** The event as a {@code log_events} row, in the catalogue's column order. */
  Row event(LogEvent e) {
    Statement stmt = statement(e.queryText(), e.eventTime());
    Instant t = e.eventTime();
    return RowFactory.create(fileId, instance, engine.id(),
        t == null ? null : Date.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDate()),
        t == null ? null : Timestamp.from(t), e.rawTime(), e.type().id(), e.database(), e.user(),
        e.application(), e.client(), e.sessionId(), e.pid(), e.severity(), e.sqlState(), e.durationMs(),
        stmt == null ? null : stmt.fingerprintId, stmt == null ? null : stmt.text, e.message(), e.detail(),
        e.attributes().isEmpty() ? null : scalaMap(e.attributes()), e.lineStart(), e.lineEnd(), e.calls(),
        lock(e.lock()), participants(e), plan(e.plan()));
  }

  /** Writes each distinct statement shape of the file once, in {@link FingerprintCatalog#SEEN} order. */
  void writeFingerprints(SideOutputs.Writer out) {
    seen.forEach((id, shape) -> out.row(id, engine.id(), shape.normalized, shape.sample, shape.first, shape.last));
    seen.clear();
  }

  private record Statement(String fingerprintId, String text) {}

  private Statement statement(String sql, Instant time) {
    if (sql == null || sql.isBlank()) {
      return null;
    }
    Fingerprint fp = fingerprinter.fingerprint(sql);
    String id = fp.hexId();
    String text = keepLiterals ? sql : fingerprinter.redact(sql);
    seen.computeIfAbsent(id, k -> new Seen(fp.normalized(), text)).at(time);
    return new Statement(id, text);
  }

  private static Row lock(LockInfo lock) {
    if (lock == null) {
      return null;
    }
    return RowFactory.create(lock.lockType(), lock.lockMode(), lock.object(), lock.waitMs(),
        seq(lock.holders()), seq(lock.waitQueue()));
  }

  private Object participants(LogEvent e) {
    if (e.deadlock().isEmpty()) {
      return null;
    }
    List<Row> rows = new ArrayList<>(e.deadlock().size());
    for (DeadlockParticipant p : e.deadlock()) {
      Statement stmt = statement(p.statement(), e.eventTime());
      rows.add(RowFactory.create(p.session(), p.transaction(), p.user(), p.host(), p.database(), p.tableName(),
          p.indexName(), p.lockType(), p.waitMode(), p.heldMode(), p.resource(), p.waitsFor(),
          stmt == null ? null : stmt.text, stmt == null ? null : stmt.fingerprintId, p.victim(),
          p.attributes().isEmpty() ? null : scalaMap(p.attributes())));
    }
    return seq(rows);
  }

  private static Row plan(PlanInfo plan) {
    if (plan == null) {
      return null;
    }
    return RowFactory.create(Ids.hex64(plan.planText()), plan.format(), plan.planText());
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }

  private static scala.collection.Map<String, String> scalaMap(Map<String, String> map) {
    return CollectionConverters.asScala(map);
  }
}
