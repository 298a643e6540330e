package io.dblens.parsers.oracle;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the text alert log ({@code alert_<SID>.log}). A timestamp line opens a block: before 12.2
 * {@code Tue Mar 12 10:15:02 2019} in server time, from 12.2 {@code 2019-03-12T10:15:02.123456+01:00},
 * alone or followed by the message on the same line. A block holds one or more messages: each line at
 * the left margin starts one, except lines that continue the message before it (indented lines, the
 * {@code Current log#} lines of a log switch, the codes and notes of an error stack, the statement of
 * an ORA-01555 report). Blank lines stay with the message they follow.
 */
final class AlertLogParser implements LogParser {
  private static final int MAX_DETAIL = 64 * 1024;

  private final ParseContext context;

  AlertLogParser(ParseContext context) {
    this.context = context;
  }

  /** One message being read. */
  private static final class Message {
    final String first;
    final long start;
    long end;
    final StringBuilder detail = new StringBuilder();
    final boolean errorStack;
    final boolean statement;

    Message(String first, long start, long end) {
      this.first = first;
      this.start = start;
      this.end = end;
      this.errorStack = AlertMessages.opensErrorStack(first);
      this.statement = AlertMessages.statementFollows(first);
    }

    void add(long line, String text) {
      end = line;
      if (text.isBlank() || detail.length() >= MAX_DETAIL) {
        return;
      }
      if (detail.length() > 0) {
        detail.append('\n');
      }
      detail.append(text.stripTrailing());
    }

    boolean continuedBy(String l) {
      return statement || l.charAt(0) == ' ' || l.charAt(0) == '\t' || l.startsWith("Current log#")
          || errorStack && AlertMessages.continuesErrorStack(l);
    }
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    OracleTime clock = new OracleTime(context.zone());
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    Instant time = null;
    String rawTime = null;
    Message current = null;
    // Lines read but given to no message yet: a timestamp line and blank lines after it.
    long pending = -1;
    long last = 0;
    StringBuilder pendingText = new StringBuilder();
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      long n = line.number();
      last = n;
      Instant stamp = null;
      String inline = null;
      if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
        stamp = clock.iso(text, 0, true);
        if (stamp != null && clock.end < text.length() && text.charAt(clock.end) != ' ') {
          stamp = null;
        }
        if (stamp != null) {
          inline = text.substring(clock.end).strip();
          text = text.substring(0, clock.end);
        }
      } else if (!text.isEmpty() && Character.isUpperCase(text.charAt(0))) {
        stamp = clock.classic(text);
      }
      if (stamp != null) {
        emit(current, time, rawTime, sink);
        current = null;
        if (pending > 0) {
          quarantine.addRange(pending, n - 1, pendingText.toString(), "timestamp with no message after it");
        }
        time = stamp;
        rawTime = text;
        if (inline == null || inline.isEmpty()) {
          pending = n;
          pendingText.setLength(0);
          pendingText.append(line.text()).append('\n');
        } else {
          pending = -1;
          current = new Message(inline, n, n);
        }
        continue;
      }
      if (time == null) {
        quarantine.add(n, text, "line before the first timestamp of the alert log (file starts mid-entry?)");
        continue;
      }
      if (text.isBlank()) {
        if (current != null) {
          current.add(n, text);
        } else {
          pendingText.append('\n');
        }
        continue;
      }
      if (current != null && current.continuedBy(text)) {
        current.add(n, text);
        continue;
      }
      emit(current, time, rawTime, sink);
      current = new Message(text, pending > 0 ? pending : n, n);
      pending = -1;
    }
    emit(current, time, rawTime, sink);
    if (pending > 0) {
      quarantine.addRange(pending, last, pendingText.toString(), "timestamp with no message after it (end of file)");
    }
    quarantine.flush();
  }

  private static void emit(Message m, Instant time, String rawTime, EventSink sink) {
    if (m == null) {
      return;
    }
    String detail = m.detail.length() == 0 ? null : m.detail.toString();
    LogEvent.Builder b = LogEvent.builder(null).lines(m.start, m.end).eventTime(time).rawTime(rawTime)
        .message(m.first).detail(detail);
    AlertMessages.classify(b, m.first, detail);
    sink.event(b.build());
  }
}
