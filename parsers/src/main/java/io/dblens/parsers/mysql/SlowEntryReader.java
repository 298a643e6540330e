package io.dblens.parsers.mysql;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.QuarantineBuffer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Turns one framed slow-log entry into a QUERY event: header lines ({@code # Time}, {@code # User@Host},
 * {@code # Query_time ...} and the Percona/MariaDB extras), then the leading {@code use db;} and
 * {@code SET timestamp=...;} lines the server writes before the statement, then the statement. An entry
 * without a {@code # Time} or a database of its own gets the last ones seen, as pt-query-digest's default
 * {@code --inherit-attributes db,ts} does: the server writes {@code use db;} only when the database differs
 * from the last one it wrote.
 */
final class SlowEntryReader {
  /** What pt-query-digest calls an entry that carries only context lines. */
  static final String NO_QUERY = "/* No query */";

  private final MysqlTime time;
  private final EventSink sink;
  private final QuarantineBuffer quarantine;
  private Instant lastTime;
  private String lastRawTime;
  private String lastDatabase;

  /** @param database the database in effect before the first entry (null at a file's start) */
  SlowEntryReader(MysqlTime time, EventSink sink, QuarantineBuffer quarantine, String database) {
    this.time = time;
    this.sink = sink;
    this.quarantine = quarantine;
    this.lastDatabase = database;
  }

  /**
   * The database a line of an entry names, or null: a {@code use db;} line, or a header line's non-empty
   * {@code Schema:} pair (Percona, MariaDB).
   */
  static String databaseNamedBy(String line) {
    if (line.startsWith("use ")) {
      return useDatabase(line);
    }
    if (!line.startsWith("#") || !isPairLine(line)) {
      return null;
    }
    String[] schema = new String[1];
    HeaderPairs.scan(line, 1, (name, value) -> {
      if (name.equals("Schema") && !value.isEmpty()) {
        schema[0] = value;
      }
    });
    return schema[0];
  }

  /** A header line of name: value pairs (not the time, user, admin-command or explain line). */
  private static boolean isPairLine(String l) {
    return !l.startsWith("# Time:") && !l.startsWith("# User@Host:") && !l.startsWith("# User:")
        && !l.startsWith("# administrator command:") && !l.startsWith("# explain: ");
  }

  /** The database of a {@code use db;} line, or null for any other line. */
  private static String useDatabase(String l) {
    return l.startsWith("use ") && SlowLogParser.endsWithSemicolon(l) ? stripSemicolon(l.substring(4)).trim() : null;
  }

  void read(SlowEntry entry) {
    LogEvent.Builder b = LogEvent.builder(EventType.QUERY).lines(entry.firstLine, entry.lastLine);
    List<String> lines = entry.lines;
    entryTimed = false;
    String admin = null;
    String schema = null;
    StringBuilder explain = null;
    boolean ownTime = false;
    int i = 0;
    for (; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank()) {
        continue;
      }
      if (!l.startsWith("#")) {
        break;
      }
      if (l.startsWith("# Time:")) {
        ownTime |= timeLine(l, b);
        int uh = l.indexOf("# User@Host:", 7);
        if (uh > 0) {
          userHost(l, uh + 12, b);
        }
      } else if (l.startsWith("# User@Host:")) {
        userHost(l, 12, b);
      } else if (l.startsWith("# User:")) {
        userHost(l, 7, b);
      } else if (l.startsWith("# administrator command:")) {
        admin = stripSemicolon(l.substring(2));
      } else if (l.startsWith("# explain: ")) {
        // MariaDB's log_slow_verbosity=explain: the EXPLAIN table, one tab-separated row per line.
        explain = explain == null ? new StringBuilder() : explain.append('\n');
        explain.append(l, 11, l.length());
      } else {
        String[] schemaOut = new String[1];
        HeaderPairs.scan(l, 1, (name, value) -> {
          if (name.equals("Schema")) {
            schemaOut[0] = value;
          }
          attribute(b, name, value);
        });
        if (schemaOut[0] != null && !schemaOut[0].isEmpty()) {
          schema = schemaOut[0];
        }
      }
    }
    // The statement part: the first "use db;" and "SET timestamp=...;" (or insert_id, last_insert_id) lines
    // before the statement are context the server adds, not the statement, as pt-query-digest reads them.
    // An entry with nothing else is logged as pt-query-digest does, as "/* No query */".
    String db = null;
    boolean setSeen = false;
    int lastContent = lastNonBlank(lines);
    for (; i <= lastContent; i++) {
      String l = lines.get(i);
      String used = db == null ? useDatabase(l) : null;
      if (used != null) {
        db = used;
      } else if (!setSeen && isContextSet(l)) {
        setSeen = true;
        settings(stripSemicolon(l.substring(4)), b, ownTime);
      } else if (l.startsWith("# administrator command:")) {
        admin = stripSemicolon(l.substring(2));
      } else if (!l.isBlank()) {
        break;
      }
    }
    String statement = i <= lastContent ? statement(lines, i, lastContent) : null;
    if (statement != null && statement.startsWith("# administrator command:")) {
      statement = null;
    }
    if (statement == null || statement.isEmpty()) {
      statement = admin;
    }
    if (statement == null && (db != null || setSeen)) {
      statement = NO_QUERY;
    }
    if (statement == null) {
      quarantine.addRange(entry.firstLine, entry.lastLine, String.join("\n", lines),
          "slow-log entry without a statement (truncated or malformed entry)");
      return;
    }
    if (b.database() == null) {
      b.database(db != null ? db : schema != null ? schema : lastDatabase);
    }
    lastDatabase = b.database();
    if (explain != null) {
      b.attribute("mysql.explain", explain.toString());
    }
    if (!entryTimed && lastTime != null) {
      b.eventTime(lastTime).rawTime(lastRawTime);
    }
    b.queryText(statement);
    sink.event(b.build());
  }

  /** Whether the entry being read has its own time (# Time or SET timestamp). */
  private boolean entryTimed;

  private boolean timeLine(String l, LogEvent.Builder b) {
    int p = 7;
    while (p < l.length() && l.charAt(p) == ' ') {
      p++;
    }
    Instant t = time.parse(l, p);
    if (t == null) {
      return false;
    }
    String raw = l.substring(p, time.end);
    b.eventTime(t).rawTime(raw);
    lastTime = t;
    lastRawTime = raw;
    entryTimed = true;
    return true;
  }

  /** {@code user[user] @ host [ip]  Id: 12} or {@code [SQL_SLAVE] @  []}. */
  private static void userHost(String l, int from, LogEvent.Builder b) {
    int at = l.indexOf(" @ ", from);
    if (at < 0) {
      return;
    }
    String userPart = l.substring(from, at).trim();
    int bracket = userPart.indexOf('[');
    String user = bracket > 0 ? userPart.substring(0, bracket) : userPart;
    if (bracket == 0 && userPart.endsWith("]")) {
      user = userPart;
    }
    b.user(user);
    int p = at + 3;
    while (p < l.length() && l.charAt(p) == ' ') {
      p++;
    }
    String host = "";
    if (p < l.length() && l.charAt(p) != '[') {
      int end = l.indexOf(' ', p);
      host = end < 0 ? l.substring(p) : l.substring(p, end);
      p = end < 0 ? l.length() : end;
    }
    String ip = "";
    int open = l.indexOf('[', p);
    if (open >= 0) {
      int close = l.indexOf(']', open);
      if (close > open) {
        ip = l.substring(open + 1, close);
        p = close + 1;
      }
    }
    b.client(!host.isEmpty() ? host : ip.isEmpty() ? null : ip);
    if (!ip.isEmpty()) {
      b.attribute("mysql.ip", ip);
    }
    int id = l.indexOf("Id:", p);
    if (id >= 0) {
      String v = l.substring(id + 3).trim();
      if (!v.isEmpty()) {
        b.sessionId(v);
        b.attribute("mysql.id", v);
      }
    }
  }

  private static void attribute(LogEvent.Builder b, String name, String value) {
    switch (name) {
      case "Query_time" -> {
        b.durationMs(millis(value));
        b.attribute("mysql.query_time", value);
      }
      case "Lock_time" -> {
        Double ms = millis(value);
        b.attribute("mysql.lock_time_ms", ms == null ? null : plain(ms));
      }
      case "Thread_id" -> {
        b.sessionId(value);
        b.attribute("mysql.thread_id", value);
      }
      default -> b.attribute("mysql." + name.toLowerCase(Locale.ROOT), value);
    }
  }

  /** {@code SET timestamp=1197996507;} and {@code SET timestamp=1,insert_id=5;}. */
  private void settings(String list, LogEvent.Builder b, boolean ownTime) {
    int start = 0;
    while (start < list.length()) {
      int comma = list.indexOf(',', start);
      String item = comma < 0 ? list.substring(start) : list.substring(start, comma);
      int eq = item.indexOf('=');
      if (eq > 0) {
        String name = item.substring(0, eq).trim();
        String value = item.substring(eq + 1).trim();
        if (name.equals("timestamp")) {
          b.attribute("mysql.timestamp", value);
          if (!ownTime) {
            Instant t = epoch(value);
            if (t != null) {
              b.eventTime(t).rawTime("SET timestamp=" + value);
              entryTimed = true;
            }
          }
        } else {
          b.attribute("mysql." + name.toLowerCase(Locale.ROOT), value);
        }
      }
      start = comma < 0 ? list.length() : comma + 1;
    }
  }

  private static Instant epoch(String v) {
    try {
      BigDecimal d = new BigDecimal(v);
      return Instant.ofEpochSecond(d.longValue(), d.remainder(BigDecimal.ONE).movePointRight(9).intValue());
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** Seconds as written ("0.000012", "2") to milliseconds; the valid numeric prefix of damaged values. */
  static Double millis(String seconds) {
    int end = 0;
    boolean dot = false;
    while (end < seconds.length()) {
      char c = seconds.charAt(end);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c < '0' || c > '9') {
        break;
      }
      end++;
    }
    if (end == 0 || (end == 1 && dot)) {
      return null;
    }
    return new BigDecimal(seconds.substring(0, end)).movePointRight(3).doubleValue();
  }

  private static String plain(double ms) {
    return BigDecimal.valueOf(ms).stripTrailingZeros().toPlainString();
  }

  private static String statement(List<String> lines, int from, int to) {
    if (from == to) {
      return stripSemicolon(lines.get(from).stripTrailing());
    }
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      if (i > from) {
        s.append('\n');
      }
      s.append(lines.get(i));
    }
    return stripSemicolon(s.toString().stripTrailing());
  }

  private static boolean isContextSet(String l) {
    return (l.startsWith("SET timestamp=") || l.startsWith("SET insert_id=") || l.startsWith("SET last_insert_id="))
        && SlowLogParser.endsWithSemicolon(l);
  }

  private static int lastNonBlank(List<String> lines) {
    int i = lines.size() - 1;
    while (i >= 0 && lines.get(i).isBlank()) {
      i--;
    }
    return i;
  }

  static String stripSemicolon(String s) {
    String t = s.stripTrailing();
    return t.endsWith(";") ? t.substring(0, t.length() - 1) : t;
  }
}
