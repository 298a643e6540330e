package io.dblens.parsers.mysql;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The head line of an error-log entry, in any layout MySQL, Percona Server and MariaDB write:
 * {@code 2021-03-01T10:00:00.123456Z 0 [System] [MY-010116] [Server] text} (8.0),
 * {@code 2019-01-01T10:00:00.123456Z 0 [Note] text} (5.7), {@code 2019-01-01 10:00:00 140 [Note] text}
 * (5.6, MariaDB) and {@code 190101 10:00:00 [Note] text} or {@code 190101 10:00:00  InnoDB: text} (5.5 and
 * older). Lines that do not start with a time continue the previous entry.
 */
final class ErrorLogLine {
  Instant time;
  String rawTime;
  String thread;
  String severity;
  String code;
  String subsystem;
  String message;

  private ErrorLogLine() {}

  static boolean isHead(String l) {
    ErrorLogLine e = parse(l, new MysqlTime(ZoneOffset.UTC));
    return e != null && (e.severity != null || e.message.startsWith("InnoDB:") || e.message.startsWith("mysqld"));
  }

  static ErrorLogLine parse(String l, MysqlTime clock) {
    if (l.isEmpty() || !Character.isDigit(l.charAt(0))) {
      return null;
    }
    Instant t = clock.parse(l, 0);
    if (t == null) {
      return null;
    }
    ErrorLogLine e = new ErrorLogLine();
    e.time = t;
    e.rawTime = l.substring(0, clock.end);
    int n = l.length();
    int p = skipSpaces(l, clock.end);
    // An optional thread id (decimal, or 0x-prefixed / bare hex in 5.6) before the severity.
    int tokenEnd = p;
    while (tokenEnd < n && l.charAt(tokenEnd) != ' ') {
      tokenEnd++;
    }
    int after = skipSpaces(l, tokenEnd);
    if (tokenEnd > p && isThreadToken(l, p, tokenEnd) && (after < n && l.charAt(after) == '['
        || l.startsWith("InnoDB:", after))) {
      e.thread = l.substring(p, tokenEnd);
      p = after;
    }
    if (p < n && l.charAt(p) == '[') {
      int close = l.indexOf(']', p);
      if (close > p) {
        e.severity = l.substring(p + 1, close);
        p = skipSpaces(l, close + 1);
        if (l.startsWith("[MY-", p)) {
          int c = l.indexOf(']', p);
          e.code = l.substring(p + 1, c);
          p = skipSpaces(l, c + 1);
          if (p < n && l.charAt(p) == '[') {
            int s = l.indexOf(']', p);
            if (s > p) {
              e.subsystem = l.substring(p + 1, s);
              p = skipSpaces(l, s + 1);
            }
          }
        }
      }
    }
    e.message = l.substring(Math.min(p, n));
    return e;
  }

  /** A 5.6 thread handle alone, as in {@code 7f2b4c0c3700}. */
  static boolean isThreadHandle(String s) {
    return s.length() >= 6 && isThreadToken(s, 0, s.length());
  }

  private static boolean isThreadToken(String l, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = l.charAt(i);
      if (!Character.isDigit(c) && !(c >= 'a' && c <= 'f') && c != 'x') {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(String l, int p) {
    while (p < l.length() && l.charAt(p) == ' ') {
      p++;
    }
    return p;
  }
}
