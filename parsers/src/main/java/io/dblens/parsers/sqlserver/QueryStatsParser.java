package io.dblens.parsers.sqlserver;

import io.dblens.parsers.CsvRecord;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads SQL statistics exports ({@link StatsColumns}) into one QUERY event per interval and
 * (database, query_hash), with {@code calls} the executions in the interval and {@code durationMs} their
 * total elapsed time, so that query rankings work for SQL Server.
 *
 * <p>Rows with the same time form one snapshot (the file is expected in time order). For
 * {@code sys.dm_exec_query_stats} snapshots the counters are cumulative since the plan was cached: an
 * interval is the difference between a snapshot and the one before, per (database, query_hash,
 * query_plan_hash). A plan absent from the previous snapshot was cached during the interval, and a plan
 * whose counters went down (or whose creation_time changed) left the cache and came back: both count
 * in full. The first snapshot only sets the baseline. Query Store rows are already per interval and are
 * summed as they are (total duration = executions x average).
 *
 * <p>Line ranges: an event's range starts at the first row of its query_hash in the snapshot and runs
 * to the row before the next event's first row, so every line of a snapshot is in exactly one event
 * even when a query_hash has several rows (plans) in it. A snapshot with no executions (or the
 * baseline) is one MESSAGE event.
 */
final class QueryStatsParser implements LogParser {

  static final int MAX_RECORD_LINES = 10_000;

  private final ParseContext context;
  private final StatsColumns.Layout expected;
  private StatsColumns columns;
  private Map<List<String>, Counters> previous;
  private Instant previousTime;
  private String previousRaw;
  private EventSink sink;

  QueryStatsParser(ParseContext context, StatsColumns.Layout expected) {
    this.context = context;
    this.expected = expected;
  }

  /** Counters of one plan (or their sum for a query hash), plus where it was first seen. */
  private static final class Counters {
    long executions;
    double elapsedUs;
    double workerUs;
    double reads;
    double rows;
    String created;
    String text;
    long firstLine;
    boolean reset;
    final TreeSet<String> plans = new TreeSet<>();

    void add(Counters c) {
      executions += c.executions;
      elapsedUs += c.elapsedUs;
      workerUs += c.workerUs;
      reads += c.reads;
      rows += c.rows;
      reset |= c.reset;
      plans.addAll(c.plans);
      if (text == null) {
        text = c.text;
      }
      firstLine = firstLine == 0 ? c.firstLine : Math.min(firstLine, c.firstLine);
    }
  }

  /** The rows of one snapshot, in segments of contiguous lines (a quarantined row ends a segment). */
  private final class Snapshot {
    final Instant time;
    final String raw;
    final String intervalEnd;
    final Map<List<String>, Counters> plans = new LinkedHashMap<>();
    final List<long[]> segments = new ArrayList<>();

    Snapshot(Instant time, String raw, String intervalEnd, long firstLine) {
      this.time = time;
      this.raw = raw;
      this.intervalEnd = intervalEnd;
      segments.add(new long[] {firstLine, firstLine - 1});
    }

    void extend(long line) {
      segments.get(segments.size() - 1)[1] = line;
    }

