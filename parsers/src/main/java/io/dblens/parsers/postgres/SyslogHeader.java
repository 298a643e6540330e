package io.dblens.parsers.postgres;

/**
 * Scans the envelope syslog and Heroku logplex put before PostgreSQL's text:
 * {@code Feb 11 13:15:39 host postgres[10808]: [3-2] }, {@code 2019-02-11T13:15:39.1+01:00 host
 * postgres[10808]: [3-2] } (rsyslog ISO stamps) and {@code 2019-03-14T00:22:56+00:00 app[postgres.4882]:
 * [GREEN] [15-1] }. The {@code [n-m]} pair numbers each message n and its physical lines m.
 */
final class SyslogHeader {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  // Results of the last scan (reused to avoid an allocation per line).
  int timeStart;
  int timeEnd;
  /** 1-12 for BSD stamps, 0 for ISO stamps (which carry a year). */
  int month;
  int day;
  int hour;
  int minute;
  int second;
  long pid;
  long seq;
  int part;
  int restStart;

  /** @return true when {@code s} starts with a syslog envelope carrying a pid */
  boolean scan(String s) {
    int n = s.length();
    int i;
    timeStart = 0;
    if (n > 15 && Character.isUpperCase(s.charAt(0)) && s.charAt(3) == ' ') {
      int m = MONTHS.indexOf(s.substring(0, 3));
      if (m < 0 || m % 3 != 0) {
        return false;
      }
      month = m / 3 + 1;
      int d = 4;
      if (s.charAt(d) == ' ') {
        d++;
      }
      int de = d;
      while (de < n && PgTime.isDigit(s.charAt(de))) {
        de++;
      }
      if (de == d || de - d > 2 || de + 9 > n || s.charAt(de) != ' ' || s.charAt(de + 3) != ':'
          || s.charAt(de + 6) != ':' || !PgTime.digits(s, de + 1, 2) || !PgTime.digits(s, de + 4, 2)
          || !PgTime.digits(s, de + 7, 2)) {
        return false;
      }
      day = PgTime.num(s, d, de - d);
      hour = PgTime.num(s, de + 1, 2);
      minute = PgTime.num(s, de + 4, 2);
      second = PgTime.num(s, de + 7, 2);
      i = de + 9;
    } else {
      i = PgTime.scanTimestamp(s, 0, n);
      if (i < 0 || s.charAt(10) != 'T') {
        return false;
      }
      month = 0;
    }
    timeEnd = i;
    // The process: "ident[pid]" or logplex "app[postgres.pid]"; the first bracket after the stamp.
    int open = s.indexOf('[', i);
    if (open < 0) {
      return false;
    }
    int close = s.indexOf(']', open);
    if (close < 0) {
      return false;
    }
    int digitsStart = s.lastIndexOf('.', close) > open ? s.lastIndexOf('.', close) + 1 : open + 1;
    Long p = digitsStart < close ? PrefixFields.parseLong(s, digitsStart, close) : null;
    if (p == null) {
      return false;
    }
    pid = p;
    i = close + 1;
    if (i < n && s.charAt(i) == ':') {
      i++;
    }
    while (i < n && s.charAt(i) == ' ') {
      i++;
    }
    // Heroku's database colour, e.g. [GREEN]
    if (i < n && s.charAt(i) == '[' && i + 1 < n && Character.isUpperCase(s.charAt(i + 1))) {
      int c = s.indexOf(']', i);
      if (c < 0) {
        return false;
      }
      i = c + 1;
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
    }
    if (i >= n || s.charAt(i) != '[') {
      return false;
    }
    int c = s.indexOf(']', i);
    if (c < 0) {
      return false;
    }
    int dash = s.indexOf('-', i);
    if (dash > i && dash < c) {
      Long a = PrefixFields.parseLong(s, i + 1, dash);
      Long b = PrefixFields.parseLong(s, dash + 1, c);
      if (a == null || b == null) {
        return false;
      }
      seq = a;
      part = b.intValue();
    } else {
      Long b = c > i + 1 ? PrefixFields.parseLong(s, i + 1, c) : null;
      if (b == null) {
        return false;
      }
      seq = -1;
      part = b.intValue();
    }
    restStart = c + 1;
    if (restStart < n && s.charAt(restStart) == ' ') {
      restStart++;
    }
    return true;
  }
}
