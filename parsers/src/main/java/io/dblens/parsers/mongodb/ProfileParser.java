package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads exports of {@code system.profile}: documents one per line ({@code mongoexport}), pretty-printed
 * over many lines, or inside a JSON array ({@code --jsonArray}); canonical or relaxed extended JSON and
 * shell notation ({@code ISODate(..)}, {@code NumberLong(..)}) alike. Framing counts brackets outside
 * strings, so a document may span any number of lines; the array's brackets and commas belong to the
 * document next to them. Each document is one QUERY event: {@code op}, {@code ns}, the command or
 * query shape, {@code millis}, {@code ts}, user, client, appName and the counters. Documents that share a
 * physical line (a one-line array) each report that line.
 */
final class ProfileParser implements LogParser {

  /** Fields that become columns or the statement rather than attributes. */
  private static final Set<String> DOCUMENT_FIELDS = Set.of("op", "ns", "command", "query", "originatingCommand",
      "updateobj", "millis", "ts", "user", "client", "appName", "execStats", "allUsers");

  private final ParseContext context;

  ProfileParser(ParseContext context) {
    this.context = context;
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    Framer framer = new Framer(sink);
    Line line;
    while ((line = lines.next()) != null) {
      framer.line(line);
    }
    framer.finish();
  }

  /** Splits the character stream into top-level documents and remembers which lines each covers. */
  private final class Framer {
    private final EventSink sink;
    private final StringBuilder doc = new StringBuilder();
    private int depth;
    private boolean inString;
    private char quote;
    private boolean escaped;
    /** First line not yet given to an event or quarantine (punctuation lines wait for a document). */
    private long firstOpen = -1;
    private long docStart;
    private long lastLine;
    /** The last document read, held back so that trailing lines ("]") can join it. */
    private LogEvent.Builder held;

    Framer(EventSink sink) {
      this.sink = sink;
    }

    void line(Line line) {
      String t = line.text();
      long n = line.number();
      lastLine = n;
      if (firstOpen < 0) {
        firstOpen = n;
      }
      boolean stray = false;
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (depth > 0) {
          doc.append(c);
          if (inString) {
            if (escaped) {
              escaped = false;
            } else if (c == '\\') {
              escaped = true;
            } else if (c == quote) {
              inString = false;
            }
          } else if (c == '"' || c == '\'') {
            inString = true;
            quote = c;
          } else if (c == '{' || c == '[') {
            depth++;
          } else if ((c == '}' || c == ']') && --depth == 0) {
            document(n);
          }
        } else if (c == '{') {
          depth = 1;
          docStart = firstOpen < 0 ? n : firstOpen;
          doc.setLength(0);
          doc.append(c);
        } else if (!Character.isWhitespace(c) && c != '[' && c != ']' && c != ',') {
          stray = true;
        }
      }
      if (depth > 0) {
        doc.append('\n');
      } else if (stray && firstOpen >= 0) {
        release();
        sink.quarantine(firstOpen, n, t, "text outside any system.profile document");
        firstOpen = -1;
      }
    }

    private void document(long last) {
      release();
      LogEvent.Builder e = event(doc.toString());
      if (e == null) {
        sink.quarantine(docStart, last, doc.toString(), "not a system.profile document (no op and ns)");
      } else {
        held = e.lines(docStart, last);
      }
      firstOpen = -1;
    }

    private void release() {
      if (held != null) {
        sink.event(held.build());
        held = null;
      }
    }

    void finish() {
      if (depth > 0) {
        release();
        sink.quarantine(docStart, lastLine, doc.toString(), "document not closed at the end of the file");
        firstOpen = -1;
      }
      if (held != null && firstOpen >= 0) {
        // trailing punctuation ("]") joins the last document
        held.lineEnd(lastLine);
        firstOpen = -1;
      }
      release();
      if (firstOpen >= 0) {
        sink.quarantine(firstOpen, lastLine, "", "array punctuation without any document");
      }
    }
  }

  private LogEvent.Builder event(String text) {
    JsonNode d;
    try {
      d = ShellDocument.parse(text);
    } catch (ShellDocument.NotADocument e) {
      return null;
    }
    String op = JsonLogParser.text(d, "op");
    String ns = JsonLogParser.text(d, "ns");
    if (op == null || ns == null) {
      return null;
    }
    JsonNode command = d.get("command");
    JsonNode doc = command != null && command.isObject() && !command.isEmpty() ? command : d.get("query");
    OperationShape shape = OperationShape.of(ns, op, doc, d.get("originatingCommand"));
    LogEvent.Builder e = SlowOperation.start(LogEvent.builder(EventType.QUERY), shape).message("system.profile")
        .durationMs(JsonLogParser.number(d.get("millis"))).user(emptyToNull(JsonLogParser.text(d, "user")))
        .client(JsonLogParser.text(d, "client")).application(JsonLogParser.text(d, "appName"));
    JsonNode ts = d.path("ts").path("$date");
    if (!ts.isMissingNode()) {
      String raw = ts.isObject() ? JsonLogParser.text(ts, "$numberLong") : ts.asText();
      e.rawTime(raw).eventTime(instant(raw));
    }
    Map<String, String> fields = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = d.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!DOCUMENT_FIELDS.contains(f.getKey())) {
        SlowOperation.field(fields, f.getKey(), unwrapNumber(f.getValue()));
      }
    }
    fields.forEach(e::attribute);
    return e.sqlState(SlowOperation.errorCode(fields));
  }

  /** {@code {"$numberInt": "2"}} is the number 2 for the counters of canonical extended JSON. */
  private static JsonNode unwrapNumber(JsonNode v) {
    if (v != null && v.isObject() && v.size() == 1) {
      String k = v.fieldNames().next();
      if (k.equals("$numberInt") || k.equals("$numberLong") || k.equals("$numberDouble")) {
        return v.get(k);
      }
    }
    return v;
  }

  private Instant instant(String raw) {
    if (raw == null) {
      return null;
    }
    if (!raw.isEmpty() && raw.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-')) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(raw));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    int end = MongoTime.isoEnd(raw, 0);
    return end < 0 ? null : new MongoTime(context.zone(), 0).iso(raw, 0, end);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