    void breakAt(long nextLine) {
      segments.add(new long[] {nextLine, nextLine - 1});
    }
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    this.sink = sink;
    Snapshot snapshot = null;
    StringBuilder record = null;
    long start = 0;
    long pendingFrom = 0;
    int quotes = 0;
    long last = 0;
    Line line;
    while ((line = lines.next()) != null) {
      long n = line.number();
      last = n;
      if (pendingFrom == 0) {
        pendingFrom = n;
      }
      if (record == null) {
        if (line.text().isBlank()) {
          if (snapshot != null) {
            snapshot.extend(n);
          }
          continue;
        }
        record = new StringBuilder(line.text());
        start = n;
        quotes = 0;
      } else {
        record.append('\n').append(line.text());
      }
      quotes += CsvRecord.quotes(line.text());
      if ((quotes & 1) == 1 && n - start + 1 < MAX_RECORD_LINES) {
        continue;
      }
      String raw = record.toString();
      record = null;
      if (columns == null) {
        columns = StatsColumns.of(raw);
        if (columns == null || columns.layout != expected) {
          sink.quarantine(pendingFrom, n, raw, "not the header of a " + format(expected)
              + " export (see the README for its columns)");
          columns = null;
          pendingFrom = 0;
        }
        continue;
      }
      List<String> row = (quotes & 1) == 1 ? null : CsvRecord.split(raw);
      String bad = row == null ? "CSV row with broken quoting" : null;
      String timeText = row == null ? null : columns.get(row, StatsColumns.TIME);
      Instant time = SqlServerTime.parse(timeText, context.zone());
      Counters c = null;
      if (bad == null) {
        if (time == null) {
          bad = "row without a readable " + (expected == StatsColumns.Layout.QUERY_STATS ? "snapshot_time"
              : "interval_start") + ": '" + timeText + "'";
        } else if (columns.get(row, StatsColumns.QUERY_HASH) == null) {
          bad = "row without a query_hash";
        } else {
          c = counters(row, start);
          if (c == null) {
            bad = "row with a count or time that is not a number";
          }
        }
      }
      if (snapshot != null && (bad != null || !snapshot.time.equals(time))) {
        if (bad != null) {
          sink.quarantine(start, n, raw, bad);
          snapshot.breakAt(n + 1);
          continue;
        }
        flush(snapshot);
        snapshot = null;
        pendingFrom = start;
      }
      if (bad != null) {
        sink.quarantine(pendingFrom, n, raw, bad);
        pendingFrom = 0;
        continue;
      }
      if (snapshot == null) {
        snapshot = new Snapshot(time, timeText, columns.get(row, StatsColumns.INTERVAL_END), pendingFrom);
      }
      snapshot.extend(n);
      List<String> key = List.of(Objects.toString(columns.get(row, StatsColumns.DATABASE), ""),
          columns.get(row, StatsColumns.QUERY_HASH), Objects.toString(columns.get(row, StatsColumns.PLAN_HASH), ""));
      Counters sum = snapshot.plans.get(key);
      if (sum == null) {
        snapshot.plans.put(key, c);
      } else {
        sum.add(c);
        if (sum.created == null) {
          sum.created = c.created;
        }
      }
    }
    if (record != null) {
      sink.quarantine(start, last, record.toString(), "CSV row cut off by the end of the file (unterminated quote)");
      last = start - 1;
    }
    if (snapshot != null) {
      flush(snapshot);
    } else if (pendingFrom > 0 && pendingFrom <= last) {
      sink.quarantine(pendingFrom, last, "", columns == null ? "no " + format(expected) + " header"
          : "a " + format(expected) + " header without any row");
    }
  }

  private static String format(StatsColumns.Layout l) {
    return l == StatsColumns.Layout.QUERY_STATS ? "query-stats" : "query-store";
  }

