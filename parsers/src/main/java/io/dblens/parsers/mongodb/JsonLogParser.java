package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads 4.4+ structured logs: one JSON object per line,
 * {@code {"t":{"$date":..},"s":"I","c":"COMMAND","id":51803,"ctx":"conn1","msg":"Slow query","attr":{..}}}.
 * Each line is one event, read into a Jackson tree (the line is the unit: nothing spans lines). The
 * log id decides the type where it is enough: 51803 slow operations (QUERY), 51801 slow oplog
 * application, 21358 this member's state transitions and 21215/21216 other members' new states
 * (REPLICATION), 22943/22944 connections; the ELECTION component and step-down messages are
 * REPLICATION too. {@code attr} is kept as the detail of events other than slow operations (whose
 * documents hold data: they are reduced to their shape).
 */
final class JsonLogParser implements LogParser {
  static final ObjectMapper JSON = new ObjectMapper();

  private static final int SLOW_QUERY = 51803;
  private static final int APPLIED_OP = 51801;
  private static final int STATE_TRANSITION = 21358;
  private static final int MEMBER_NEW_STATE = 21215;
  private static final int MEMBER_DOWN = 21216;
  private static final int CONNECTION_ACCEPTED = 22943;
  private static final int CONNECTION_ENDED = 22944;
  private static final int STARTING = 4615611;

  /** Fields of a slow operation that become columns or the statement, not attributes. */
  private static final Set<String> OPERATION_FIELDS = Set.of("type", "ns", "command", "originatingCommand",
      "durationMillis", "appName", "remote");

  private final ParseContext context;
  private String self;

  JsonLogParser(ParseContext context) {
    this.context = context;
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    MongoTime time = new MongoTime(context.zone(), 0);
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    LogEvent.Builder pending = null;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      if (text.isBlank() && pending != null) {
        pending.lineEnd(line.number());
        continue;
      }
      JsonNode doc = read(text);
      String raw = doc == null ? null : rawTime(doc);
      Instant at = raw == null ? null : time.iso(raw, 0, raw.length());
      if (at == null) {
        quarantine.add(line.number(), text, doc == null ? "not a JSON object"
            : "JSON object without a valid \"t\": {\"$date\": ...} timestamp");
        continue;
      }
      if (pending != null) {
        sink.event(pending.build());
      }
      quarantine.flush();
      pending = event(doc, at, raw, line.number());
    }
    if (pending != null) {
      sink.event(pending.build());
    }
    quarantine.flush();
  }

  private static JsonNode read(String text) {
    if (text.isEmpty() || text.charAt(0) != '{') {
      return null;
    }
    try {
      JsonNode doc = JSON.readTree(text);
      return doc != null && doc.isObject() ? doc : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String rawTime(JsonNode doc) {
    JsonNode date = doc.path("t").path("$date");
    return date.isTextual() ? date.asText() : null;
  }

  private LogEvent.Builder event(JsonNode doc, Instant at, String raw, long number) {
    int id = doc.path("id").asInt(-1);
    String component = text(doc, "c");
    String severity = text(doc, "s");
    String message = text(doc, "msg");
    String ctx = text(doc, "ctx");
    JsonNode attr = doc.get("attr");
    LogEvent.Builder e = LogEvent.builder(EventType.MESSAGE).lines(number, number).eventTime(at).rawTime(raw)
        .severity(severity).sessionId(ctx).attribute("mongo.component", component)
        .attribute("mongo.id", id < 0 ? null : Integer.toString(id));
    if (id == SLOW_QUERY && attr != null) {
      return slowOperation(e, attr);
    }
    e.message(message);
    if (attr != null && !attr.isEmpty()) {
      e.detail(id == APPLIED_OP ? null : attr.toString());
    }
    JsonNode a = attr == null ? JSON.createObjectNode() : attr;
    switch (id) {
      case APPLIED_OP -> {
        e.durationMs(number(a.get("durationMillis"))).attribute("mongo.ns", text(a.path("command"), "ns"))
            .attribute("mongo.oplog_op", text(a.path("command"), "op"));
        return e;
      }
      case STATE_TRANSITION -> {
        Messages.state(e, self, text(a, "oldState"), text(a, "newState"), null);
        return e;
      }
      case MEMBER_NEW_STATE, MEMBER_DOWN -> {
        String state = text(a, "newState");
        Messages.state(e, text(a, "hostAndPort"), null, state != null ? state : id == MEMBER_DOWN ? "DOWN" : null,
            null);
        return e;
      }
      case CONNECTION_ACCEPTED, CONNECTION_ENDED -> {
        String conn = text(a, "connectionId");
        return e.type(id == CONNECTION_ACCEPTED ? EventType.CONNECTION : EventType.DISCONNECTION)
            .client(text(a, "remote")).sessionId(conn == null ? ctx : "conn" + conn);
      }
      case STARTING -> {
        String host = text(a, "host");
        String port = text(a, "port");
        self = host == null ? null : port == null ? host : host + ":" + port;
        Double pid = number(a.get("pid"));
        return e.type(EventType.STARTUP).pid(pid == null ? null : pid.longValue());
      }
      default -> { }
    }
    if ("ELECTION".equals(component)) {
      Messages.state(e, self, null, null, message);
      e.attribute("repl.term", firstText(a, "term", "newTerm", "currentTerm", "electionTerm"));
      return e;
    }
    if (message != null && ("REPL".equals(component) || "COMMAND".equals(component))
        && Messages.replication(message, self, e)) {
      return e.attribute("repl.term", firstText(a, "term", "newTerm", "currentTerm"));
    }
    if ("Now exiting".equals(message) || "Shutting down".equals(message)) {
      return e.type(EventType.SHUTDOWN);
    }
    return e.type("E".equals(severity) || "F".equals(severity) ? EventType.ERROR : EventType.MESSAGE);
  }

  private static LogEvent.Builder slowOperation(LogEvent.Builder e, JsonNode attr) {
    JsonNode command = attr.get("command");
    String ns = text(attr, "ns");
    if (ns == null) {
      String db = command == null ? null : text(command, "$db");
      ns = (db == null ? "unknown" : db) + ".$cmd";
    }
    OperationShape shape = OperationShape.of(ns, text(attr, "type"), command, attr.get("originatingCommand"));
    SlowOperation.start(e, shape).message("Slow query").durationMs(number(attr.get("durationMillis")))
        .application(text(attr, "appName")).client(text(attr, "remote"));
    Map<String, String> fields = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = attr.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!OPERATION_FIELDS.contains(f.getKey())) {
        SlowOperation.field(fields, f.getKey(), f.getValue());
      }
    }
    fields.forEach(e::attribute);
    return e.sqlState(SlowOperation.errorCode(fields));
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static String firstText(JsonNode node, String... fields) {
    for (String f : fields) {
      String v = text(node, f);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  static Double number(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    JsonNode wrapped = v.isObject() && !v.isEmpty() ? v.elements().next() : v;
    try {
      return Double.valueOf(wrapped.asText());
    } catch (NumberFormatException ex) {
      return null;
    }
  }
}
