package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one slow operation, from whichever format, into a QUERY event: the statement text is the
 * operation's shape (see {@link OperationShape}), the database is the namespace's, the duration is the
 * logged milliseconds, and the server's counters become {@code mongo.*} attributes named in snake case
 * (the 2.x names mapped to today's: {@code nscanned} is {@code keys_examined}, {@code nscannedObjects}
 * {@code docs_examined}).
 */
final class SlowOperation {

  /** Counters renamed by later server versions, and their current names. */
  private static final Map<String, String> ALIASES = Map.of(
      "nscanned", "keys_examined",
      "nscanned_objects", "docs_examined",
      "n_returned", "nreturned",
      "ninserted", "n_inserted",
      "ndeleted", "n_deleted",
      "nupdated", "n_modified",
      "nmoved", "n_moved");

  private SlowOperation() {}

  /** The attribute key for a server field name: {@code keysExamined} is {@code mongo.keys_examined}. */
  static String key(String field) {
    StringBuilder b = new StringBuilder(field.length() + 8);
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && field.charAt(i - 1) != '_') {
          b.append('_');
        }
        b.append(Character.toLowerCase(c));
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
        b.append('_');
      }
    }
    String snake = b.toString();
    return "mongo." + ALIASES.getOrDefault(snake, snake);
  }

  /** Fills the QUERY event's statement, database and shape attributes. */
  static LogEvent.Builder start(LogEvent.Builder event, OperationShape shape) {
    event.type(EventType.QUERY).queryText(shape.text()).database(shape.database())
        .attribute("mongo.ns", shape.namespace()).attribute("mongo.op", shape.op());
    if (shape.command() != null) {
      event.attribute("mongo.command", shape.command());
    }
    return event;
  }

  /**
   * Copies a logged field: scalars as text, the lock and storage documents as compact JSON (with the
   * total lock wait summed up as {@code mongo.lock_wait_micros}); anything else is left out.
   */
  static void field(Map<String, String> attributes, String name, JsonNode value) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isValueNode()) {
      attributes.put(key(name), value.asText());
      return;
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "locks" -> {
        attributes.put("mongo.locks", value.toString());
        long wait = sumOf(value, "timeAcquiringMicros");
        if (wait > 0) {
          attributes.put("mongo.lock_wait_micros", Long.toString(wait));
        }
      }
      case "storage", "flowcontrol" -> {
        if (!value.isEmpty()) {
          attributes.put(key(name), value.toString());
        }
      }
      default -> { }
    }
  }

  /** The server's error code for a failed operation, kept as the event's SQLSTATE-like code. */
  static String errorCode(Map<String, String> attributes) {
    String code = attributes.get("mongo.err_code");
    return code != null ? code : attributes.get("mongo.code");
  }

  private static long sumOf(JsonNode node, String field) {
    long sum = 0;
    if (node.isObject()) {
      var it = node.fields();
      while (it.hasNext()) {
        var f = it.next();
        if (f.getKey().equals(field)) {
          sum += total(f.getValue());
        } else {
          sum += sumOf(f.getValue(), field);
        }
      }
    }
    return sum;
  }

  private static long total(JsonNode node) {
    if (node.isNumber()) {
      return node.asLong();
    }
    long sum = 0;
    for (JsonNode v : node) {
      sum += total(v);
    }
    return sum;
  }
}