  private Counters counters(List<String> row, long line) {
    try {
      Counters c = new Counters();
      c.executions = Math.round(Double.parseDouble(columns.get(row, StatsColumns.EXECUTIONS)));
      double elapsed = Double.parseDouble(columns.get(row, StatsColumns.ELAPSED_US));
      double worker = optional(row, StatsColumns.WORKER_US);
      double reads = optional(row, StatsColumns.READS);
      double rows = optional(row, StatsColumns.ROWS);
      if (columns.layout == StatsColumns.Layout.QUERY_STORE) {
        // Query Store gives averages per execution.
        elapsed *= c.executions;
        worker *= c.executions;
        reads *= c.executions;
        rows *= c.executions;
      }
      c.elapsedUs = elapsed;
      c.workerUs = worker;
      c.reads = reads;
      c.rows = rows;
      c.created = columns.get(row, StatsColumns.CREATED);
      c.text = columns.get(row, StatsColumns.TEXT);
      c.firstLine = line;
      String plan = columns.get(row, StatsColumns.PLAN_HASH);
      if (plan != null) {
        c.plans.add(plan);
      }
      return c;
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
  }

  private double optional(List<String> row, String key) {
    String v = columns.get(row, key);
    return v == null ? 0 : Double.parseDouble(v);
  }

  private void flush(Snapshot s) {
    boolean cumulative = columns.layout == StatsColumns.Layout.QUERY_STATS;
    if (cumulative && previousTime != null && !s.time.isAfter(previousTime)) {
      for (long[] seg : s.segments) {
        if (seg[1] >= seg[0]) {
          sink.quarantine(seg[0], seg[1], "", "snapshot " + s.raw + " is not after the previous one ("
              + previousRaw + "): sort the export by snapshot_time");
        }
      }
      return;
    }
    Map<List<String>, Counters> byQuery = new LinkedHashMap<>();
    for (Map.Entry<List<String>, Counters> e : s.plans.entrySet()) {
      Counters delta = cumulative ? delta(e.getKey(), e.getValue()) : e.getValue();
      if (delta == null) {
        continue;
      }
      List<String> query = e.getKey().subList(0, 2);
      byQuery.computeIfAbsent(query, k -> new Counters()).add(delta);
    }
    boolean baseline = cumulative && previous == null;
    String intervalStart = cumulative ? previousRaw : s.raw;
    String intervalEnd = cumulative ? s.raw : s.intervalEnd;
    if (cumulative) {
      previous = s.plans;
      previousTime = s.time;
      previousRaw = s.raw;
    }
    List<Map.Entry<List<String>, Counters>> executed = new ArrayList<>();
    for (Map.Entry<List<String>, Counters> e : byQuery.entrySet()) {
      if (e.getValue().executions > 0) {
        executed.add(e);
      }
    }
    executed.sort((a, b) -> Long.compare(a.getValue().firstLine, b.getValue().firstLine));
    for (long[] seg : s.segments) {
      if (seg[1] < seg[0]) {
        continue;
      }
      List<Map.Entry<List<String>, Counters>> here = new ArrayList<>();
      for (Map.Entry<List<String>, Counters> e : executed) {
        if (e.getValue().firstLine >= seg[0] && e.getValue().firstLine <= seg[1]) {
          here.add(e);
        }
      }
      if (here.isEmpty()) {
        sink.event(LogEvent.builder(EventType.MESSAGE).lines(seg[0], seg[1]).eventTime(s.time).rawTime(s.raw)
            .message(baseline ? "first snapshot: the baseline later snapshots are compared with"
                : "statistics rows without executions of their own in this interval")
            .attribute("mssql.snapshot_time", s.raw).build());
        continue;
      }
      for (int i = 0; i < here.size(); i++) {
        long from = i == 0 ? seg[0] : here.get(i).getValue().firstLine;
        long to = i + 1 < here.size() ? here.get(i + 1).getValue().firstLine - 1 : seg[1];
        sink.event(query(here.get(i).getKey(), here.get(i).getValue(), s, intervalStart, intervalEnd)
            .lines(from, to).build());
      }
    }
  }

  private Counters delta(List<String> key, Counters cur) {
    if (previous == null) {
      return null;
    }
    Counters prev = previous.get(key);
    Counters d = new Counters();
    d.text = cur.text;
    d.firstLine = cur.firstLine;
    d.plans.addAll(cur.plans);
    boolean reset = prev != null && (cur.executions < prev.executions || cur.elapsedUs < prev.elapsedUs
        || cur.created != null && prev.created != null && !cur.created.equals(prev.created));
    if (prev == null || reset) {
      d.executions = cur.executions;
      d.elapsedUs = cur.elapsedUs;
      d.workerUs = cur.workerUs;
      d.reads = cur.reads;
      d.rows = cur.rows;
      d.reset = reset;
    } else {
      d.executions = cur.executions - prev.executions;
      d.elapsedUs = cur.elapsedUs - prev.elapsedUs;
      d.workerUs = Math.max(0, cur.workerUs - prev.workerUs);
      d.reads = Math.max(0, cur.reads - prev.reads);
      d.rows = Math.max(0, cur.rows - prev.rows);
    }
    return d;
  }

  private LogEvent.Builder query(List<String> key, Counters c, Snapshot s, String intervalStart,
      String intervalEnd) {
    boolean cumulative = columns.layout == StatsColumns.Layout.QUERY_STATS;
    Instant end = cumulative ? s.time : SqlServerTime.parse(intervalEnd, context.zone());
    LogEvent.Builder b = LogEvent.builder(EventType.QUERY)
        .eventTime(end == null ? s.time : end).rawTime(end == null ? s.raw : intervalEnd)
        .database(key.get(0).isEmpty() ? null : key.get(0))
        .queryText(c.text)
        .calls(c.executions)
        .durationMs(c.elapsedUs / 1000.0)
        .message((cumulative ? "sys.dm_exec_query_stats" : "Query Store") + " interval " + intervalStart + " to "
            + (intervalEnd == null ? "?" : intervalEnd))
        .attribute("mssql.query_hash", key.get(1))
        .attribute("mssql.query_plan_hash", c.plans.isEmpty() ? null : String.join(",", c.plans))
        .attribute("mssql.interval_start", intervalStart)
        .attribute("mssql.interval_end", intervalEnd)
        .attribute("mssql.worker_time_ms", number(c.workerUs / 1000.0))
        .attribute("mssql.logical_reads", number(c.reads))
        .attribute("mssql.rows", number(c.rows));
    if (c.reset) {
      b.attribute("mssql.counter_reset", "true");
    }
    return b;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
