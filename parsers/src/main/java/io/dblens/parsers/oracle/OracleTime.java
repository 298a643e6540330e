package io.dblens.parsers.oracle;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the timestamps Oracle writes, by hand (they head every alert-log entry and trace section):
 * the pre-12.2 alert-log header {@code Tue Mar 12 10:15:02 2019} (server local time), and ISO forms
 * {@code 2019-03-12T10:15:02.123456+01:00} (12.2+ alert logs and traces, log.xml),
 * {@code 2019-03-12 10:15:02.123} (11g traces, exports) with or without an offset. A time written
 * without an offset is in the instance's zone. One instance per file: {@link #end} is where the last
 * parsed time ended.
 */
final class OracleTime {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final String DAYS = "MonTueWedThuFriSatSun";

  private final ZoneId zone;
  /** Index just after the last time parsed by {@link #iso}. */
  int end;

  OracleTime(ZoneId zone) {
    this.zone = zone;
  }

  /** The pre-12.2 header line {@code Dy Mon DD HH24:MI:SS YYYY} (day also as " 5" or "5"), else null. */
  Instant classic(String l) {
    int n = l.length();
    if (n < 22 || n > 24 || DAYS.indexOf(l.substring(0, 3)) % 3 != 0 || l.charAt(3) != ' ' || l.charAt(7) != ' ') {
      return null;
    }
    int month = MONTHS.indexOf(l.substring(4, 7));
    if (month < 0 || month % 3 != 0) {
      return null;
    }
    int p = 8;
    if (l.charAt(p) == ' ') {
      p++;
    }
    int day = digits(l, p, l.charAt(p + 1) == ' ' ? 1 : 2);
    p += l.charAt(p + 1) == ' ' ? 1 : 2;
    if (day < 1 || p + 14 != n || l.charAt(p) != ' ' || l.charAt(p + 3) != ':' || l.charAt(p + 6) != ':'
        || l.charAt(p + 9) != ' ') {
      return null;
    }
    int hour = digits(l, p + 1, 2);
    int minute = digits(l, p + 4, 2);
    int second = digits(l, p + 7, 2);
    int year = digits(l, p + 10, 4);
    if (hour < 0 || minute < 0 || second < 0 || year < 0) {
      return null;
    }
    return local(year, month / 3 + 1, day, hour, minute, second, 0);
  }

  /**
   * {@code YYYY-MM-DD[T ]HH:MI:SS[.F...][Z|+HH:MM|+HHMM]} at {@code from}; sets {@link #end}.
   *
   * @param requireT only accept the ISO 'T' between date and time (alert-log stamps)
   * @return the time, or null when the text there is not such a time
   */
  Instant iso(String s, int from, boolean requireT) {
    int n = s.length();
    if (from + 19 > n || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 13) != ':'
        || s.charAt(from + 16) != ':') {
      return null;
    }
    char sep = s.charAt(from + 10);
    if (sep != 'T' && (requireT || sep != ' ')) {
      return null;
    }
    int year = digits(s, from, 4);
    int month = digits(s, from + 5, 2);
    int day = digits(s, from + 8, 2);
    int hour = digits(s, from + 11, 2);
    int minute = digits(s, from + 14, 2);
    int second = digits(s, from + 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    int p = from + 19;
    int nanos = 0;
    if (p < n && s.charAt(p) == '.') {
      int q = p + 1;
      int scale = 100_000_000;
      while (q < n && Character.isDigit(s.charAt(q))) {
        nanos += (s.charAt(q) - '0') * scale;
        scale /= 10;
        q++;
      }
      if (q == p + 1 || q - p - 1 > 9) {
        return null;
      }
      p = q;
    }
    ZoneOffset offset = null;
    if (p < n && s.charAt(p) == 'Z') {
      offset = ZoneOffset.UTC;
      p++;
    } else if (p + 5 <= n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
      int hh = digits(s, p + 1, 2);
      boolean colon = s.charAt(p + 3) == ':';
      int mm = p + (colon ? 6 : 5) <= n ? digits(s, p + (colon ? 4 : 3), 2) : -1;
      if (hh >= 0 && mm >= 0) {
        int sign = s.charAt(p) == '-' ? -1 : 1;
        try {
          offset = ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
        } catch (DateTimeException e) {
          return null;
        }
        p += colon ? 6 : 5;
      }
    }
    end = p;
    try {
      if (offset != null) {
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
      }
      return local(year, month, day, hour, minute, second, nanos);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private Instant local(int year, int month, int day, int hour, int minute, int second, int nanos) {
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal value of {@code count} digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
