package io.dblens.jobs.ingest;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LockInfo;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.PlanInfo;
import io.dblens.parsers.sql.Fingerprint;
import io.dblens.parsers.sql.Fingerprinted;
import io.dblens.parsers.sql.SqlFingerprinter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts one file's parsed events into {@code log_events} rows, fingerprinting every statement on the
 * way and remembering each distinct fingerprint once (handed over by {@link #shapes}).
 */
final class EventRows {

  private final String fileId;
  private final String instance;
  private final Engine engine;
  private final boolean keepLiterals;
  private final SqlFingerprinter fingerprinter;
  /** event_type values, made once: every row carries one. */
  private static final UTF8String[] TYPE_IDS = java.util.Arrays.stream(EventType.values())
      .map(t -> UTF8String.fromString(t.id())).toArray(UTF8String[]::new);

  private final Map<String, Seen> seen = new HashMap<>();
  private final UTF8String fileIdText;
  private final UTF8String instanceText;
  private final UTF8String engineText;

  /** One distinct statement shape of this file: its texts and the time span it ran in. */
  private static final class Seen {
    /** The fingerprint id as every row of this shape carries it, made once. */
    final UTF8String idText;
    final String normalized;
    final String sample;
    Instant first;
    Instant last;

    Seen(String id, String normalized, String sample) {
      this.idText = UTF8String.fromString(id);
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
    this.fileIdText = text(fileId);
    this.instanceText = text(instance);
    this.engineText = text(engine.id());
  }

  /**
   * The event as a row of {@link io.dblens.common.Tables#PARSED_EVENT}: the {@code log_events} values and
   * then the details, in the catalogue's column order and Spark's internal representation, as
   * {@link io.dblens.common.TableFileWriter} takes them (a writer of log_events writes the first columns).
   */
  Object[] event(LogEvent e) {
    Statement stmt = statement(e.queryText(), e.eventTime());
    Instant t = e.eventTime();
    return new Object[] {fileIdText, instanceText, engineText,
        t == null ? null : (int) t.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay(),
        t == null ? null : DateTimeUtils.instantToMicros(t), text(e.rawTime()), TYPE_IDS[e.type().ordinal()],
        text(e.database()), text(e.user()), text(e.application()), text(e.client()), text(e.sessionId()), e.pid(),
        text(e.severity()), text(e.sqlState()), e.durationMs(), stmt == null ? null : stmt.fingerprintId,
        stmt == null ? null : stmt.text, text(e.message()), text(e.detail()), map(e.attributes()),
        e.lineStart(), e.lineEnd(), e.calls(), lock(e.lock()), participants(e), plan(e.plan())};
  }

  /** Each distinct statement shape of the file once ({@link FingerprintCatalog#seen}); forgets them. */
  List<Row> shapes() {
    List<Row> out = new ArrayList<>(seen.size());
    seen.forEach((id, shape) -> out.add(FingerprintCatalog.seen(id, engine.id(), shape.normalized, shape.sample,
        shape.first, shape.last)));
    seen.clear();
    return out;
  }

  private record Statement(UTF8String fingerprintId, UTF8String text) {}

  private Statement statement(String sql, Instant time) {
    if (sql == null || sql.isBlank()) {
      return null;
    }
    Fingerprint fp;
    String text;
    if (keepLiterals) {
      fp = fingerprinter.fingerprint(sql);
      text = sql;
    } else {
      Fingerprinted both = fingerprinter.fingerprintAndRedact(sql); // one scan of the statement for both
      fp = both.fingerprint();
      text = both.redacted();
    }
    String id = fp.hexId();
    Seen shape = seen.computeIfAbsent(id, k -> new Seen(k, fp.normalized(), text));
    shape.at(time);
    return new Statement(shape.idText, UTF8String.fromString(text));
  }

  private static InternalRow lock(LockInfo lock) {
    if (lock == null) {
      return null;
    }
    return new GenericInternalRow(new Object[] {text(lock.lockType()), text(lock.lockMode()), text(lock.object()),
        lock.waitMs(), texts(lock.holders()), texts(lock.waitQueue())});
  }

  private ArrayData participants(LogEvent e) {
    if (e.deadlock().isEmpty()) {
      return null;
    }
    Object[] rows = new Object[e.deadlock().size()];
    int i = 0;
    for (DeadlockParticipant p : e.deadlock()) {
      Statement stmt = statement(p.statement(), e.eventTime());
      rows[i++] = new GenericInternalRow(new Object[] {text(p.session()), text(p.transaction()), text(p.user()),
          text(p.host()), text(p.database()), text(p.tableName()), text(p.indexName()), text(p.lockType()),
          text(p.waitMode()), text(p.heldMode()), text(p.resource()), text(p.waitsFor()),
          stmt == null ? null : stmt.text, stmt == null ? null : stmt.fingerprintId, p.victim(),
          map(p.attributes())});
    }
    return new GenericArrayData(rows);
  }

  private static InternalRow plan(PlanInfo plan) {
    if (plan == null) {
      return null;
    }
    return new GenericInternalRow(new Object[] {text(Ids.hex64(plan.planText())), text(plan.format()),
        text(plan.planText())});
  }

  private static UTF8String text(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  private static ArrayData texts(List<String> list) {
    if (list == null) {
      return null;
    }
    Object[] out = new Object[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = text(list.get(i));
    }
    return new GenericArrayData(out);
  }

  /** Null for no attributes, as the tables have always had it. */
  private static MapData map(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return null;
    }
    Object[] keys = new Object[map.size()];
    Object[] values = new Object[map.size()];
    int i = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      keys[i] = text(e.getKey());
      values[i++] = text(e.getValue());
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
  }
}
