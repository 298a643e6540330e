package io.dblens.parsers.sqlserver;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SQL Server ERRORLOG files (UTF-16LE with BOM as the server writes them, or UTF-8). An entry is
 * a head line plus the lines after it without a timestamp (the version banner, long messages). An
 * {@code Error: N, Severity: S, State: T.} entry is joined with the message the same source writes
 * right after it: one event, with the error number as {@code sqlState}, severity and state as
 * attributes. Types: ERROR for severity 11 and up and for failed logins, CONNECTION for successful
 * logins (login auditing), STARTUP for "ready for client connections", SHUTDOWN for "SQL Server is
 * terminating" / "shutdown", CHECKPOINT for FlushCache reports, MESSAGE for everything else.
 */
final class ErrorLogParser implements LogParser {

  /** Rare (one line per error), so a regex is fine here. */
  private static final Pattern ERROR_HEADER =
      Pattern.compile("^Error: (\\d+), Severity: (\\d+), State: (\\d+)\\.?\\s*$");
  private static final Pattern LOGIN_USER = Pattern.compile("^Login (?:failed|succeeded) for user '([^']*)'");
  private static final Pattern CLIENT = Pattern.compile("\\[CLIENT: ([^\\]]*)\\]");
  private static final Pattern REASON = Pattern.compile("Reason: (.*?)(?:\\s*\\[CLIENT:.*)?$");
  private static final Pattern PROCESS_ID = Pattern.compile("^Server process ID is (\\d+)\\.");
  private static final Pattern STARTING_DATABASE = Pattern.compile("^Starting up database '([^']*)'");
  private static final Pattern BACKUP_DATABASE = Pattern.compile("Database: ([^,]+),");

  private final ParseContext context;
  private Long serverPid;

  ErrorLogParser(ParseContext context) {
    this.context = context;
  }

  /** One entry being gathered. */
  private static final class Entry {
    final ErrorLogHead head;
    final long start;
    long end;
    final StringBuilder message;
    String errorNumber;
    Integer severity;
    String state;
    boolean awaitingMessage;

    Entry(ErrorLogHead head, long line) {
      this.head = head;
      this.start = line;
      this.end = line;
      this.message = new StringBuilder(head.message());
      Matcher m = head.message().startsWith("Error: ") ? ERROR_HEADER.matcher(head.message()) : null;
      if (m != null && m.matches()) {
        errorNumber = m.group(1);
        severity = Integer.valueOf(m.group(2));
        state = m.group(3);
        awaitingMessage = true;
      }
    }
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    Entry entry = null;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      ErrorLogHead head = ErrorLogHead.parse(text, context.zone());
      if (head == null) {
        if (entry != null) {
          entry.end = line.number();
          String t = text.strip();
          if (!t.isEmpty()) {
            entry.message.append('\n').append(t);
          }
        } else {
          quarantine.add(line.number(), text, "line before the first ERRORLOG entry (no timestamp at its start)");
        }
        continue;
      }
      quarantine.flush();
      if (entry != null && entry.awaitingMessage && head.source().equals(entry.head.source())
          && !head.message().startsWith("Error: ")) {
        // The message that goes with the error header before it.
        entry.message.setLength(0);
        entry.message.append(head.message());
        entry.awaitingMessage = false;
        entry.end = line.number();
        continue;
      }
      if (entry != null) {
        sink.event(build(entry));
      }
      entry = new Entry(head, line.number());
    }
    if (entry != null) {
      sink.event(build(entry));
    }
    quarantine.flush();
  }

  private LogEvent build(Entry e) {
    String m = e.message.toString();
    ErrorLogHead h = e.head;
    LogEvent.Builder b = LogEvent.builder(EventType.MESSAGE).lines(e.start, e.end).eventTime(h.time())
        .rawTime(h.rawTime()).sessionId(h.spid()).message(m).attribute("mssql.source", h.source());
    if (m.startsWith("Server process ID is ")) {
      Matcher pid = PROCESS_ID.matcher(m);
      if (pid.find()) {
        serverPid = Long.valueOf(pid.group(1));
      }
    }
    b.pid(serverPid);
    if (e.errorNumber != null) {
      b.type(e.severity <= 10 ? EventType.MESSAGE : EventType.ERROR).sqlState(e.errorNumber)
          .severity(severityName(e.severity))
          .attribute("mssql.severity", e.severity.toString()).attribute("mssql.state", e.state);
    } else {
      b.severity("INFO");
    }
    if (m.startsWith("Login failed for user")) {
      b.type(EventType.ERROR);
      if (e.errorNumber == null) {
        b.sqlState("18456").severity("ERROR");
      }
      login(m, b);
      Matcher r = REASON.matcher(m);
      if (r.find()) {
        b.attribute("mssql.login_failure_reason", r.group(1));
      }
    } else if (m.startsWith("Login succeeded for user")) {
      b.type(EventType.CONNECTION);
      login(m, b);
    } else if (e.errorNumber == null) {
      classify(m, b);
    }
    return b.build();
  }

  private static void classify(String m, LogEvent.Builder b) {
    if (m.startsWith("SQL Server is now ready for client connections")) {
      b.type(EventType.STARTUP);
    } else if (m.startsWith("SQL Server is terminating") || m.startsWith("SQL Server shutdown")
        || m.startsWith("Server shut down")) {
      b.type(EventType.SHUTDOWN);
    } else if (m.startsWith("FlushCache:")) {
      b.type(EventType.CHECKPOINT);
    } else if (m.startsWith("Starting up database '")) {
      Matcher d = STARTING_DATABASE.matcher(m);
      if (d.find()) {
        b.database(d.group(1));
      }
    } else if (m.startsWith("Database backed up.") || m.startsWith("Log was backed up.")
        || m.startsWith("Database differential changes were backed up.") || m.startsWith("Database was restored")) {
      Matcher d = BACKUP_DATABASE.matcher(m);
      if (d.find()) {
        b.database(d.group(1).strip());
      }
    }
  }

  private static void login(String m, LogEvent.Builder b) {
    Matcher u = LOGIN_USER.matcher(m);
    if (u.find()) {
      b.user(u.group(1));
    }
    Matcher c = CLIENT.matcher(m);
    if (c.find()) {
      b.client(c.group(1).strip());
    }
  }

  /**
   * SQL Server severities as the levels other engines use: up to 10 informational, 11-19 errors a user or
   * the software can correct, 20-25 fatal to the connection or the server.
   */
  static String severityName(Integer severity) {
    if (severity == null) {
      return null;
    }
    return severity <= 10 ? "INFO" : severity <= 19 ? "ERROR" : "FATAL";
  }
}
