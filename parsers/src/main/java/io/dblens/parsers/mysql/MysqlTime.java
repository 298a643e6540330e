package io.dblens.parsers.mysql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the timestamps MySQL writes, without regular expressions: {@code 071015 21:43:52} and
 * {@code 081127  8:51:20} (5.0-5.6 slow and general logs, mysqlbinlog headers, MariaDB; server local time;
 * Percona Server adds microseconds: {@code 130601  8:01:06.058915}),
 * ISO {@code 2016-07-20T18:13:25.698433Z} or with an offset (5.7+), and {@code 2019-01-01 10:00:00}
 * (5.6 error logs). Returns null for anything else, so that callers decide what a bad stamp means.
 */
final class MysqlTime {
  private final ZoneId zone;
  /** Where the last parsed stamp ended in its text. */
  int end;
  /** The fraction of a second {@link #fraction} read last. */
  private int lastNanos;

  MysqlTime(ZoneId zone) {
    this.zone = zone;
  }

  /** The stamp starting at {@code from}: short (yymmdd) or ISO form. */
  Instant parse(String s, int from) {
    Instant t = iso(s, from);
    return t != null ? t : shortForm(s, from);
  }

  /** {@code yymmdd h:mm:ss} or {@code yymmdd hh:mm:ss}, local time of the server. */
  Instant shortForm(String s, int i) {
    if (!digits(s, i, 6)) {
      return null;
    }
    int year = 2000 + num(s, i, 2);
    int month = num(s, i + 2, 2);
    int day = num(s, i + 4, 2);
    int p = i + 6;
    if (p >= s.length() || s.charAt(p) != ' ') {
      return null;
    }
    while (p < s.length() && s.charAt(p) == ' ') {
      p++;
    }
    int hour;
    if (digits(s, p, 2)) {
      hour = num(s, p, 2);
      p += 2;
    } else if (digits(s, p, 1)) {
      hour = num(s, p, 1);
      p += 1;
    } else {
      return null;
    }
    if (!(at(s, p, ':') && digits(s, p + 1, 2) && at(s, p + 3, ':') && digits(s, p + 4, 2))) {
      return null;
    }
    int minute = num(s, p + 1, 2);
    int second = num(s, p + 4, 2);
    end = p + 6;
    int nanos = 0;
    if (at(s, end, '.') && digits(s, end + 1, 1)) {
      end = fraction(s, end + 1);
      nanos = lastNanos;
    }
    return local(year, month, day, hour, minute, second, nanos);
  }

  /** {@code yyyy-mm-ddThh:mm:ss[.ffffff][Z|+hh:mm]} or with a space instead of the T. */
  Instant iso(String s, int i) {
    if (!(digits(s, i, 4) && at(s, i + 4, '-') && digits(s, i + 5, 2) && at(s, i + 7, '-') && digits(s, i + 8, 2)
        && (at(s, i + 10, 'T') || at(s, i + 10, ' ')) && digits(s, i + 11, 2) && at(s, i + 13, ':')
        && digits(s, i + 14, 2) && at(s, i + 16, ':') && digits(s, i + 17, 2))) {
      return null;
    }
    int p = i + 19;
    int nanos = 0;
    if (at(s, p, '.')) {
      p = fraction(s, p + 1);
      nanos = lastNanos;
    }
    ZoneOffset offset = null;
    if (at(s, p, 'Z')) {
      offset = ZoneOffset.UTC;
      p++;
    } else if ((at(s, p, '+') || at(s, p, '-')) && digits(s, p + 1, 2) && at(s, p + 3, ':') && digits(s, p + 4, 2)) {
      int sign = s.charAt(p) == '-' ? -1 : 1;
      offset = ZoneOffset.ofHoursMinutes(sign * num(s, p + 1, 2), sign * num(s, p + 4, 2));
      p += 6;
    }
    end = p;
    try {
      LocalDateTime ldt = LocalDateTime.of(num(s, i, 4), num(s, i + 5, 2), num(s, i + 8, 2), num(s, i + 11, 2),
          num(s, i + 14, 2), num(s, i + 17, 2), nanos);
      return offset != null ? ldt.toInstant(offset) : ldt.atZone(zone).toInstant();
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** Reads the digits after a decimal point into {@link #lastNanos}; returns where they end. */
  private int fraction(String s, int q) {
    int nanos = 0;
    int scale = 100_000_000;
    while (q < s.length() && Character.isDigit(s.charAt(q))) {
      nanos += (s.charAt(q) - '0') * scale;
      scale /= 10;
      q++;
    }
    lastNanos = nanos;
    return q;
  }

  private Instant local(int y, int mo, int d, int h, int mi, int s, int nanos) {
    try {
      return LocalDateTime.of(y, mo, d, h, mi, s, nanos).atZone(zone).toInstant();
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  static boolean digits(String s, int from, int n) {
    if (from + n > s.length()) {
      return false;
    }
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean at(String s, int i, char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  static int num(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }
}
