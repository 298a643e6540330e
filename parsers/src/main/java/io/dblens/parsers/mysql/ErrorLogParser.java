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
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MySQL error logs and captured {@code SHOW ENGINE INNODB STATUS} output. Error-log entries are a
 * head line plus the lines that follow without a time; a deadlock dump ({@code Transactions deadlock
 * detected, dumping detailed information.} through {@code *** WE ROLL BACK TRANSACTION (N)}) is gathered
 * across its entries into one DEADLOCK event. A status capture is kept as MESSAGE blocks, with its
 * LATEST DETECTED DEADLOCK section as one DEADLOCK event.
 */
final class ErrorLogParser implements LogParser {
  private static final int MAX_DEADLOCK_LINES = 5000;

  private final ParseContext context;
  private final boolean statusCapture;

  ErrorLogParser(ParseContext context, boolean statusCapture) {
    this.context = context;
    this.statusCapture = statusCapture;
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    if (statusCapture) {
      parseStatus(lines, sink);
    } else {
      parseErrorLog(lines, sink);
    }
  }

  private void parseErrorLog(LineSource lines, EventSink sink) throws IOException {
    MysqlTime clock = new MysqlTime(context.zone());
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    LogEvent.Builder entry = null;
    LogEvent.Builder deadlock = null;
    List<String> deadlockText = new ArrayList<>();
    boolean dumpCut = false;
    // After the rollback title only the blank lines the server prints with it still belong to the dump.
    boolean rolledBack = false;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      long n = line.number();
      ErrorLogLine head = ErrorLogLine.parse(text, clock);
      if (deadlock != null && (head != null || rolledBack && !text.isBlank())) {
        String dumpLine = head == null ? null : withoutInnoDbPrefix(stripSourceLocation(head.message));
        if (rolledBack || dumpLine == null || !continuesDump(dumpLine)) {
          // Ended by its rollback title, or cut short (the server stopped, or a TOO DEEP search).
          emitDeadlock(deadlock, deadlockText, sink);
          deadlock = null;
          rolledBack = false;
        } else {
          deadlockText.add(dumpLine);
          deadlock.lineEnd(n);
          rolledBack = dumpLine.startsWith("*** WE ROLL BACK TRANSACTION");
          continue;
        }
      }
      if (head == null) {
        if (deadlock != null) {
          deadlockText.add(text);
          deadlock.lineEnd(n);
          // 5.6 writes the whole dump, the rollback line too, without prefixes.
          rolledBack |= text.startsWith("*** WE ROLL BACK TRANSACTION");
          if (deadlockText.size() >= MAX_DEADLOCK_LINES) {
            dumpCut = true;
            emitDeadlock(deadlock, deadlockText, sink);
            deadlock = null;
          }
        } else if (entry != null) {
          entry.appendDetail(text).lineEnd(n);
        } else {
          quarantine.add(n, text, dumpCut ? "deadlock dump longer than " + MAX_DEADLOCK_LINES + " lines"
              : "line outside any error-log entry (no time at its start, no entry before it)");
        }
        continue;
      }
      quarantine.flush();
      dumpCut = false;
      String message = stripSourceLocation(head.message);
      if (entry != null) {
        sink.event(entry.build());
        entry = null;
      }
      LogEvent.Builder b = LogEvent.builder(type(head, message)).lines(n, n).eventTime(head.time)
          .rawTime(head.rawTime).severity(head.severity).sqlState(head.code).sessionId(head.thread)
          .message(message).attribute("mysql.subsystem", head.subsystem);
      // 5.7 and 8.0 write "Transactions deadlock detected", 5.6 "transactions deadlock detected".
      if (message.contains("ransactions deadlock detected")) {
        deadlock = b.type(EventType.DEADLOCK);
        deadlockText.clear();
        rolledBack = false;
      } else {
        entry = b;
      }
    }
    if (deadlock != null) {
      emitDeadlock(deadlock, deadlockText, sink);
    }
    if (entry != null) {
      sink.event(entry.build());
    }
    quarantine.flush();
  }

  /** 5.7 prefixes each dump header with "InnoDB: " (and writes "InnoDB: " alone before a title). */
  private static String withoutInnoDbPrefix(String message) {
    if (message.startsWith("InnoDB: ")) {
      return message.substring(8);
    }
    return message.equals("InnoDB:") ? "" : message;
  }

  /**
   * Prefixed lines inside a deadlock dump: its {@code ***} titles (5.7, 8.0), a blank message before a
   * title (5.7), or the bare thread handle 5.6 prints after the first line's time.
   */
  private static boolean continuesDump(String message) {
    String m = message.strip();
    return m.isEmpty() || m.startsWith("***") || ErrorLogLine.isThreadHandle(m);
  }

  private static void emitDeadlock(LogEvent.Builder b, List<String> text, EventSink sink) {
    b.deadlock(DeadlockSection.read(text)).detail(String.join("\n", text));
    sink.event(b.build());
  }

  private static EventType type(ErrorLogLine head, String message) {
    if (serverSays(message, ": ready for connections")) {
      return EventType.STARTUP;
    }
    if (serverSays(message, ": Shutdown complete") && !message.contains(": Shutdown completed")) {
      return EventType.SHUTDOWN;
    }
    if ("ERROR".equalsIgnoreCase(head.severity)) {
      return EventType.ERROR;
    }
    return EventType.MESSAGE;
  }

  /**
   * The server itself, as {@code /usr/sbin/mysqld: ready for connections.}: the words follow the binary's
   * path directly. Plugins ("X Plugin ready for connections"), Galera ("Synchronized with group, ready for
   * connections") and InnoDB ("InnoDB: Shutdown completed") say similar things about themselves.
   */
  private static boolean serverSays(String message, String words) {
    int at = message.indexOf(words);
    if (at <= 0 || message.startsWith("InnoDB")) {
      return false;
    }
    String binary = message.substring(0, at);
    return binary.indexOf(' ') < 0 || binary.endsWith("mysqld.exe") || binary.endsWith("mariadbd.exe");
  }

  /** 8.0 appends the source location to InnoDB notes: "... (lock0lock.cc:6482)". */
  private static String stripSourceLocation(String m) {
    if (m.endsWith(")")) {
      int open = m.lastIndexOf(" (");
      if (open >= 0 && m.indexOf(".cc:", open) > 0) {
        return m.substring(0, open);
      }
    }
    return m;
  }

  private void parseStatus(LineSource lines, EventSink sink) throws IOException {
    MysqlTime clock = new MysqlTime(context.zone());
    List<String> block = new ArrayList<>();
    long start = 0;
    long end = 0;
    boolean inDeadlock = false;
    int dashes = 0;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text().strip();
      boolean banner = text.length() >= 4 && text.chars().allMatch(c -> c == '-');
      if (text.equals("LATEST DETECTED DEADLOCK")) {
        emitStatusBlock(block, start, end, false, clock, sink);
        inDeadlock = true;
        dashes = 0;
      } else if (inDeadlock && banner && ++dashes > 1) {
        // The deadlock section runs to the dashes that open the next section.
        emitStatusBlock(block, start, end, true, clock, sink);
        inDeadlock = false;
      }
      if (block.isEmpty()) {
        start = line.number();
      }
      block.add(line.text());
      end = line.number();
    }
    emitStatusBlock(block, start, end, inDeadlock, clock, sink);
  }

  private static void emitStatusBlock(List<String> block, long start, long end, boolean deadlock, MysqlTime clock,
      EventSink sink) {
    if (block.isEmpty()) {
      return;
    }
    LogEvent.Builder b = LogEvent.builder(deadlock ? EventType.DEADLOCK : EventType.MESSAGE).lines(start, end);
    for (String l : block) {
      String s = l.strip();
      Instant t = s.isEmpty() || !Character.isDigit(s.charAt(0)) ? null : clock.parse(s, 0);
      if (t != null) {
        b.eventTime(t).rawTime(s.substring(0, clock.end));
        break;
      }
    }
    if (deadlock) {
      b.message("LATEST DETECTED DEADLOCK").deadlock(DeadlockSection.read(block));
    } else {
      b.message("InnoDB status output");
    }
    b.detail(String.join("\n", block));
    sink.event(b.build());
    block.clear();
  }
}
