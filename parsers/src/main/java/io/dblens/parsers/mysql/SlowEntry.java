package io.dblens.parsers.mysql;

import java.util.ArrayList;
import java.util.List;

/** The physical lines of one slow-log entry, as framed; parsed later by {@link SlowEntryReader}. */
final class SlowEntry {
  final long firstLine;
  long lastLine;
  final List<String> lines = new ArrayList<>(8);
  boolean hasTime;
  boolean hasUser;
  /** A line that is not a {@code #} header has been seen: the statement part has begun. */
  boolean inBody;
  /** A {@code # administrator command:} line has been seen (it stands in for the statement). */
  boolean hasAdmin;
  /** The last non-blank body line ends with a semicolon, so a {@code #} line after it opens a new entry. */
  boolean bodyEndsStatement;

  SlowEntry(long firstLine) {
    this.firstLine = firstLine;
    this.lastLine = firstLine;
  }

  void add(long number, String text) {
    lines.add(text);
    lastLine = number;
  }
}
