package io.dblens.parsers.mysql;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the general query log: one event per command line, continuation lines (statements spanning
 * lines) appended to it. Connect and Quit become CONNECTION and DISCONNECTION, Query and Execute become
 * STATEMENT events (no duration is logged), everything else MESSAGE. The user and database a thread
 * connected with, or switched to with Init DB, are carried onto its later statements.
 */
final class GeneralLogParser implements LogParser {
  private final ParseContext context;

  GeneralLogParser(ParseContext context) {
    this.context = context;
  }

  private record Session(String user, String host, String database) {}

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    MysqlTime clock = new MysqlTime(context.zone());
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    Map<String, Session> sessions = new HashMap<>();
    LogEvent.Builder pending = null;
    LogEvent.Builder preamble = null;
    StringBuilder argument = null;
    Instant lastTime = null;
    String lastRaw = null;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      long n = line.number();
      if (SlowLogParser.ServerPreamble.opens(text)) {
        pending = emit(pending, argument, sink);
        preamble = SlowLogParser.ServerPreamble.flush(preamble, sink);
        preamble = SlowLogParser.ServerPreamble.start(n, text);
        continue;
      }
      if (preamble != null) {
        if (SlowLogParser.ServerPreamble.continues(text)) {
          preamble.lineEnd(n);
          continue;
        }
        preamble = SlowLogParser.ServerPreamble.flush(preamble, sink);
      }
      GeneralLogLine g = GeneralLogLine.parse(text, clock);
      if (g == null) {
        if (pending != null) {
          argument.append('\n').append(text);
          pending.lineEnd(n);
        } else {
          quarantine.add(n, text, "line is neither a general-log command line nor the continuation of one");
        }
        continue;
      }
      pending = emit(pending, argument, sink);
      quarantine.flush();
      if (g.time != null) {
        lastTime = g.time;
        lastRaw = g.rawTime;
      }
      pending = LogEvent.builder(type(g.command)).lines(n, n).eventTime(lastTime).rawTime(lastRaw)
          .sessionId(g.threadId).message(g.command).attribute("mysql.command", g.command);
      argument = new StringBuilder(g.argument);
      Session s = sessions.get(g.threadId);
      if (g.command.equals("Connect")) {
        s = connect(g.argument);
        sessions.put(g.threadId, s);
      } else if (g.command.equals("Init DB") && s != null) {
        s = new Session(s.user, s.host, g.argument.trim());
        sessions.put(g.threadId, s);
      } else if (g.command.equals("Quit")) {
        sessions.remove(g.threadId);
      }
      if (s != null) {
        pending.user(s.user).client(s.host).database(s.database);
      }
    }
    emit(pending, argument, sink);
    SlowLogParser.ServerPreamble.flush(preamble, sink);
    quarantine.flush();
  }

  private static EventType type(String command) {
    return switch (command) {
      case "Connect" -> EventType.CONNECTION;
      case "Quit" -> EventType.DISCONNECTION;
      case "Query", "Execute" -> EventType.STATEMENT;
      default -> EventType.MESSAGE;
    };
  }

  /** {@code root@localhost on db1}, {@code app@10.0.0.1 on  using TCP/IP}. */
  private static Session connect(String arg) {
    int at = arg.indexOf('@');
    int on = arg.indexOf(" on ");
    if (at < 0) {
      return new Session(null, null, null);
    }
    String user = arg.substring(0, at);
    String host = on > at ? arg.substring(at + 1, on) : arg.substring(at + 1).trim();
    String db = null;
    if (on > 0) {
      String rest = arg.substring(on + 4).trim();
      int space = rest.indexOf(' ');
      db = space < 0 ? rest : rest.substring(0, space);
      if (db.isEmpty() || rest.startsWith("using ")) {
        db = null;
      }
    }
    return new Session(user, host, db);
  }

  private static LogEvent.Builder emit(LogEvent.Builder pending, StringBuilder argument, EventSink sink) {
    if (pending != null) {
      String arg = argument.toString().stripTrailing();
      if (pending.type() == EventType.STATEMENT) {
        pending.queryText(arg);
      } else if (!arg.isEmpty()) {
        pending.detail(arg);
      }
      sink.event(pending.build());
    }
    return null;
  }
}
