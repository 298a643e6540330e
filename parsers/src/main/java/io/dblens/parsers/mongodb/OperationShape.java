package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/**
 * What one logged operation did, reduced to its statement text {@code <ns> <op> [<shape>] [sort <shape>]},
 * e.g. {@code shop.orders find {"status": 1, "total": {"$gt": 1}} sort {"created": 1}}. The same
 * reduction serves text logs, JSON logs and system.profile documents, whichever way each version writes
 * an operation:
 * <ul>
 *   <li>{@code query} (OP_QUERY): the query document, unwrapped from {@code query}/{@code $query} with
 *       {@code orderby} as the sort; a 3.2+ document with {@code find} is a find;</li>
 *   <li>commands: find, aggregate, count, distinct, findAndModify, geoNear, mapReduce and group become
 *       that operation (filter, pipeline, query or condition; find's and findAndModify's sort;
 *       distinct's and group's key); getMore takes the shape of the command that opened its cursor;
 *       every other command is {@code command <name>};</li>
 *   <li>update and remove: {@code q} of the write command, or the legacy query document;</li>
 *   <li>insert: no shape (the documents are data).</li>
 * </ul>
 *
 * @param namespace db.collection as logged
 * @param op        query, find, getmore, update, remove, insert, aggregate, count, distinct,
 *                  findandmodify, geonear, command, ...
 * @param command   the command's name as written, when the operation was logged as a command
 * @param text      the statement text
 * @param filter    the document the shape was made from (null when there is none)
 */
record OperationShape(String namespace, String op, String command, String text, JsonNode filter) {

  /** Commands that read like queries: they get their own op and the shape of their filter. */
  private static final Set<String> QUERY_COMMANDS = Set.of("find", "aggregate", "count", "distinct",
      "findandmodify", "geonear", "getmore", "mapreduce", "group");

  /**
   * @param namespace   db.collection as logged
   * @param type        the operation type: legacy op word, logv2 {@code attr.type}, profile {@code op}
   * @param doc         the command document (commands, 3.6+ writes), else the query document
   * @param originating the command that opened the cursor, for getMore
   */
  static OperationShape of(String namespace, String type, JsonNode doc, JsonNode originating) {
    String kind = type == null ? "command" : type.toLowerCase(Locale.ROOT);
    switch (kind) {
      case "query" -> {
        if (doc != null && doc.has("find") && !doc.has("query") && !doc.has("$query")) {
          return fromCommand(namespace, doc, originating);
        }
        return legacyQuery(namespace, doc != null && doc.has("$explain") ? "explain" : "query", doc);
      }
      case "getmore" -> {
        if (originating != null && originating.isObject() && !originating.isEmpty()) {
          OperationShape opened = fromCommand(namespace, originating, null);
          return build(namespace, "getmore", null, opened.shapePart(), opened.filter);
        }
        return legacyQuery(namespace, "getmore", doc);
      }
      case "update", "remove", "delete" -> {
        JsonNode filter = doc != null && doc.has("q") ? doc.get("q") : unwrap(doc);
        return build(namespace, kind.equals("delete") ? "remove" : kind, null, shape(filter), filter);
      }
      case "insert" -> {
        return build(namespace, "insert", null, null, null);
      }
      case "command" -> {
        return fromCommand(namespace, doc, originating);
      }
      default -> {
        return build(namespace, kind, null, null, null);
      }
    }
  }

  /** A command whose name is known but whose document was cut or elided in the log. */
  static OperationShape unknownCommand(String namespace, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (QUERY_COMMANDS.contains(lower)) {
      return new OperationShape(namespace, lower, name, namespace + " " + lower + " " + QueryShape.UNKNOWN, null);
    }
    return new OperationShape(namespace, "command", name, namespace + " command " + name, null);
  }

  private static OperationShape fromCommand(String namespace, JsonNode doc, JsonNode originating) {
    if (doc == null || !doc.isObject() || doc.isEmpty()) {
      return new OperationShape(namespace, "command", null, namespace + " command", null);
    }
    String name = doc.fieldNames().next();
    String lower = name.toLowerCase(Locale.ROOT);
    if (!QUERY_COMMANDS.contains(lower)) {
      return new OperationShape(namespace, "command", name, namespace + " command " + name, null);
    }
    if (lower.equals("getmore")) {
      OperationShape opened = originating == null || !originating.isObject() || originating.isEmpty()
          ? null : fromCommand(namespace, originating, null);
      return opened == null ? new OperationShape(namespace, "getmore", name, namespace + " getmore", null)
          : build(namespace, "getmore", name, opened.shapePart(), opened.filter);
    }
    JsonNode filter = switch (lower) {
      case "find" -> doc.get("filter");
      case "aggregate" -> doc.get("pipeline");
      case "group" -> doc.path("group").get("cond");
      default -> doc.get("query");
    };
    String shape = filter == null ? "{}" : shape(filter);
    JsonNode sort = lower.equals("find") || lower.equals("findandmodify") ? doc.get("sort") : null;
    if (sort != null && sort.isObject() && !sort.isEmpty()) {
      shape = shape + " sort " + shape(sort);
    }
    // the field distinct reads, and the fields group groups by, are structure too
    JsonNode key = lower.equals("group") ? doc.path("group").get("key") : lower.equals("distinct") ? doc.get("key") : null;
    if (key != null && (key.isTextual() || key.isObject())) {
      shape = shape + " key " + (key.isTextual() ? "\"" + key.asText() + "\"" : shape(key));
    }
    return build(namespace, lower, name, shape, filter);
  }

  private static OperationShape legacyQuery(String namespace, String op, JsonNode doc) {
    if (doc == null) {
      return build(namespace, op, null, null, null);
    }
    JsonNode filter = unwrap(doc);
    String shape = shape(filter);
    JsonNode sort = doc.has("orderby") ? doc.get("orderby") : doc.get("$orderby");
    if (filter != doc && sort != null && sort.isObject() && !sort.isEmpty()) {
      shape = shape + " sort " + shape(sort);
    }
    return build(namespace, op, null, shape, filter);
  }

  /** The query inside {@code {query: {...}, orderby: {...}}} or {@code {$query: ...}} wrappers. */
  private static JsonNode unwrap(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      return doc;
    }
    JsonNode inner = doc.has("query") ? doc.get("query") : doc.get("$query");
    return inner != null && inner.isObject() ? inner : doc;
  }

  private static String shape(JsonNode node) {
    return node == null ? null : QueryShape.of(node);
  }

  private static OperationShape build(String namespace, String op, String command, String shape, JsonNode filter) {
    String text = shape == null ? namespace + " " + op : namespace + " " + op + " " + shape;
    return new OperationShape(namespace, op, command, text, filter);
  }

  /** This operation with another shape text (for documents cut or elided in the log). */
  OperationShape withShape(String shape) {
    return new OperationShape(namespace, op, command, namespace + " " + op + " " + shape, null);
  }

  /** The text after {@code <ns> <op> }, empty when there is none. */
  private String shapePart() {
    int cut = namespace.length() + 1 + op.length();
    return text.length() > cut ? text.substring(cut + 1) : null;
  }

  /** The database: the namespace up to its first dot. */
  String database() {
    int dot = namespace.indexOf('.');
    return dot < 0 ? namespace : namespace.substring(0, dot);
  }
}
