package io.dblens.parsers.postgres;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One framed log entry before classification: the prefix fields and the message with its continuation
 * lines. Child entries (DETAIL, HINT, CONTEXT, STATEMENT, QUERY) are merged into their parent; the
 * structured formats fill the same fields from their columns.
 */
final class PgEntry {
  long lineStart;
  long lineEnd;
  String rawTime;
  Instant time;
  String user;
  String database;
  String application;
  String client;
  String sessionId;
  Long pid;
  String severity;
  String sqlState;
  String queryId;
  String detail;
  String hint;
  String context;
  String statement;
  String internalQuery;
  Map<String, String> attributes;
  /** Set when the entry was framed from a structured record whose fields are final. */
  boolean structured;

  private String firstText;
  private StringBuilder more;

  PgEntry(long line) {
    this.lineStart = line;
    this.lineEnd = line;
  }

  void text(String first) {
    firstText = first;
  }

  /** Adds a continuation line of the message. */
  void appendLine(long line, String text) {
    if (more == null) {
      more = new StringBuilder(firstText == null ? "" : firstText);
    }
    more.append('\n').append(text);
    lineEnd = Math.max(lineEnd, line);
  }

  String message() {
    return more != null ? more.toString() : firstText == null ? "" : firstText;
  }

  void attribute(String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (attributes == null) {
      attributes = new LinkedHashMap<>();
    }
    attributes.put(key, value);
  }

  /** Takes in a DETAIL/HINT/CONTEXT/STATEMENT/QUERY entry of the same session. */
  void merge(PgEntry child) {
    String text = child.message();
    switch (child.severity) {
      case "DETAIL" -> detail = join(detail, text);
      case "HINT" -> hint = join(hint, text);
      case "CONTEXT" -> context = join(context, text);
      case "STATEMENT" -> statement = join(statement, text);
      case "QUERY" -> internalQuery = join(internalQuery, text);
      default -> attribute("pg.location", text);
    }
    lineStart = Math.min(lineStart, child.lineStart);
    lineEnd = Math.max(lineEnd, child.lineEnd);
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "\n" + b;
  }

  /** The key under which entries of one session meet: pid, else %c session id. */
  Object sessionKey() {
    if (pid != null) {
      return pid;
    }
    return sessionId != null ? sessionId : "";
  }
}
