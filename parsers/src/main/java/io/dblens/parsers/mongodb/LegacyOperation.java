package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblens.parsers.LogEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a slow-operation message of a text log:
 * {@code <op> <ns> [appName: "..."] [query: {..}] [update: {..}] [command: [name] {..}]
 * [originatingCommand: {..}] [planSummary: IXSCAN { a: 1 }] name:value ... [locks:{..}] [locks(micros) r:43]
 * [protocol:op_msg] <n>ms}. Labels are read left to right; documents are skipped by bracket matching
 * and only the ones that matter (query, command, locks) are parsed. A message that does not start
 * with an operation word and a namespace, or does not end with a duration, is not an operation.
 */
final class LegacyOperation {

  static final Set<String> OPS = Set.of("query", "insert", "update", "remove", "getmore", "command",
      "killcursors", "aggregate");

  private final String m;
  private final int end;
  private int pos;

  private LegacyOperation(String message, int from, int end) {
    this.m = message;
    this.pos = from;
    this.end = end;
  }

  /**
   * Fills {@code event} as a QUERY event when {@code message} is a slow operation.
   *
   * @return false (and the event untouched) when it is not one
   */
  static boolean read(String message, LogEvent.Builder event) {
    int opEnd = message.indexOf(' ');
    if (opEnd <= 0 || !OPS.contains(message.substring(0, opEnd))) {
      return false;
    }
    int nsEnd = message.indexOf(' ', opEnd + 1);
    if (nsEnd <= opEnd + 1) {
      return false;
    }
    String ns = message.substring(opEnd + 1, nsEnd);
    if (ns.indexOf('.') <= 0) {
      return false;
    }
    int durationStart = durationStart(message);
    if (durationStart < 0) {
      return false;
    }
    double ms = Double.parseDouble(message.substring(durationStart, message.length() - 2).replace(",", ""));
    new LegacyOperation(message, nsEnd, durationStart).fill(message.substring(0, opEnd), ns, ms, event);
    return true;
  }

  /** Start of the trailing {@code <digits>ms}, or -1. */
  private static int durationStart(String m) {
    int n = m.length();
    if (n < 4 || !m.endsWith("ms") || !Character.isDigit(m.charAt(n - 3))) {
      return -1;
    }
    int i = n - 3;
    while (i > 0 && (Character.isDigit(m.charAt(i - 1)) || m.charAt(i - 1) == ',')) {
      i--;
    }
    return i > 0 && m.charAt(i - 1) == ' ' ? i : -1;
  }

  private void fill(String op, String ns, double ms, LogEvent.Builder event) {
    String queryDoc = null;
    String commandDoc = null;
    String commandName = null;
    String originatingDoc = null;
    boolean lockMicros = false;
    String lastLabel = null;
    // Fields are gathered first and written after the shape, sorted, so attributes read in a stable order.
    Map<String, String> fields = new TreeMap<>();
    while (true) {
      skipSpaces();
      if (pos >= end) {
        break;
      }
      int wordStart = pos;
      while (pos < end && m.charAt(pos) != ':' && m.charAt(pos) != ' ') {
        pos++;
      }
      String word = m.substring(wordStart, pos);
      if (pos >= end || m.charAt(pos) != ':') {
        // a flag (locks(micros)) or the rest of a free-text value (exception: E11000 duplicate key ...)
        if (word.equals("locks(micros)")) {
          lockMicros = true;
        } else if (lastLabel != null && !word.isEmpty()) {
          fields.merge(SlowOperation.key(lastLabel), word, (a, b) -> a + " " + b);
        }
        continue;
      }
      pos++;
      skipSpaces();
      String label = word;
      lastLabel = null;
      switch (label) {
        case "command" -> {
          if (pos < end && m.charAt(pos) != '{') {
            commandName = token();
            skipSpaces();
          }
          commandDoc = pos < end && m.charAt(pos) == '{' ? document() : null;
        }
        case "query" -> queryDoc = document();
        case "originatingCommand" -> originatingDoc = document();
        case "update" -> document();
        case "planSummary" -> fields.put("mongo.plan_summary", planSummary());
        case "appName" -> event.application(value());
        default -> {
          if (pos < end && (m.charAt(pos) == '{' || m.charAt(pos) == '[')) {
            String doc = document();
            SlowOperation.field(fields, label, parse(doc));
          } else {
            String name = lockMicros && label.length() == 1 ? "lock_micros_" + label : label;
            fields.put(SlowOperation.key(name), value());
            lastLabel = name;
          }
        }
      }
    }
    OperationShape shape = shape(op, ns, queryDoc, commandName, commandDoc, originatingDoc);
    SlowOperation.start(event, shape).durationMs(ms).message(op + " " + ns);
    fields.forEach(event::attribute);
    event.sqlState(SlowOperation.errorCode(fields));
  }

