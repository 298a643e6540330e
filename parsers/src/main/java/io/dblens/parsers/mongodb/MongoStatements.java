package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * MongoDB's statement texts for the fingerprinter and the analyser. A statement is an operation's
 * shape, {@code <ns> <op> [<shape>] [sort <shape>]} (see {@link OperationShape}); normalising one is
 * idempotent, and normalising anything else a user may paste turns it into one: a query document
 * (shell notation or JSON), a system.profile document, a JSON log line or a text log line of a slow
 * operation.
 */
public final class MongoStatements {

  private MongoStatements() {}

  /**
   * What a statement tells about itself, for {@code query_fingerprints}.
   *
   * @param op        find, update, aggregate, command ...
   * @param namespace db.collection
   * @param fields    field paths the filter (or pipeline) tests, in order of appearance
   * @param lookups   {@code $lookup} / {@code $graphLookup} stages (joins)
   * @param stages    pipeline stages other than those ({@code $facet}, {@code $unionWith} count as subqueries)
   */
  public record Analysis(String op, String namespace, List<String> fields, int lookups, int stages) {}

  /** The statement text for {@code text}; never throws (text it cannot read comes back trimmed). */
  public static String normalise(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return t;
    }
    if (t.startsWith("{\"t\":")) {
      String fromLog = jsonLogLine(t);
      return fromLog != null ? fromLog : t;
    }
    if (t.charAt(0) == '{' || t.charAt(0) == '[') {
      try {
        JsonNode doc = ShellDocument.parse(t);
        String op = JsonLogParser.text(doc, "op");
        String ns = JsonLogParser.text(doc, "ns");
        if (op != null && ns != null) {
          JsonNode command = doc.get("command");
          JsonNode query = command != null && command.isObject() && !command.isEmpty() ? command : doc.get("query");
          return OperationShape.of(ns, op, query, doc.get("originatingCommand")).text();
        }
        return QueryShape.of(doc);
      } catch (ShellDocument.NotADocument e) {
        return t;
      }
    }
    LegacyHead head = LegacyHead.parse(t);
    if (head != null) {
      LogEvent.Builder e = LogEvent.builder(EventType.MESSAGE);
      return LegacyOperation.read(head.message().strip(), e) ? e.queryText() : t;
    }
    return statement(t);
  }

  private static String jsonLogLine(String line) {
    try {
      JsonNode doc = JsonLogParser.JSON.readTree(line);
      JsonNode attr = doc.get("attr");
      if (attr == null || !attr.has("ns") && !attr.has("command")) {
        return null;
      }
      String ns = JsonLogParser.text(attr, "ns");
      return OperationShape.of(ns == null ? "unknown.$cmd" : ns, JsonLogParser.text(attr, "type"),
          attr.get("command"), attr.get("originatingCommand")).text();
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /** Re-shapes the documents of {@code <ns> <op> <doc> [sort <doc>]}; other parts stay as written. */
  private static String statement(String t) {
    StringBuilder out = new StringBuilder(t.length());
    int i = 0;
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c == '{' || c == '[') {
        int end = ShellDocument.spanEnd(t, i);
        try {
          out.append(QueryShape.of(ShellDocument.parse(t, i, end)));
        } catch (ShellDocument.NotADocument e) {
          out.append(t, i, end);
        }
        i = end;
      } else if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(t.charAt(i))) {
          i++;
        }
        if (out.length() > 0 && i < n) {
          out.append(' ');
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Reads a normalised statement back; op and namespace are null when it is not one. */
  public static Analysis analyze(String statement) {
    String t = normalise(statement);
    int nsEnd = t.indexOf(' ');
    if (nsEnd <= 0 || t.charAt(0) == '{' || t.charAt(0) == '[') {
      return new Analysis(null, null, fieldsOf(t, 0), 0, 0);
    }
    int opEnd = t.indexOf(' ', nsEnd + 1);
    String op = t.substring(nsEnd + 1, opEnd < 0 ? t.length() : opEnd);
    int lookups = count(t, "\"$lookup\"") + count(t, "\"$graphLookup\"");
    int nested = count(t, "\"$facet\"") + count(t, "\"$unionWith\"");
    return new Analysis(op, t.substring(0, nsEnd), opEnd < 0 ? List.of() : fieldsOf(t, opEnd + 1), lookups, nested);
  }

  private static List<String> fieldsOf(String t, int from) {
    List<String> fields = new ArrayList<>();
    int open = t.indexOf('{', from);
    int bracket = t.indexOf('[', from);
    if (open < 0 || (bracket >= 0 && bracket < open)) {
      open = bracket;
    }
    if (open < 0) {
      return fields;
    }
    try {
      for (String f : QueryShape.fields(ShellDocument.parse(t, open, ShellDocument.spanEnd(t, open)))) {
        if (!fields.contains(f)) {
          fields.add(f);
        }
      }
    } catch (ShellDocument.NotADocument e) {
      // an elided shape ({...}) names no fields
    }
    return fields;
  }

  private static int count(String s, String what) {
    int c = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      c++;
    }
    return c;
  }
}
