package io.dblens.parsers.postgres;

import io.dblens.parsers.CsvRecord;
import io.dblens.parsers.QuarantineBuffer;
import java.util.List;

/**
 * Frames csvlog: a record is complete when its double quotes balance, so quoted messages spanning lines
 * stay whole. Columns follow the documented csvlog order (PostgreSQL 9.0 to 17): log_time, user_name,
 * database_name, process_id, connection_from, session_id, session_line_num, command_tag,
 * session_start_time, virtual_transaction_id, transaction_id, error_severity, sql_state_code, message,
 * detail, hint, internal_query, internal_query_pos, context, query, query_pos, location,
 * application_name, backend_type (13+), leader_pid (14+), query_id (14+).
 */
final class CsvFramer implements Framer {

  /** A record still open after this many lines is taken to be broken quoting, not a long statement. */
  static final int MAX_RECORD_LINES = 100_000;

  private final PgTime time;
  private final SessionAssembler out;
  private final QuarantineBuffer quarantine;
  private StringBuilder record;
  private long start;
  private long end;
  private int quoteCount;

  CsvFramer(PgTime time, SessionAssembler out, QuarantineBuffer quarantine) {
    this.time = time;
    this.out = out;
    this.quarantine = quarantine;
  }

  @Override
  public void line(long number, String text) {
    if (record == null) {
      if (!startsWithTimestamp(text)) {
        quarantine.add(number, text, "csvlog record does not start with a log_time timestamp");
        return;
      }
      record = new StringBuilder(text);
      start = number;
      quoteCount = 0;
    } else {
      record.append('\n').append(text);
    }
    end = number;
    quoteCount += CsvRecord.quotes(text);
    if ((quoteCount & 1) == 0) {
      complete();
    } else if (end - start + 1 >= MAX_RECORD_LINES) {
      String raw = record.toString();
      record = null;
      quarantine.addRange(start, end, raw, "csvlog record with an unterminated quoted field");
    }
  }

  private static boolean startsWithTimestamp(String text) {
    int from = text.startsWith("\"") ? 1 : 0;
    return PgTime.scanDateTime(text, from, text.length()) > 0;
  }

  private void complete() {
    String raw = record.toString();
    record = null;
    List<String> f = CsvRecord.split(raw);
    if (f == null || f.size() < 14) {
      quarantine.addRange(start, end, raw, "csvlog record with broken quoting or fewer than 14 columns");
      return;
    }
    PgEntry e = new PgEntry(start);
    e.lineEnd = end;
    e.structured = true;
    String ts = f.get(0);
    e.rawTime = ts;
    e.time = time.parse(ts, 0, ts.length());
    e.user = f.get(1);
    e.database = f.get(2);
    e.pid = f.get(3) == null ? null : PrefixFields.parseLong(f.get(3), 0, f.get(3).length());
    e.client = f.get(4);
    e.sessionId = f.get(5);
    e.attribute("pg.session_line", f.get(6));
    e.attribute("pg.command_tag", f.get(7));
    e.attribute("pg.session_start", f.get(8));
    e.attribute("pg.vxid", f.get(9));
    e.attribute("pg.txid", f.get(10));
    e.severity = f.get(11) == null ? "LOG" : f.get(11);
    e.sqlState = f.get(12);
    e.text(f.get(13) == null ? "" : f.get(13));
    e.detail = at(f, 14);
    e.hint = at(f, 15);
    e.internalQuery = at(f, 16);
    e.context = at(f, 18);
    e.statement = at(f, 19);
    e.attribute("pg.location", at(f, 21));
    e.application = at(f, 22);
    e.attribute("pg.backend_type", at(f, 23));
    e.attribute("pg.leader_pid", at(f, 24));
    e.queryId = at(f, 25);
    out.accept(e);
  }

  private static String at(List<String> f, int i) {
    return i < f.size() ? f.get(i) : null;
  }

  @Override
  public void flush() {
    if (record != null) {
      String raw = record.toString();
      record = null;
      quarantine.addRange(start, end, raw, "csvlog record cut off by the end of the file (unterminated quoted field)");
    }
  }
}
