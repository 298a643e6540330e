package io.dblens.parsers.postgres;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Scans and converts PostgreSQL timestamps ({@code 2024-01-31 12:00:00[.123] CET}, ISO forms with
 * {@code T} and offsets, and {@code %n} epoch seconds) without regular expressions. One instance per
 * file: it caches the last second it converted, because consecutive lines mostly share it.
 */
final class PgTime {

  private final ZoneId defaultZone;
  private String cachedKey;
  private String cachedZone = "";
  private long cachedEpochSecond;
  private boolean cachedZoneKnown;

  PgTime(ZoneId defaultZone) {
    this.defaultZone = defaultZone;
  }

  /**
   * End of a timestamp starting at {@code pos} (date, time, optional fraction, optional zone), or -1.
   * The zone is taken when a space or nothing separates it and it looks like a zone.
   */
  static int scanTimestamp(String s, int pos, int end) {
    int i = scanDateTime(s, pos, end);
    if (i < 0) {
      return -1;
    }
    // Offsets directly after the time (ISO): +01:00, -0500, Z
    if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-' || s.charAt(i) == 'Z')) {
      return scanZone(s, i, end);
    }
    if (i + 1 < end && s.charAt(i) == ' ') {
      int z = scanZone(s, i + 1, end);
      if (z > i + 1 && looksLikeZone(s, i + 1, z)) {
        return z;
      }
    }
    return i;
  }

  /** End of {@code yyyy-mm-dd[ T]hh:mm:ss[.fff]} at pos, or -1. */
  static int scanDateTime(String s, int pos, int end) {
    if (pos + 19 > end) {
      return -1;
    }
    if (!digits(s, pos, 4) || s.charAt(pos + 4) != '-' || !digits(s, pos + 5, 2) || s.charAt(pos + 7) != '-'
        || !digits(s, pos + 8, 2) || (s.charAt(pos + 10) != ' ' && s.charAt(pos + 10) != 'T')
        || !digits(s, pos + 11, 2) || s.charAt(pos + 13) != ':' || !digits(s, pos + 14, 2)
        || s.charAt(pos + 16) != ':' || !digits(s, pos + 17, 2)) {
      return -1;
    }
    int i = pos + 19;
    if (i < end && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      int j = i + 1;
      while (j < end && isDigit(s.charAt(j))) {
        j++;
      }
      if (j > i + 1) {
        i = j;
      }
    }
    return i;
  }

  private static int scanZone(String s, int pos, int end) {
    int i = pos;
    while (i < end) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '/' || c == '_'
          || (c == ':' && i > pos && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && i + 1 < end
              && isDigit(s.charAt(i + 1)))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean looksLikeZone(String s, int from, int to) {
    char c = s.charAt(from);
    if (c == '+' || c == '-') {
      return to - from >= 3;
    }
    // Upper-case abbreviations and region names; not a following word like "LOG" needs a prefix match
    // anyway, so being permissive here only matters when the prefix has nothing after %t.
    return Character.isUpperCase(c) && to - from <= 32;
  }

  /** End of {@code 1700000000.123} epoch seconds at pos, or -1. */
  static int scanEpoch(String s, int pos, int end) {
    int i = pos;
    while (i < end && isDigit(s.charAt(i))) {
      i++;
    }
    if (i - pos < 9 || i >= end || s.charAt(i) != '.') {
      return -1;
    }
    int j = i + 1;
    while (j < end && isDigit(s.charAt(j))) {
      j++;
    }
    return j > i + 1 ? j : -1;
  }

  /** Converts a timestamp scanned by {@link #scanTimestamp}; null when it is not one. */
  Instant parse(String s, int pos, int end) {
    int dt = scanDateTime(s, pos, end);
    if (dt < 0) {
      if (scanEpoch(s, pos, end) == end) {
        return parseEpoch(s.substring(pos, end));
      }
      return null;
    }
    int secondsEnd = pos + 19;
    int nanos = 0;
    if (dt > secondsEnd) {
      int digits = 0;
      for (int i = secondsEnd + 1; i < dt && digits < 9; i++, digits++) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
      }
      for (; digits < 9; digits++) {
        nanos *= 10;
      }
    }
    int zs = dt;
    while (zs < end && s.charAt(zs) == ' ') {
      zs++;
    }
    int zoneLength = end - zs;
    boolean same = cachedKey != null && s.regionMatches(pos, cachedKey, 0, 19)
        && cachedZone.length() == zoneLength && s.regionMatches(zs, cachedZone, 0, zoneLength);
    if (!same) {
      String zone = zs < end ? s.substring(zs, end) : "";
      cachedEpochSecond = epochSecond(s, pos, zone);
      cachedKey = s.substring(pos, secondsEnd);
      cachedZone = zone;
    }
    return Instant.ofEpochSecond(cachedEpochSecond, nanos);
  }

  /** True when the last parsed timestamp carried a zone we recognised (else the default zone was used). */
  boolean lastZoneKnown() {
    return cachedZoneKnown;
  }

  private long epochSecond(String s, int pos, String zone) {
    int year = num(s, pos, 4);
    int month = num(s, pos + 5, 2);
    int day = num(s, pos + 8, 2);
    int hour = num(s, pos + 11, 2);
    int minute = num(s, pos + 14, 2);
    int second = num(s, pos + 17, 2);
    long local = daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    Integer offset = zone.isEmpty() ? null : ZoneAbbreviations.offsetSeconds(zone);
    if (offset != null) {
      cachedZoneKnown = true;
      return local - offset;
    }
    ZoneId region = zone.isEmpty() ? null : ZoneAbbreviations.regionOrNull(zone);
    cachedZoneKnown = region != null;
    ZoneId z = region != null ? region : defaultZone;
    return LocalDateTime.of(year, month, day, hour, minute, second).atZone(z).toEpochSecond();
  }

  /** Local date-time in the default zone (for syslog stamps that carry no zone). */
  Instant local(int year, int month, int day, int hour, int minute, int second) {
    return LocalDateTime.of(year, month, day, hour, minute, second).atZone(defaultZone).toInstant();
  }

  static Instant parseEpoch(String text) {
    int dot = text.indexOf('.');
    long sec = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
    long nanos = 0;
    if (dot >= 0) {
      String f = (text.substring(dot + 1) + "000000000").substring(0, 9);
      nanos = Long.parseLong(f);
    }
    return Instant.ofEpochSecond(sec, nanos);
  }

  // Howard Hinnant's days_from_civil: days since 1970-01-01 for a proleptic Gregorian date.
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  static boolean digits(String s, int pos, int n) {
    for (int i = pos; i < pos + n; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static int num(String s, int pos, int n) {
    int v = 0;
    for (int i = pos; i < pos + n; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }
}
