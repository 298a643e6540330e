package io.dblens.parsers.sqlserver;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The head of an ERRORLOG entry: {@code 2024-03-01 10:15:02.37 spid52      message}. The source column
 * (Server, Logon, Backup, spidN, spidNs for system sessions; localised on some installations) is
 * padded to a fixed width. Lines without such a head continue the entry before them.
 *
 * @param time    the time, read in the instance's zone (ERRORLOG writes local server time)
 * @param rawTime the timestamp as written
 * @param source  the source column
 * @param message the rest of the line
 */
record ErrorLogHead(Instant time, String rawTime, String source, String message) {

  /** @return the head, or null when the line does not start with an ERRORLOG timestamp and source */
  static ErrorLogHead parse(String text, ZoneId zone) {
    int n = text.length();
    if (n < 25 || text.charAt(0) < '0' || text.charAt(0) > '9' || text.charAt(10) != ' ' || text.charAt(19) != '.') {
      return null;
    }
    SqlServerTime.Scan s = SqlServerTime.scan(text, 0, zone);
    if (s == null || s.end >= n || text.charAt(s.end) != ' ' || s.end < 22) {
      return null;
    }
    int i = s.end;
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    int sourceStart = i;
    while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
      i++;
    }
    if (i == sourceStart) {
      return null;
    }
    String source = text.substring(sourceStart, i);
    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return new ErrorLogHead(s.time, text.substring(0, s.end), source, text.substring(i));
  }

  /** True for the sources SQL Server itself writes in English: what format detection relies on. */
  boolean knownSource() {
    return source.equals("Server") || source.equals("Logon") || source.equals("Backup") || spid() != null;
  }

  /** The session of a spidN / spidNs source, else null. */
  String spid() {
    if (!source.startsWith("spid") || source.length() < 5) {
      return null;
    }
    int end = source.endsWith("s") ? source.length() - 1 : source.length();
    for (int i = 4; i < end; i++) {
      if (!Character.isDigit(source.charAt(i))) {
        return null;
      }
    }
    return end > 4 ? source.substring(4, end) : null;
  }
}
