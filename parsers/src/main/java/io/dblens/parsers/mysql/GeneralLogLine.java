package io.dblens.parsers.mysql;

import java.time.Instant;
import java.util.Set;

/**
 * One head line of the general query log: an optional time ({@code 051007 21:55:24} or ISO), tabs or
 * spaces, the thread id, the command and its argument, e.g. {@code 2018-09-07T18:45:40.098511+08:00
 * \t257426 Query\tset autocommit=0}. Lines without a time belong to the same second as the last one.
 */
final class GeneralLogLine {
  static final Set<String> COMMANDS = Set.of("Connect", "Query", "Quit", "Init DB", "Execute", "Prepare",
      "Close stmt", "Reset stmt", "Long Data", "Field List", "Statistics", "Processlist", "Kill", "Refresh",
      "Shutdown", "Ping", "Debug", "Change user", "Binlog Dump", "Table Dump", "Connect Out", "Register Slave",
      "Set option", "Fetch", "Daemon", "Error", "Sleep", "Create DB", "Drop DB", "Time", "Delayed insert",
      "Binlog Dump GTID", "Reset Connection");

  Instant time;
  String rawTime;
  String threadId;
  String command;
  String argument;

  private GeneralLogLine() {}

  /** The parsed line, or null when it is not a head line (a continuation of a multi-line statement). */
  static GeneralLogLine parse(String l, MysqlTime clock) {
    int n = l.length();
    int p = 0;
    GeneralLogLine g = new GeneralLogLine();
    if (n > 0 && Character.isDigit(l.charAt(0))) {
      MysqlTime t = clock != null ? clock : new MysqlTime(java.time.ZoneOffset.UTC);
      Instant when = t.parse(l, 0);
      if (when == null) {
        return null;
      }
      g.time = when;
      g.rawTime = l.substring(0, t.end);
      p = t.end;
      if (p >= n || (l.charAt(p) != '\t' && l.charAt(p) != ' ')) {
        return null;
      }
    } else if (n == 0 || l.charAt(0) != '\t') {
      return null;
    }
    while (p < n && (l.charAt(p) == '\t' || l.charAt(p) == ' ')) {
      p++;
    }
    int idStart = p;
    while (p < n && Character.isDigit(l.charAt(p))) {
      p++;
    }
    if (p == idStart || p >= n || l.charAt(p) != ' ' && l.charAt(p) != '\t') {
      return null;
    }
    g.threadId = l.substring(idStart, p);
    p++;
    int cmdStart = p;
    // Commands are one or two capitalised words followed by a tab, spaces or the end of the line.
    int end = commandEnd(l, cmdStart);
    if (end < 0) {
      return null;
    }
    g.command = l.substring(cmdStart, end);
    int a = end;
    while (a < n && (l.charAt(a) == '\t' || l.charAt(a) == ' ')) {
      a++;
    }
    g.argument = l.substring(a);
    return g;
  }

  private static int commandEnd(String l, int from) {
    int n = l.length();
    int p = from;
    while (p < n && l.charAt(p) == ' ') {
      p++;
    }
    int start = p;
    for (int words = 0; words < 3 && p < n; words++) {
      while (p < n && l.charAt(p) != ' ' && l.charAt(p) != '\t') {
        p++;
      }
      String candidate = l.substring(start, p);
      if (COMMANDS.contains(candidate)) {
        // Prefer the longer command ("Binlog Dump GTID", "Init DB") when it also matches.
        int q = p;
        if (q < n && l.charAt(q) == ' ') {
          int r = q + 1;
          while (r < n && l.charAt(r) != ' ' && l.charAt(r) != '\t') {
            r++;
          }
          if (COMMANDS.contains(l.substring(start, r))) {
            p = q + 1;
            continue;
          }
        }
        return p;
      }
      if (p < n && l.charAt(p) == ' ') {
        p++;
      } else {
        break;
      }
    }
    return -1;
  }
}
