package io.dblens.parsers.mongodb;

/**
 * Where the parts of a text-log line (2.x-4.2) sit: timestamp, then from 3.0 a severity and a component
 * ({@code I COMMAND  }, 4.2 pads them: {@code I  CONTROL  }), then the context in brackets
 * ({@code [conn123]}, {@code [repl writer worker 13]}), then the message. Offsets only: nothing is
 * copied until a field is asked for.
 *
 * @param line           the line
 * @param timeEnd        end of the timestamp
 * @param ctime          the timestamp is a ctime stamp (no year, no zone)
 * @param severity       F, E, W, I, D (D1-D5), U, or null before 3.0
 * @param component      COMMAND, REPL, ... or null
 * @param contextStart   index of '[' (or -1 when the line has no context)
 * @param contextEnd     index of ']'
 * @param messageStart   where the message starts
 */
record LegacyHead(String line, int timeEnd, boolean ctime, String severity, String component, int contextStart,
                  int contextEnd, int messageStart) {

  /** The head of the line, or null when it does not start with a mongod timestamp. */
  static LegacyHead parse(String line) {
    boolean ctime = false;
    int t = MongoTime.isoEnd(line, 0);
    if (t < 0) {
      t = MongoTime.ctimeEnd(line, 0);
      ctime = true;
    }
    if (t < 0 || (t < line.length() && line.charAt(t) != ' ')) {
      return null;
    }
    int i = skipSpaces(line, t);
    String severity = null;
    String component = null;
    int sevEnd = severityEnd(line, i);
    if (sevEnd > 0) {
      int compStart = skipSpaces(line, sevEnd);
      int compEnd = compStart;
      while (compEnd < line.length() && isComponentChar(line.charAt(compEnd))) {
        compEnd++;
      }
      int next = skipSpaces(line, compEnd);
      if (compEnd > compStart && next < line.length() && line.charAt(next) == '[') {
        severity = line.substring(i, sevEnd);
        component = line.substring(compStart, compEnd);
        i = next;
      }
    }
    if (i < line.length() && line.charAt(i) == '[') {
      int close = line.indexOf(']', i);
      if (close > 0) {
        return new LegacyHead(line, t, ctime, severity, component, i, close, skipOneSpace(line, close + 1));
      }
    }
    return new LegacyHead(line, t, ctime, severity, component, -1, -1, i);
  }

  String rawTime() {
    return line.substring(0, timeEnd);
  }

  String context() {
    return contextStart < 0 ? null : line.substring(contextStart + 1, contextEnd);
  }

  String message() {
    return line.substring(Math.min(messageStart, line.length()));
  }

  /** A single severity letter (or D1-D5) followed by a space. */
  private static int severityEnd(String s, int i) {
    if (i >= s.length()) {
      return -1;
    }
    char c = s.charAt(i);
    if ("FEWIDU".indexOf(c) < 0) {
      return -1;
    }
    int end = i + 1;
    if (c == 'D' && end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end < s.length() && s.charAt(end) == ' ' ? end : -1;
  }

  private static boolean isComponentChar(char c) {
    return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static int skipOneSpace(String s, int i) {
    return i < s.length() && s.charAt(i) == ' ' ? i + 1 : i;
  }
}
