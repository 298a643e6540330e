package io.dblens.parsers.sqlserver;

import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feeds a file's lines to a streaming XML or JSON parser as one character stream, and maps the parser's
 * line numbers back to the file's (they differ when the line reader dropped an over-long line). Each
 * read returns at most the rest of one line, so the parser is never far ahead of what it has parsed:
 * after a syntax error, the lines it has not touched can still be read again ({@link #pushBack}).
 * Optional text before the first line and after the last one lets several XML records that have no
 * common root be read as one document.
 */
final class LineReader extends Reader {

  /** Longest text of unassigned lines kept for quarantine rows. */
  private static final int MAX_KEPT_CHARS = 64 * 1024;

  private final LineSource source;
  private final String prefix;
  private final String suffix;
  private final boolean xml;
  private final Deque<Line> pushedBack = new ArrayDeque<>();
  /** Fed line index (1-based, as the parser counts) at which the file's numbering jumps -> offset. */
  private final TreeMap<Long, Long> offsets = new TreeMap<>();
  /** Lines read but not yet given to an event or a quarantine row, for quarantine text. */
  private final Deque<Line> kept = new ArrayDeque<>();
  private long keptChars;
  private String chunk;
  private int pos;
  private long fed;
  private long lastNumber;
  private boolean prefixDone;
  private boolean suffixDone;
  private boolean exhausted;

  /**
   * @param xml strip XML declarations at the start of lines: with a prefix they would not be first in
   *     the stream, and in a character stream their encoding is meaningless anyway
   */
  LineReader(LineSource source, String prefix, String suffix, boolean xml) {
    this.source = source;
    this.prefix = prefix;
    this.suffix = suffix;
    this.xml = xml;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (chunk == null || pos >= chunk.length()) {
      if (!advance()) {
        return -1;
      }
    }
    int n = Math.min(len, chunk.length() - pos);
    chunk.getChars(pos, pos + n, buf, off);
    pos += n;
    return n;
  }

  private boolean advance() throws IOException {
    pos = 0;
    if (!prefixDone) {
      prefixDone = true;
      chunk = prefix;
      return true;
    }
    if (!exhausted) {
      Line line = pushedBack.isEmpty() ? source.next() : pushedBack.pop();
      if (line != null) {
        fed++;
        if (line.number() - fed != offset(fed)) {
          offsets.put(fed, line.number() - fed);
        }
        lastNumber = line.number();
        keep(line);
        String text = clean(line.text());
        chunk = fed == 1 ? text : "\n" + text;
        return true;
      }
      exhausted = true;
    }
    if (!suffixDone) {
      suffixDone = true;
      chunk = suffix;
      return true;
    }
    return false;
  }

  private String clean(String text) {
    // A lone CR inside a line would count as a line break for the XML parser and shift its numbering.
    String t = text.indexOf('\r') >= 0 ? text.replace('\r', ' ') : text;
    if (fed == 1 && !t.isEmpty() && t.charAt(0) == '\uFEFF') {
      t = t.substring(1);
    }
    if (xml) {
      int start = 0;
      while (start < t.length() && Character.isWhitespace(t.charAt(start))) {
        start++;
      }
      if (t.startsWith("<?xml", start)) {
        int end = t.indexOf("?>", start);
        if (end > 0) {
          t = t.substring(0, start) + " ".repeat(end + 2 - start) + t.substring(end + 2);
        }
      }
    }
    return t;
  }

  private long offset(long fedIndex) {
    Map.Entry<Long, Long> e = offsets.floorEntry(fedIndex);
    return e == null ? 0 : e.getValue();
  }

  /** The file's line number for a line number the parser reports. */
  long fileLine(long parserLine) {
    long l = Math.max(1, Math.min(parserLine, fed));
    return l + offset(l);
  }

  /** The file line number of the last line read from the source (0 before any). */
  long lastLine() {
    return lastNumber;
  }

  /** The file line number of the first line read from the source (0 before any). */
  long firstLine() {
    return fed == 0 ? 0 : 1 + offset(1);
  }

  /** True once the source has no more lines. */
  boolean exhausted() {
    return exhausted;
  }

  /** Gives a line back to be read again by a later reader over the same source. */
  void pushBack(Line line) {
    pushedBack.push(line);
  }

  /** Reads the next line straight from the source, bypassing the parser (after a syntax error). */
  Line nextRaw() throws IOException {
    Line l = pushedBack.isEmpty() ? source.next() : pushedBack.pop();
    if (l != null) {
      lastNumber = l.number();
    }
    return l;
  }

  private void keep(Line line) {
    if (keptChars < MAX_KEPT_CHARS) {
      String t = line.text().length() > MAX_KEPT_CHARS ? line.text().substring(0, MAX_KEPT_CHARS) : line.text();
      kept.add(new Line(line.number(), t));
      keptChars += t.length();
    }
  }

  /** Forgets kept text up to this line: those lines are now in an event. */
  void assigned(long throughLine) {
    while (!kept.isEmpty() && kept.peekFirst().number() <= throughLine) {
      keptChars -= kept.pollFirst().text().length();
    }
  }

  /** The kept text of lines in [from, to], for a quarantine row (cut at 64 KiB). */
  String text(long from, long to) {
    StringBuilder b = new StringBuilder();
    for (Line l : kept) {
      if (l.number() >= from && l.number() <= to) {
        b.append(l.text()).append('\n');
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    // The source belongs to the caller.
  }
}