  private static OperationShape shape(String op, String ns, String queryDoc, String commandName,
      String commandDoc, String originatingDoc) {
    JsonNode originating = parse(originatingDoc);
    if (op.equals("command")) {
      JsonNode doc = parse(commandDoc);
      if (doc == null || !doc.isObject() || doc.isEmpty()) {
        return commandName == null ? OperationShape.of(ns, "command", null, null)
            : OperationShape.unknownCommand(ns, commandName);
      }
      if (commandName != null && !doc.fieldNames().next().equalsIgnoreCase(commandName)) {
        // 3.x logs name the command before its document; trust the name when they differ
        return OperationShape.unknownCommand(ns, commandName);
      }
      return OperationShape.of(ns, "command", doc, originating);
    }
    String docText = commandDoc != null ? commandDoc : queryDoc;
    if (docText == null) {
      return OperationShape.of(ns, op, null, originating);
    }
    JsonNode doc = parse(docText);
    if (doc == null) {
      // cut or elided ({...}): the operation is known, its shape is not
      return OperationShape.of(ns, op, null, originating).withShape(QueryShape.UNKNOWN);
    }
    return OperationShape.of(ns, op, doc, originating);
  }

  private static JsonNode parse(String doc) {
    if (doc == null) {
      return null;
    }
    try {
      return ShellDocument.parse(doc);
    } catch (ShellDocument.NotADocument e) {
      return null;
    }
  }

  private String document() {
    if (pos >= end || (m.charAt(pos) != '{' && m.charAt(pos) != '[')) {
      return null;
    }
    int close = Math.min(ShellDocument.spanEnd(m, pos), end);
    String doc = m.substring(pos, close);
    pos = close;
    return doc;
  }

  /**
   * The plan summary runs to the next {@code name:value} label: {@code COLLSCAN}, {@code IXSCAN { a: 1 }},
   * {@code IXSCAN { a: 1 }, IXSCAN { b: 1 }} for $or plans.
   */
  private String planSummary() {
    int start = pos;
    while (pos < end) {
      skipSpaces();
      if (pos >= end) {
        break;
      }
      char c = m.charAt(pos);
      if (c == '{' || c == '[') {
        pos = Math.min(ShellDocument.spanEnd(m, pos), end);
        continue;
      }
      int tokenStart = pos;
      while (pos < end && m.charAt(pos) != ' ' && m.charAt(pos) != '{') {
        pos++;
      }
      int colon = m.indexOf(':', tokenStart);
      if (colon > tokenStart && colon < pos) {
        pos = tokenStart;
        break;
      }
    }
    return m.substring(start, pos).strip();
  }

  private String value() {
    if (pos < end && m.charAt(pos) == '"') {
      int close = Math.min(ShellDocument.skipQuoted(m, pos, end), end);
      String v = m.substring(pos + 1, Math.max(pos + 1, close - 1));
      pos = close;
      return v;
    }
    return token();
  }

  private String token() {
    int start = pos;
    while (pos < end && m.charAt(pos) != ' ') {
      pos++;
    }
    return m.substring(start, pos);
  }

  private void skipSpaces() {
    while (pos < end && m.charAt(pos) == ' ') {
      pos++;
    }
  }
}
