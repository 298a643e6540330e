package io.dblens.parsers.mongodb;

import io.dblens.parsers.postgres.SyslogYear;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The timestamps mongod writes, read without regular expressions:
 * <ul>
 *   <li>ISO 8601 ({@code 2014-04-09T23:16:20.437-0400}, {@code ...Z}, {@code ...-04:00}: 2.6 and later,
 *       and every JSON log);</li>
 *   <li>ctime ({@code Wed Mar  5 17:14:24.619}, {@code Mon Aug  5 20:21:42} before 2.4): no year and no
 *       zone. The zone is the instance's; the year is found as for PostgreSQL syslog stamps
 *       ({@link SyslogYear}), moving on when the month goes backwards.</li>
 * </ul>
 * One instance per file (it carries the ctime year along).
 */
final class MongoTime {
  static final String[] WEEKDAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
      "Dec"};

  private final ZoneId zone;
  private final SyslogYear years;

  /** @param startYear year of the first ctime stamp (see {@link #startYear}) */
  MongoTime(ZoneId zone, int startYear) {
    this.zone = zone;
    this.years = new SyslogYear(startYear);
  }

  /** End of an ISO timestamp ({@code yyyy-mm-ddThh:mm:ss[.fff][zone]}) at {@code pos}, or -1. */
  static int isoEnd(String s, int pos) {
    int n = s.length();
    if (pos + 19 > n || !digits(s, pos, 4) || s.charAt(pos + 4) != '-' || !digits(s, pos + 5, 2)
        || s.charAt(pos + 7) != '-' || !digits(s, pos + 8, 2) || s.charAt(pos + 10) != 'T'
        || !digits(s, pos + 11, 2) || s.charAt(pos + 13) != ':' || !digits(s, pos + 14, 2)
        || s.charAt(pos + 16) != ':' || !digits(s, pos + 17, 2)) {
      return -1;
    }
    int i = pos + 19;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < n && s.charAt(i) == 'Z') {
      return i + 1;
    }
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-') && i + 3 <= n && digits(s, i + 1, 2)) {
      int j = i + 3;
      if (j < n && s.charAt(j) == ':') {
        j++;
      }
      if (j + 2 <= n && digits(s, j, 2)) {
        j += 2;
      }
      return j;
    }
    return i;
  }

  /** End of a ctime timestamp ({@code Www Mmm [d]d hh:mm:ss[.fff]}) at {@code pos}, or -1. */
  static int ctimeEnd(String s, int pos) {
    int n = s.length();
    if (pos + 19 > n || indexOf(WEEKDAYS, s, pos) < 0 || s.charAt(pos + 3) != ' '
        || indexOf(MONTHS, s, pos + 4) < 0 || s.charAt(pos + 7) != ' ') {
      return -1;
    }
    int i = pos + 8;
    if (s.charAt(i) == ' ') {
      i++;
    }
    int dayStart = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    if (i - dayStart < 1 || i - dayStart > 2 || i + 9 > n || s.charAt(i) != ' ' || !digits(s, i + 1, 2)
        || s.charAt(i + 3) != ':' || !digits(s, i + 4, 2) || s.charAt(i + 6) != ':' || !digits(s, i + 7, 2)) {
      return -1;
    }
    i += 9;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    return i;
  }

  /** The instant of an ISO stamp {@code s[pos, end)}, or null when a field is out of range. */
  Instant iso(String s, int pos, int end) {
    try {
      LocalDateTime local = LocalDateTime.of(num(s, pos, 4), num(s, pos + 5, 2), num(s, pos + 8, 2),
          num(s, pos + 11, 2), num(s, pos + 14, 2), num(s, pos + 17, 2), nanos(s, pos + 19, end));
      int z = pos + 19;
      while (z < end && (s.charAt(z) == '.' || isDigit(s.charAt(z)))) {
        z++;
      }
      if (z == end) {
        return local.atZone(zone).toInstant();
      }
      if (s.charAt(z) == 'Z') {
        return local.toInstant(ZoneOffset.UTC);
      }
      int sign = s.charAt(z) == '-' ? -1 : 1;
      int hours = num(s, z + 1, 2);
      int m = z + 3 < end && s.charAt(z + 3) == ':' ? z + 4 : z + 3;
      int minutes = m + 2 <= end ? num(s, m, 2) : 0;
      return local.toInstant(ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The instant of a ctime stamp {@code s[pos, end)}, in the instance's zone, with the inferred year. */
  Instant ctime(String s, int pos, int end) {
    int month = indexOf(MONTHS, s, pos + 4) + 1;
    int i = s.charAt(pos + 8) == ' ' ? pos + 9 : pos + 8;
    int dayEnd = i;
    while (isDigit(s.charAt(dayEnd))) {
      dayEnd++;
    }
    int day = num(s, i, dayEnd - i);
    try {
      return LocalDateTime.of(years.yearFor(month), month, day, num(s, dayEnd + 1, 2), num(s, dayEnd + 4, 2),
          num(s, dayEnd + 7, 2), nanos(s, dayEnd + 9, end)).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The year for the first ctime stamp of a file: a {@code yyyy-mm-dd} date written in the sample (as for
   * syslog), else the latest year up to {@code thisYear} in which that stamp's day fell on its weekday
   * (the weekday pins the year down to one in six or so), else {@code thisYear}.
   */
  static int startYear(Iterable<String> sample, int thisYear) {
    String firstCtime = null;
    for (String line : sample) {
      int y = SyslogYear.yearIn(line);
      if (y > 0) {
        return y;
      }
      if (firstCtime == null && ctimeEnd(line, 0) > 0) {
        firstCtime = line;
      }
    }
    if (firstCtime == null) {
      return thisYear;
    }
    int month = indexOf(MONTHS, firstCtime, 4) + 1;
    int i = firstCtime.charAt(8) == ' ' ? 9 : 8;
    int day = isDigit(firstCtime.charAt(i + 1)) ? num(firstCtime, i, 2) : num(firstCtime, i, 1);
    DayOfWeek weekday = DayOfWeek.of(indexOf(WEEKDAYS, firstCtime, 0) + 1);
    for (int y = thisYear; y > thisYear - 28; y--) {
      try {
        if (LocalDate.of(y, month, day).getDayOfWeek() == weekday) {
          return y;
        }
      } catch (DateTimeException e) {
        // Feb 29 in a year without it
      }
    }
    return thisYear;
  }

  private static int nanos(String s, int pos, int end) {
    if (pos >= end || s.charAt(pos) != '.') {
      return 0;
    }
    int value = 0;
    int digits = 0;
    for (int i = pos + 1; i < end && isDigit(s.charAt(i)) && digits < 9; i++, digits++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    for (; digits < 9; digits++) {
      value *= 10;
    }
    return value;
  }

  private static int indexOf(String[] names, String s, int pos) {
    if (pos + 3 > s.length()) {
      return -1;
    }
    for (int k = 0; k < names.length; k++) {
      if (s.startsWith(names[k], pos)) {
        return k;
      }
    }
    return -1;
  }

  static boolean digits(String s, int pos, int count) {
    if (pos + count > s.length()) {
      return false;
    }
    for (int i = pos; i < pos + count; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static int num(String s, int pos, int count) {
    int v = 0;
    for (int i = pos; i < pos + count; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
