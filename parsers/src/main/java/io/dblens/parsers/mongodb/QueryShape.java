package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a query document: what stays when the values go. The rules follow mtools' json2pattern
 * and pt-mongodb-query-digest, with one deliberate difference:
 * <ul>
 *   <li>every value becomes {@code 1}; typed values ({@code {"$oid": ..}}, {@code {"$date": ..}},
 *       {@code $numberLong}, {@code $regex} ...) are values too;</li>
 *   <li>keys are sorted, so {@code {b, a}} and {@code {a, b}} are one shape;</li>
 *   <li>an array of values becomes {@code [1]} whatever its length (like IN lists in SQL); an array
 *       holding documents ({@code $or}, {@code $and}, a pipeline) keeps its order and shapes each;</li>
 *   <li>operators stay with their field: {@code {a: {$gt: 5}}} is {@code {"a": {"$gt": 1}}}. mtools
 *       folds range operators into the field ({@code {"a": 1}}); keeping them tells an equality
 *       match from a range scan, which need different indexes.</li>
 * </ul>
 * Written as JSON with mtools' separators ({@code ", "} and {@code ": "}).
 */
final class QueryShape {

  /** Extended-JSON wrappers that stand for one value. */
  private static final Set<String> VALUE_WRAPPERS = Set.of("$oid", "$date", "$numberLong", "$numberInt",
      "$numberDouble", "$numberDecimal", "$uuid", "$binary", "$timestamp", "$regex", "$regularExpression",
      "$minKey", "$maxKey", "$undefined", "$symbol", "$code", "$dbPointer", "$DBRef");

  /** Shown where a document was elided or cut in the log and its shape cannot be known. */
  static final String UNKNOWN = "{...}";

  private QueryShape() {}

  static String of(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString();
  }

  private static void append(JsonNode node, StringBuilder out) {
    if (node == null || node.isValueNode() || node.isMissingNode() || isWrappedValue(node)) {
      out.append('1');
    } else if (node.isArray()) {
      appendArray(node, out);
    } else {
      appendObject(node, out);
    }
  }

  private static void appendObject(JsonNode node, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
    node.fields().forEachRemaining(fields::add);
    fields.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      quote(fields.get(i).getKey(), out);
      out.append(": ");
      append(fields.get(i).getValue(), out);
    }
    out.append('}');
  }

  private static void appendArray(JsonNode node, StringBuilder out) {
    boolean anyStructure = false;
    for (JsonNode e : node) {
      if (e.isContainerNode() && !isWrappedValue(e)) {
        anyStructure = true;
        break;
      }
    }
    if (!anyStructure) {
      out.append(node.isEmpty() ? "[]" : "[1]");
      return;
    }
    out.append('[');
    Iterator<JsonNode> it = node.elements();
    boolean first = true;
    while (it.hasNext()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      append(it.next(), out);
    }
    out.append(']');
  }

  /** A document whose first key is an extended-JSON type marker is one value, not structure. */
  static boolean isWrappedValue(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      return false;
    }
    return VALUE_WRAPPERS.contains(node.fieldNames().next());
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** Field paths a filter tests (operators left out), in order of first appearance: for analysis. */
  static List<String> fields(JsonNode node) {
    List<String> out = new ArrayList<>();
    collectFields(node, out);
    return out;
  }

  private static void collectFields(JsonNode node, List<String> out) {
    if (node == null || isWrappedValue(node)) {
      return;
    }
    if (node.isArray()) {
      node.forEach(e -> collectFields(e, out));
    } else if (node.isObject()) {
      node.fields().forEachRemaining(f -> {
        if (!f.getKey().startsWith("$") && !f.getKey().isEmpty() && !out.contains(f.getKey())) {
          out.add(f.getKey());
        }
        if (f.getValue().isContainerNode() && (f.getKey().startsWith("$") || hasOperator(f.getValue()))) {
          collectFields(f.getValue(), out);
        }
      });
    }
  }

  private static boolean hasOperator(JsonNode node) {
    if (!node.isObject()) {
      return false;
    }
    Iterator<String> names = node.fieldNames();
    return names.hasNext() && names.next().startsWith("$");
  }
}
