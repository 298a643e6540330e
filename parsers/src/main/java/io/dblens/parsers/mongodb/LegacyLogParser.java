package io.dblens.parsers.mongodb;

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

/**
 * Reads mongod/mongos text logs (2.x to 4.2). Framing: an entry starts at a line that opens with a
 * timestamp; lines that do not (multi-line messages, banners, blank lines) continue the entry before
 * them and are appended to its detail. Parsing: slow operations become QUERY events
 * ({@link LegacyOperation}), replica-set changes REPLICATION ({@link Messages}), connections,
 * start-ups, shut-downs and slow checkpoints their own types, E/F severities ERROR, the rest MESSAGE.
 * A line with a timestamp that cannot be a date (a corrupted year, month 13) is quarantined.
 */
final class LegacyLogParser implements LogParser {
  /** Stamps before 1990-01-01 are corruption, not history. */
  private static final long MIN_EPOCH_SECOND = 631_152_000L;

  private final ParseContext context;
  private final int startYear;
  private String self;

  LegacyLogParser(ParseContext context, int startYear) {
    this.context = context;
    this.startYear = startYear;
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    MongoTime time = new MongoTime(context.zone(), startYear);
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    LogEvent.Builder pending = null;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      LegacyHead head = LegacyHead.parse(text);
      Instant at = head == null ? null
          : head.ctime() ? time.ctime(text, 0, head.timeEnd()) : time.iso(text, 0, head.timeEnd());
      if (head != null && (at == null || at.getEpochSecond() < MIN_EPOCH_SECOND)) {
        pending = emit(pending, sink);
        quarantine.add(line.number(), text, "timestamp '" + head.rawTime() + "' is not a valid date");
        continue;
      }
      if (head == null) {
        if (pending != null) {
          if (!text.isBlank()) {
            pending.appendDetail(text);
          }
          pending.lineEnd(line.number());
        } else {
          quarantine.add(line.number(), text, "line does not start with a mongod timestamp and continues no entry");
        }
        continue;
      }
      pending = emit(pending, sink);
      quarantine.flush();
      pending = entry(head, at, line.number());
    }
    emit(pending, sink);
    quarantine.flush();
  }

  private LogEvent.Builder entry(LegacyHead head, Instant at, long number) {
    String message = head.message().strip();
    String context = head.context();
    LogEvent.Builder e = LogEvent.builder(EventType.MESSAGE).lines(number, number).eventTime(at)
        .rawTime(head.rawTime()).sessionId(context).severity(head.severity());
    if (head.component() != null) {
      e.attribute("mongo.component", head.component());
    }
    if (LegacyOperation.read(message, e)) {
      return e;
    }
    e.message(message);
    if (Messages.replication(message, self, e)) {
      return e;
    }
    EventType type = Messages.textType(message, e);
    if (type == EventType.STARTUP) {
      self = Messages.selfFromStartup(message);
    }
    if (type == null) {
      type = "E".equals(head.severity()) || "F".equals(head.severity()) ? EventType.ERROR : EventType.MESSAGE;
      e.durationMs(Messages.tookMillis(message));
    }
    return e.type(type);
  }

  private static LogEvent.Builder emit(LogEvent.Builder pending, EventSink sink) {
    if (pending != null) {
      sink.event(pending.build());
    }
    return null;
  }
}
