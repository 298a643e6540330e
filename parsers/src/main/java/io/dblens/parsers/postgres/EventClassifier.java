package io.dblens.parsers.postgres;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;

/**
 * Turns an assembled entry into a {@link LogEvent}: decides the type from the message and fills the
 * engine-neutral columns. The common case (a duration line) is scanned by hand; the rare ones (locks,
 * deadlocks, checkpoints, vacuum) use the {@link Messages} patterns, compiled once.
 */
final class EventClassifier {

  LogEvent classify(PgEntry e) {
    String msg = e.message();
    LogEvent.Builder b = LogEvent.builder(EventType.MESSAGE)
        .eventTime(e.time).rawTime(e.rawTime).database(e.database).user(e.user).application(e.application)
        .client(e.client).sessionId(e.sessionId).pid(e.pid).severity(e.severity).sqlState(e.sqlState)
        .message(msg).lines(e.lineStart, e.lineEnd);
    if (e.attributes != null) {
      e.attributes.forEach(b::attribute);
    }
    if (e.queryId != null && !"0".equals(e.queryId)) {
      b.attribute("pg.queryid", e.queryId);
    }
    if (msg.startsWith("duration: ")) {
      durationEvent(msg, b);
    } else if (msg.startsWith("statement: ")) {
      b.type(EventType.STATEMENT).queryText(msg.substring(11));
    } else if (!protocolStep(msg, b)) {
      Messages.classifyOther(e, msg, b);
    }
    if (b.queryText() == null && e.statement != null) {
      b.queryText(e.statement);
    }
    b.detail(details(e));
    if (b.type() == EventType.LOCK_WAIT || b.type() == EventType.LOCK_ACQUIRED) {
      Messages.lockHolders(e.detail, b);
    } else if (b.type() == EventType.DEADLOCK) {
      b.deadlock(Messages.deadlock(e.detail, e.pid));
    }
    return b.build();
  }

  /**
   * {@code duration: 1.5 ms  statement: ...}, {@code ... execute S_1: ...}, {@code ... plan:}, or bare.
   * The message keeps only what follows the duration ("statement", "execute S_1"): the duration has its
   * own column, and a message unique to every line would defeat columnar compression.
   */
  private static void durationEvent(String msg, LogEvent.Builder b) {
    int ms = msg.indexOf(" ms", 10);
    if (ms < 0) {
      return;
    }
    Double duration = parseDouble(msg, 10, ms);
    if (duration == null) {
      return;
    }
    b.durationMs(duration);
    int rest = ms + 3;
    while (rest < msg.length() && msg.charAt(rest) == ' ') {
      rest++;
    }
    if (rest >= msg.length()) {
      b.type(EventType.QUERY).attribute("pg.log_duration", "bare");
      return;
    }
    if (msg.startsWith("statement: ", rest)) {
      b.type(EventType.QUERY).queryText(msg.substring(rest + 11)).message("statement");
      return;
    }
    if (msg.startsWith("plan:", rest)) {
      Messages.plan(msg.substring(rest + 5), b);
      b.message("plan");
      return;
    }
    if (!protocolStep(msg.substring(rest), b)) {
      b.type(EventType.MESSAGE);
      return;
    }
    // protocolStep set STATEMENT for execute; with a duration it is a measured execution.
    if (b.type() == EventType.STATEMENT) {
      b.type(EventType.QUERY);
    }
    int colon = msg.indexOf(": ", rest);
    b.message(msg.substring(rest, colon));
  }

  /**
   * {@code execute <name>: ...} (and {@code parse}/{@code bind}) of the extended protocol. Execute is the
   * statement run; parse and bind are preparation steps that pgBadger does not count as queries either,
   * so they stay messages (their duration is kept).
   */
  private static boolean protocolStep(String msg, LogEvent.Builder b) {
    String step;
    if (msg.startsWith("execute ")) {
      step = "execute";
    } else if (msg.startsWith("parse ")) {
      step = "parse";
    } else if (msg.startsWith("bind ")) {
      step = "bind";
    } else {
      return false;
    }
    int colon = msg.indexOf(": ", step.length());
    if (colon < 0) {
      return false;
    }
    String name = msg.substring(step.length() + 1, colon);
    if (name.indexOf(' ') >= 0 && !name.startsWith("fetch from ")) {
      return false;
    }
    b.attribute("pg.protocol_step", step).attribute("pg.statement_name", name);
    b.type(step.equals("execute") ? EventType.STATEMENT : EventType.MESSAGE).queryText(msg.substring(colon + 2));
    return true;
  }

  private static String details(PgEntry e) {
    if (e.hint == null && e.context == null && e.internalQuery == null) {
      return e.detail;
    }
    StringBuilder d = new StringBuilder();
    if (e.detail != null) {
      d.append(e.detail);
    }
    append(d, "HINT: ", e.hint);
    append(d, "CONTEXT: ", e.context);
    append(d, "QUERY: ", e.internalQuery);
    return d.toString();
  }

  private static void append(StringBuilder d, String label, String text) {
    if (text != null) {
      if (d.length() > 0) {
        d.append('\n');
      }
      d.append(label).append(text);
    }
  }

  static Double parseDouble(String s, int from, int to) {
    try {
      return Double.parseDouble(s.substring(from, to));
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  /** {@code duration: X ms} with nothing after it, as {@code log_duration} writes. */
  static boolean isBareDuration(PgEntry e) {
    String m = e.message();
    return m.startsWith("duration: ") && m.endsWith(" ms") && m.indexOf(' ', 10) == m.length() - 3;
  }

  /** A statement logged by {@code log_statement} before it ran. */
  static boolean isLoggedStatement(PgEntry e) {
    String m = e.message();
    return (m.startsWith("statement: ") || m.startsWith("execute ")) && !Severity.isError(e.severity);
  }

  /**
   * pgBadger pairs them the same way: the statement logged at start and the duration logged at the end
   * of the same session make one execution. The entry spans both lines.
   */
  static PgEntry joinStatementAndDuration(PgEntry statement, PgEntry duration) {
    String stmt = statement.message();
    String sep = stmt.startsWith("statement: ") ? "  " : "  ";
    duration.text(duration.message() + sep + stmt);
    duration.lineStart = Math.min(statement.lineStart, duration.lineStart);
    duration.lineEnd = Math.max(statement.lineEnd, duration.lineEnd);
    if (duration.detail == null) {
      duration.detail = statement.detail;
    }
    duration.attribute("pg.log_duration", "paired");
    return duration;
  }
}
