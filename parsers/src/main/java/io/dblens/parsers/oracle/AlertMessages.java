package io.dblens.parsers.oracle;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;

/**
 * What an alert-log message is, from its text: the same rules serve the text alert log and log.xml.
 * The first line decides the type; the lines after it carry error stacks, trace-file paths written on a
 * continuation line (RAC: {@code Global Enqueue Services Deadlock detected. More info in file}, then the
 * path) and the statement an ORA-01555 names.
 */
final class AlertMessages {

  /** Attribute: the trace file a message points to, as written. */
  static final String TRACE_FILE = "oracle.trace_file";
  /** Attribute: that file's base name, the key that links an alert message to the trace's events. */
  static final String TRACE_NAME = "oracle.trace_name";
  /** Attribute: what kind of message, where the event type does not say it (deadlock, log_switch). */
  static final String KIND = "oracle.kind";
  static final String SQL_ID = "oracle.sql_id";

  private static final String MORE_INFO = "More info in file";
  private static final String ERRORS_IN_FILE = "Errors in file ";
  private static final String CAUSED_BY_SQL = "caused by SQL statement below";

  private AlertMessages() {}

  /**
   * Sets type, severity, error code and attributes of a message.
   *
   * @param first  the message's first line
   * @param detail the lines after it, newline-separated, or null
   */
  static void classify(LogEvent.Builder b, String first, String detail) {
    String code = errorCode(first);
    String all = detail == null ? first : first + "\n" + detail;
    if (first.startsWith("ORA-00060") || first.startsWith("Global Enqueue Services Deadlock detected")) {
      b.type(EventType.ERROR).severity("ERROR").sqlState(code).attribute(KIND, "deadlock");
      traceFile(b, pathAfter(all, MORE_INFO));
    } else if (code != null) {
      b.type(EventType.ERROR).severity("ERROR").sqlState(code);
      if (first.contains(CAUSED_BY_SQL)) {
        // "ORA-01555 caused by SQL statement below (SQL ID: 0b3p..., Query Duration=1423 sec, ...):"
        b.queryText(detail).detail(null).attribute(SQL_ID, valueAfter(first, "SQL ID: "));
      }
      traceFile(b, pathAfter(all, MORE_INFO));
    } else if (first.startsWith(ERRORS_IN_FILE)) {
      b.type(EventType.ERROR).severity("ERROR").sqlState(firstCodeIn(detail))
          .attribute("oracle.incident", valueAfter(first, "(incident="));
      traceFile(b, errorsInFilePath(first));
    } else if (first.startsWith("Fatal NI connect error")) {
      b.type(EventType.ERROR).severity("ERROR").sqlState(firstCodeIn(detail));
    } else if (first.startsWith("Starting ORACLE instance")) {
      b.type(EventType.STARTUP);
    } else if (first.startsWith("Shutting down instance") || first.startsWith("Shutting down ORACLE instance")
        || first.startsWith("Instance shutdown complete")) {
      b.type(EventType.SHUTDOWN);
    } else if (isLogSwitch(first)) {
      // "Thread 1 advanced to log sequence 1234 (LGWR switch)"
      int thread = first.indexOf(' ') + 1;
      int seq = first.indexOf("sequence ") + 9;
      b.type(EventType.MESSAGE).attribute(KIND, "log_switch")
          .attribute("oracle.thread", first.substring(thread, first.indexOf(' ', thread)))
          .attribute("oracle.log_sequence", digitsAt(first, seq));
    } else if (first.startsWith("Beginning log switch checkpoint") || first.startsWith("Beginning global checkpoint")
        || first.startsWith("Completed checkpoint") || first.startsWith("Incremental checkpoint")
        || first.startsWith("Checkpoint not complete")) {
      b.type(EventType.CHECKPOINT);
    } else {
      b.type(EventType.MESSAGE);
      if (first.startsWith("WARNING")) {
        b.severity("WARNING");
      }
    }
  }

