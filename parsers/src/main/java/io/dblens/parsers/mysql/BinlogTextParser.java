package io.dblens.parsers.mysql;

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
import java.util.List;

/**
 * Reads mysqlbinlog's text output. Each binlog event is framed from its {@code # at N} line to the next
 * one: the {@code #yymmdd hh:mm:ss server id ... end_log_pos ...} header, then statements each ending in
 * {@code /*!*}{@code /;}. Query events become STATEMENT events (the binlog records no duration;
 * {@code exec_time} is kept as an attribute) with the session context lines ({@code SET TIMESTAMP},
 * {@code SET @@session...}, {@code use db}) applied rather than repeated in the text. Other binlog events
 * (Xid, Intvar, Rotate, row events) and mysqlbinlog's own opening and closing lines become MESSAGE events.
 */
final class BinlogTextParser implements LogParser {
  private static final String END = "/*!*/;";

  private final ParseContext context;

  BinlogTextParser(ParseContext context) {
    this.context = context;
  }

  /** {@code #071207 12:02:50 server id 21  end_log_pos 498006652 ...}. */
  static boolean isEventHeader(String l) {
    return l.length() > 8 && l.charAt(0) == '#' && MysqlTime.digits(l, 1, 6) && l.contains(" server id ");
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    MysqlTime clock = new MysqlTime(context.zone());
    List<String> group = new ArrayList<>();
    long groupStart = 0;
    long groupEnd = 0;
    String database = null;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      boolean opens = text.startsWith("# at ")
          || (text.startsWith("DELIMITER ;") || text.startsWith("# End of log file"))
          || (group.isEmpty() && groupStart == 0);
      if (opens && !group.isEmpty()) {
        database = emit(group, groupStart, groupEnd, clock, database, sink);
        group.clear();
      }
      if (group.isEmpty()) {
        groupStart = line.number();
      }
      group.add(text);
      groupEnd = line.number();
    }
    if (!group.isEmpty()) {
      emit(group, groupStart, groupEnd, clock, database, sink);
    }
  }

  /** Emits one framed group; returns the database in effect afterwards (use db carries over). */
  private static String emit(List<String> group, long start, long end, MysqlTime clock, String database,
      EventSink sink) {
    LogEvent.Builder b = LogEvent.builder(EventType.MESSAGE).lines(start, end);
    String header = null;
    for (String l : group) {
      if (isEventHeader(l)) {
        header = l;
        break;
      }
    }
    if (header == null) {
      b.message(group.get(0).startsWith("# at ") ? "binlog position without event" : "mysqlbinlog control lines");
      b.detail(String.join("\n", group));
      sink.event(b.database(database).build());
      return database;
    }
    if (group.get(0).startsWith("# at ")) {
      b.attribute("mysql.log_pos", group.get(0).substring(5).trim());
    }
    Instant t = clock.shortForm(header, 1);
    if (t != null) {
      b.eventTime(t).rawTime(header.substring(1, clock.end));
    }
    String kind = headerFields(header, b);
    boolean query = kind.equals("Query") || kind.equals("Execute_load_query");
    List<String> statements = statements(group, header);
    List<String> kept = new ArrayList<>();
    for (String s : statements) {
      String trimmed = s.trim();
      if (query && trimmed.startsWith("SET TIMESTAMP=")) {
        Instant ts = epoch(trimmed.substring(14));
        if (ts != null) {
          b.eventTime(ts).rawTime(trimmed);
        }
      } else if (query && trimmed.startsWith("use ")) {
        database = unquote(trimmed.substring(4).trim());
      } else if (query && isSessionContext(trimmed)) {
        b.appendDetail(trimmed);
      } else if (!trimmed.isEmpty()) {
        kept.add(s);
      }
    }
    b.database(database).message(kind);
    if (query && !kept.isEmpty()) {
      b.type(EventType.STATEMENT).queryText(String.join(";\n", kept).strip());
    } else if (!kept.isEmpty()) {
      b.appendDetail(String.join("\n", kept));
    }
    sink.event(b.build());
    return database;
  }

  /**
   * Settings mysqlbinlog repeats before statements: {@code SET @@session.sql_mode=...}, the character set
   * line {@code /*!\C utf8mb4 *}{@code /}, and the version-guarded ones of 8.0
   * ({@code /*!80011 SET @@session.default_collation_for_utf8mb4=255*}{@code /}).
   */
  private static boolean isSessionContext(String s) {
    if (s.regionMatches(true, 0, "SET @@session.", 0, 14) || s.startsWith("/*!\\C ")) {
      return true;
    }
    int space = s.indexOf(' ');
    return s.startsWith("/*!") && space > 3 && s.regionMatches(true, space + 1, "SET @@session.", 0, 14)
        && s.endsWith("*/") && s.indexOf('\n') < 0;
  }

  /** Reads {@code server id}, {@code end_log_pos}, the event kind and {@code name=value} fields. */
  private static String headerFields(String header, LogEvent.Builder b) {
    String[] parts = header.split("\t");
    String kind = "";
    String[] words = parts[0].trim().split(" +");
    for (int i = 0; i + 1 < words.length; i++) {
      if (i > 0 && words[i].equals("id") && words[i - 1].equals("server")) {
        b.attribute("mysql.server_id", words[i + 1]);
      } else if (words[i].equals("end_log_pos")) {
        b.attribute("mysql.end_log_pos", words[i + 1]);
      }
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (i == 1) {
        kind = eq > 0 ? p.substring(0, eq).trim() : p.split(" ")[0];
        // 8.0 writes "Start: binlog v 4", "Table_map: `db`.`t`", "Update_rows: table id 91".
        if (kind.endsWith(":")) {
          kind = kind.substring(0, kind.length() - 1);
        }
        if (eq > 0) {
          b.attribute("mysql." + kind.toLowerCase(java.util.Locale.ROOT), p.substring(eq + 1).trim());
        }
        continue;
      }
      if (eq > 0) {
        String name = p.substring(0, eq).trim();
        String value = p.substring(eq + 1).trim();
        b.attribute("mysql." + name, value);
        if (name.equals("thread_id")) {
          b.sessionId(value);
        }
      }
    }
    b.attribute("mysql.binlog_event", kind);
    return kind;
  }

  /** The text after the header split into statements at the {@code /*!*}{@code /;} delimiter. */
  private static List<String> statements(List<String> group, String header) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean after = false;
    for (String l : group) {
      if (!after) {
        after = l == header;
        continue;
      }
      if (l.startsWith("#") && current.length() == 0) {
        continue;
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      if (l.endsWith(END)) {
        current.append(l, 0, l.length() - END.length());
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(l);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  private static Instant epoch(String v) {
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 ? null : Instant.ofEpochSecond(Long.parseLong(v.substring(0, end)));
  }

  private static String unquote(String s) {
    return s.length() > 1 && s.charAt(0) == '`' && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
  }
}
