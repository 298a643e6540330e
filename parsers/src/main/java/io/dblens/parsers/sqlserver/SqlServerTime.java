package io.dblens.parsers.sqlserver;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the timestamps SQL Server writes: ERRORLOG heads ({@code 2024-03-01 10:15:02.37}), report
 * attributes ({@code 2024-03-01T10:15:02.370}), Extended Events stamps with a zone
 * ({@code 2024-03-01T09:15:02.370Z}, {@code ...+01:00}) and export columns. A time without a zone is
 * the server's local time, read in the instance's zone.
 */
final class SqlServerTime {

  private SqlServerTime() {}

  /** Where the last successful {@link #scan} stopped. */
  static final class Scan {
    Instant time;
    int end;
  }

  /** @return the instant, or null when the text is not such a timestamp */
  static Instant parse(String text, ZoneId zone) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    Scan s = scan(t, 0, zone);
    return s != null && s.end == t.length() ? s.time : null;
  }

  /**
   * Reads {@code yyyy-MM-dd[T ]HH:mm[:ss[.f...]][Z|±hh[:mm]]} at {@code from}.
   *
   * @return where it ended and the instant, or null when no timestamp starts there
   */
  static Scan scan(String t, int from, ZoneId zone) {
    int n = t.length();
    if (from + 16 > n || !digits(t, from, 4) || t.charAt(from + 4) != '-' || !digits(t, from + 5, 2)
        || t.charAt(from + 7) != '-' || !digits(t, from + 8, 2)
        || (t.charAt(from + 10) != ' ' && t.charAt(from + 10) != 'T') || !digits(t, from + 11, 2)
        || t.charAt(from + 13) != ':' || !digits(t, from + 14, 2)) {
      return null;
    }
    int year = num(t, from, 4);
    int month = num(t, from + 5, 2);
    int day = num(t, from + 8, 2);
    int hour = num(t, from + 11, 2);
    int minute = num(t, from + 14, 2);
    int second = 0;
    int nanos = 0;
    int i = from + 16;
    if (i < n && t.charAt(i) == ':' && digits(t, i + 1, 2)) {
      second = num(t, i + 1, 2);
      i += 3;
      if (i < n && t.charAt(i) == '.') {
        int f = i + 1;
        int scale = 100_000_000;
        while (f < n && Character.isDigit(t.charAt(f)) && f - i <= 9) {
          nanos += (t.charAt(f) - '0') * scale;
          scale /= 10;
          f++;
        }
        if (f == i + 1) {
          return null;
        }
        i = f;
      }
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
    } catch (java.time.DateTimeException e) {
      return null;
    }
    ZoneId z = zone;
    // datetimeoffset columns are exported as "2024-03-04 10:00:00.0000000 +01:00".
    if (i + 2 < n && t.charAt(i) == ' ' && (t.charAt(i + 1) == '+' || t.charAt(i + 1) == '-')
        && digits(t, i + 2, 2)) {
      i++;
    }
    if (i < n && t.charAt(i) == 'Z') {
      z = ZoneOffset.UTC;
      i++;
    } else if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-') && digits(t, i + 1, 2)) {
      int sign = t.charAt(i) == '-' ? -1 : 1;
      int oh = num(t, i + 1, 2);
      int om = 0;
      int j = i + 3;
      if (j < n && t.charAt(j) == ':' && digits(t, j + 1, 2)) {
        om = num(t, j + 1, 2);
        j += 3;
      } else if (digits(t, j, 2)) {
        om = num(t, j, 2);
        j += 2;
      }
      z = ZoneOffset.ofTotalSeconds(sign * (oh * 3600 + om * 60));
      i = j;
    }
    Scan s = new Scan();
    s.time = local.atZone(z).toInstant();
    s.end = i;
    return s;
  }

  private static boolean digits(String t, int from, int count) {
    if (from + count > t.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int num(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      v = v * 10 + (t.charAt(i) - '0');
    }
    return v;
  }
}
