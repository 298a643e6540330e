package io.dblens.parsers;

/** Groups consecutive lines quarantined for the same reason into one quarantine row (shared by the engine parsers). */
public final class QuarantineBuffer {
  private static final int MAX_TEXT = 64 * 1024;
  private static final int MAX_LINES = 1000;

  private final EventSink sink;
  private long start = -1;
  private long end;
  private String reason;
  private final StringBuilder text = new StringBuilder();

  public QuarantineBuffer(EventSink sink) {
    this.sink = sink;
  }

  public void add(long line, String raw, String why) {
    if (start >= 0 && (line != end + 1 || !why.equals(reason) || end - start + 1 >= MAX_LINES)) {
      flush();
    }
    if (start < 0) {
      start = line;
      reason = why;
    }
    end = line;
    if (text.length() < MAX_TEXT) {
      text.append(raw, 0, Math.min(raw.length(), MAX_TEXT - text.length())).append('\n');
    }
  }

  /** Quarantines a range of lines at once (a multi-line record). */
  public void addRange(long first, long last, String raw, String why) {
    flush();
    sink.quarantine(first, last, raw.length() > MAX_TEXT ? raw.substring(0, MAX_TEXT) : raw, why);
  }

  public void flush() {
    if (start >= 0) {
      sink.quarantine(start, end, text.toString(), reason);
      start = -1;
      text.setLength(0);
    }
  }
}
