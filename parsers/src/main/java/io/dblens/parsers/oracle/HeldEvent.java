package io.dblens.parsers.oracle;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.QuarantineBuffer;

/**
 * Gives lines that are no record of their own (blank lines, a CSV header) to a neighbouring record, so
 * that every line is accounted for without events for nothing: lines after a record extend it (it is
 * held until the next record starts); lines before the first record, or after a quarantined one, lead
 * into the next record's range.
 */
final class HeldEvent {
  private static final int MAX_TEXT = 4096;

  private final EventSink sink;
  private LogEvent.Builder held;
  private long lead = -1;
  private long leadEnd;
  private final StringBuilder leadText = new StringBuilder();

  HeldEvent(EventSink sink) {
    this.sink = sink;
  }

  /** A line that belongs to whichever record is next to it. */
  void filler(long line, String text) {
    if (held != null) {
      held.lineEnd(line);
      return;
    }
    if (lead < 0) {
      lead = line;
      leadText.setLength(0);
    }
    leadEnd = line;
    if (leadText.length() < MAX_TEXT) {
      leadText.append(text).append('\n');
    }
  }

  /** The first line of a record (event or quarantine) starting at {@code start}, leading lines included. */
  long startAt(long start) {
    release();
    long s = lead > 0 ? lead : start;
    lead = -1;
    return s;
  }

  /** Holds a finished event (whose range came from {@link #startAt}) for trailing filler lines. */
  void hold(LogEvent.Builder b) {
    release();
    held = b;
  }

  void release() {
    if (held != null) {
      sink.event(held.build());
      held = null;
    }
  }

  /** Quarantines one line, with the filler lines leading into it. */
  void quarantine(QuarantineBuffer quarantine, long line, String text, String reason) {
    release();
    if (lead > 0) {
      quarantine.addRange(lead, leadEnd, leadText.toString(), reason);
      lead = -1;
    }
    quarantine.add(line, text, reason);
  }

  /** End of input: emits the held event; leading lines never followed by a record are quarantined. */
  void finish(QuarantineBuffer quarantine, String reason) {
    release();
    if (lead > 0) {
      quarantine.addRange(lead, leadEnd, leadText.toString(), reason);
      lead = -1;
    }
  }
}
