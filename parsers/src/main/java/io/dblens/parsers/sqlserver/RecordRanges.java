package io.dblens.parsers.sqlserver;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.LogEvent;

/**
 * Gives each record read from a structured file (XML, JSON) its line range so that every line ends in
 * exactly one event. A record's range runs from the line after the previous record to the line its
 * closing tag is on: wrapper lines before a record ({@code <deadlock-list>}, {@code <RingBufferTarget>})
 * belong to it, and closing wrapper lines after the last record to the last one. Events are held back
 * one record, since the next record may end on the line the previous one ended on.
 */
final class RecordRanges {

  private final EventSink sink;
  private LogEvent.Builder pending;
  private long pendingStart;
  private long pendingEnd;
  private long next;

  RecordRanges(EventSink sink) {
    this.sink = sink;
  }

  /** The first line not yet given to an event or a quarantine row. */
  long next() {
    return next;
  }

  /** Sets where the first record may start (the first line the parser read). */
  void startAt(long line) {
    if (next == 0) {
      next = line;
    }
  }

  /** A complete record that ends on {@code endLine}. */
  void record(LogEvent.Builder event, long endLine) {
    long start = next;
    if (pending != null) {
      if (endLine > pendingEnd) {
        start = pendingEnd + 1;
      } else if (pendingStart < pendingEnd) {
        // Both end on one line: that line goes to the later record.
        pendingEnd--;
        start = endLine;
      } else {
        // Several records on one physical line share its number; the ledger counts the line once.
        start = endLine;
      }
      emit();
    }
    pending = event;
    pendingStart = Math.min(start, endLine);
    pendingEnd = Math.max(endLine, pendingStart);
    next = pendingEnd + 1;
  }

  /** Emits the held record; lines up to {@code trailingThrough} after it (closing wrappers) become its own. */
  void finish(long trailingThrough) {
    if (pending != null) {
      pendingEnd = Math.max(pendingEnd, trailingThrough);
      next = Math.max(next, pendingEnd + 1);
      emit();
    }
  }

  /** Lines [next, through] go to quarantine with this reason. */
  void quarantine(long through, String text, String reason) {
    finish(0);
    if (through >= next) {
      sink.quarantine(next, through, text, reason);
      next = through + 1;
    }
  }

  /**
   * Ends the file: lines up to {@code last} after the last record become its own when it is held back
   * (closing wrappers); otherwise they are quarantined with the reason.
   */
  void end(long last, String text, String reasonWithoutRecord) {
    if (pending != null) {
      finish(last);
    } else {
      quarantine(last, text, reasonWithoutRecord);
    }
  }

  private void emit() {
    sink.event(pending.lines(pendingStart, pendingEnd).build());
    pending = null;
  }
}
