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
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Converts one file's parsed events into staged rows, fingerprinting every statement on the way and
 * remembering each distinct fingerprint once (emitted by {@link #flushFingerprints}).
 */
final class EventRows {

  private final String fileId;
  private final String instance;
  private final Engine engine;
  private final boolean keepLiterals;
  private final SqlFingerprinter fingerprinter;
  private final Map<String, Row[]> seen = new HashMap<>();
  private final Map<String, Instant[]> seenTimes = new HashMap<>();

  EventRows(String fileId, String instance, Engine engine, boolean keepLiterals) {
    this.fileId = fileId;
    this.instance = instance;
    this.engine = engine;
    this.keepLiterals = keepLiterals;
    this.fingerprinter = SqlFingerprinter.forEngine(engine);
  }

  void event(LogEvent e, Consumer<Row> out) {
    Statement stmt = statement(e.queryText(), e.eventTime());
    Instant t = e.eventTime();
    Row event = RowFactory.create(fileId, instance, engine.id(),
        t == null ? null : Date.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDate()),
        t == null ? null : Timestamp.from(t), e.rawTime(), e.type().id(), e.database(), e.user(),
        e.application(), e.client(), e.sessionId(), e.pid(), e.severity(), e.sqlState(), e.durationMs(),
        stmt == null ? null : stmt.fingerprintId, stmt == null ? null : stmt.text, e.message(), e.detail(),
        e.attributes().isEmpty() ? null : scalaMap(e.attributes()), e.lineStart(), e.lineEnd());
    out.accept(RowFactory.create(Staged.EVENT, fileId, event, lock(e.lock()), participants(e), plan(e.plan()),
        null, null, null));
  }

  void flushFingerprints(Consumer<Row> out) {
    for (Map.Entry<String, Row[]> entry : seen.entrySet()) {
      Instant[] times = seenTimes.get(entry.getKey());
      Row base = entry.getValue()[0];
      Row fp = RowFactory.create(base.get(0), base.get(1), base.get(2), base.get(3),
          times[0] == null ? null : Timestamp.from(times[0]), times[1] == null ? null : Timestamp.from(times[1]));
      out.accept(RowFactory.create(Staged.FINGERPRINT, fileId, null, null, null, null, null, null, fp));
    }
    seen.clear();
    seenTimes.clear();
  }

  private record Statement(String fingerprintId, String text) {}

  private Statement statement(String sql, Instant time) {
    if (sql == null || sql.isBlank()) {
      return null;
    }
    Fingerprint fp = fingerprinter.fingerprint(sql);
    String id = fp.hexId();
    String text = keepLiterals ? sql : fingerprinter.redact(sql);
    if (!seen.containsKey(id)) {
      seen.put(id, new Row[] {RowFactory.create(id, engine.id(), fp.normalized(), text)});
      seenTimes.put(id, new Instant[] {time, time});
    } else if (time != null) {
      Instant[] times = seenTimes.get(id);
      if (times[0] == null || time.isBefore(times[0])) {
        times[0] = time;
      }
      if (times[1] == null || time.isAfter(times[1])) {
        times[1] = time;
      }
    }
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