  /** Whether lines after this first line belong to its error stack (codes, incident notes). */
  static boolean opensErrorStack(String first) {
    return errorCode(first) != null || first.startsWith(ERRORS_IN_FILE) || first.startsWith("Fatal NI connect error");
  }

  /** Lines Oracle writes under an error that are not themselves a new message. */
  static boolean continuesErrorStack(String l) {
    return errorCode(l) != null || l.startsWith("Incident details in:") || l.startsWith("Use ADRCI")
        || l.startsWith("See Note ");
  }

  /** An ORA-01555 report: every line up to the next timestamp is the statement. */
  static boolean statementFollows(String first) {
    return first.contains(CAUSED_BY_SQL);
  }

  /**
   * The error code a line starts with: two to five capitals, a dash, five digits ({@code ORA-00060},
   * {@code TNS-12535}, {@code PLS-00201}), ended by a colon, a space or the line end; else null.
   */
  static String errorCode(String l) {
    int dash = 0;
    while (dash < l.length() && dash < 6 && l.charAt(dash) >= 'A' && l.charAt(dash) <= 'Z') {
      dash++;
    }
    if (dash < 2 || dash > 5 || dash + 6 > l.length() || l.charAt(dash) != '-') {
      return null;
    }
    for (int i = dash + 1; i <= dash + 5; i++) {
      if (!Character.isDigit(l.charAt(i))) {
        return null;
      }
    }
    int end = dash + 6;
    if (end < l.length() && l.charAt(end) != ':' && l.charAt(end) != ' ') {
      return null;
    }
    return l.substring(0, end);
  }

  private static String firstCodeIn(String detail) {
    if (detail == null) {
      return null;
    }
    for (String l : detail.split("\n")) {
      String code = errorCode(l.strip());
      if (code != null) {
        return code;
      }
    }
    return null;
  }

  private static boolean isLogSwitch(String l) {
    if (!l.startsWith("Thread ")) {
      return false;
    }
    int adv = l.indexOf(" advanced to log sequence ");
    return adv > 7 && digitsAt(l, 7).length() == adv - 7 && !digitsAt(l, adv + 26).isEmpty();
  }

  private static String digitsAt(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return s.substring(Math.min(from, i), i);
  }

  static void traceFile(LogEvent.Builder b, String path) {
    if (path != null && !path.isEmpty()) {
      b.attribute(TRACE_FILE, path).attribute(TRACE_NAME, baseName(path));
    }
  }

  /** The file name at the end of a Unix or Windows path. */
  static String baseName(String path) {
    int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(cut + 1);
  }

  /** The path after a phrase, across line breaks, without the sentence's closing period. */
  private static String pathAfter(String text, String phrase) {
    int at = text.indexOf(phrase);
    if (at < 0) {
      return null;
    }
    int p = at + phrase.length();
    while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
      p++;
    }
    int e = p;
    while (e < text.length() && !Character.isWhitespace(text.charAt(e))) {
      e++;
    }
    String path = text.substring(p, e);
    return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
  }

  /** {@code Errors in file /u01/.../orcl_ora_1234.trc:} or {@code ... .trc  (incident=1234):}. */
  private static String errorsInFilePath(String first) {
    String rest = first.substring(ERRORS_IN_FILE.length());
    int incident = rest.indexOf(" (incident=");
    if (incident >= 0) {
      rest = rest.substring(0, incident);
    }
    rest = rest.strip();
    return rest.endsWith(":") ? rest.substring(0, rest.length() - 1) : rest;
  }

  /** The word after a marker, up to a comma, closing parenthesis or space. */
  private static String valueAfter(String s, String marker) {
    int at = s.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int p = at + marker.length();
    int e = p;
    while (e < s.length() && s.charAt(e) != ',' && s.charAt(e) != ')' && s.charAt(e) != ' ') {
      e++;
    }
    return e > p ? s.substring(p, e) : null;
  }
}
