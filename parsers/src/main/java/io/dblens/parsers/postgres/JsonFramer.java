package io.dblens.parsers.postgres;

import io.dblens.parsers.QuarantineBuffer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * Frames the one-object-per-line formats: PostgreSQL 15+ {@code jsonlog}, CloudNativePG (the csvlog
 * columns inside a {@code record} object, other operator messages beside them) and Google Cloud Logging
 * exports of Cloud SQL (stderr text in {@code textPayload}, one physical line per object, handed to a
 * stderr framer).
 */
final class JsonFramer implements Framer {

  enum Kind { JSONLOG, CNPG, CLOUDSQL }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Kind kind;
  private final PgTime time;
  private final SessionAssembler out;
  private final QuarantineBuffer quarantine;
  private final StderrFramer payload;

  JsonFramer(Kind kind, PgTime time, SessionAssembler out, QuarantineBuffer quarantine, StderrFramer payload) {
    this.kind = kind;
    this.time = time;
    this.out = out;
    this.quarantine = quarantine;
    this.payload = payload;
  }

  @Override
  public void line(long number, String text) {
    JsonNode node;
    try {
      node = text.isBlank() ? null : JSON.readTree(text);
    } catch (Exception e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      quarantine.add(number, text, "line is not a JSON object (expected " + kind.name().toLowerCase() + " records)");
      return;
    }
    switch (kind) {
      case JSONLOG -> jsonlog(number, node);
      case CNPG -> cnpg(number, node, text);
      case CLOUDSQL -> cloudsql(number, node, text);
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private void jsonlog(long number, JsonNode n) {
    PgEntry e = new PgEntry(number);
    e.structured = true;
    e.rawTime = str(n, "timestamp");
    e.time = e.rawTime == null ? null : time.parse(e.rawTime, 0, e.rawTime.length());
    e.user = str(n, "user");
    e.database = str(n, "dbname");
    e.pid = n.hasNonNull("pid") ? n.get("pid").asLong() : null;
    String host = str(n, "remote_host");
    String port = str(n, "remote_port");
    e.client = host == null ? null : port == null ? host : host + ":" + port;
    e.sessionId = str(n, "session_id");
    e.attribute("pg.session_line", str(n, "line_num"));
    e.attribute("pg.command_tag", str(n, "ps"));
    e.attribute("pg.session_start", str(n, "session_start"));
    e.attribute("pg.vxid", str(n, "vxid"));
    e.attribute("pg.txid", str(n, "txid"));
    e.severity = orLog(str(n, "error_severity"));
    e.sqlState = str(n, "state_code");
    e.text(orEmpty(str(n, "message")));
    e.detail = str(n, "detail");
    e.hint = str(n, "hint");
    e.internalQuery = str(n, "internal_query");
    e.context = str(n, "context");
    e.statement = str(n, "statement");
    e.application = str(n, "application_name");
    e.attribute("pg.backend_type", str(n, "backend_type"));
    e.attribute("pg.leader_pid", str(n, "leader_pid"));
    e.queryId = str(n, "query_id");
    out.accept(e);
  }

  private void cnpg(long number, JsonNode n, String text) {
    JsonNode r = n.get("record");
    PgEntry e = new PgEntry(number);
    e.structured = true;
    if (r == null || !r.isObject()) {
      // Operator (instance manager) messages: kept as messages of their own.
      // Jackson prints large doubles in E notation; the plain decimal keeps the epoch readable.
      e.rawTime = n.hasNonNull("ts") ? n.get("ts").decimalValue().toPlainString() : null;
      e.time = e.rawTime == null ? null : PgTime.parseEpoch(e.rawTime);
      e.severity = orLog(str(n, "level")).toUpperCase(java.util.Locale.ROOT);
      e.text(orEmpty(str(n, "msg")));
      e.attribute("cnpg.logger", str(n, "logger"));
      e.attribute("cnpg.pod", str(n, "logging_pod"));
      e.sessionId = "cnpg-operator";
      out.accept(e);
      return;
    }
    e.rawTime = str(r, "log_time");
    e.time = e.rawTime == null ? null : time.parse(e.rawTime, 0, e.rawTime.length());
    e.user = str(r, "user_name");
    e.database = str(r, "database_name");
    String pid = str(r, "process_id");
    e.pid = pid == null ? null : PrefixFields.parseLong(pid, 0, pid.length());
    e.client = str(r, "connection_from");
    e.sessionId = str(r, "session_id");
    e.attribute("pg.session_line", str(r, "session_line_num"));
    e.attribute("pg.command_tag", str(r, "command_tag"));
    e.attribute("pg.session_start", str(r, "session_start_time"));
    e.attribute("pg.vxid", str(r, "virtual_transaction_id"));
    e.attribute("pg.txid", str(r, "transaction_id"));
    e.severity = orLog(str(r, "error_severity"));
    e.sqlState = str(r, "sql_state_code");
    e.text(orEmpty(str(r, "message")));
    e.detail = str(r, "detail");
    e.hint = str(r, "hint");
    e.internalQuery = str(r, "internal_query");
    e.context = str(r, "context");
    e.statement = str(r, "query");
    e.attribute("pg.location", str(r, "location"));
    e.application = str(r, "application_name");
    e.attribute("pg.backend_type", str(r, "backend_type"));
    e.queryId = str(r, "query_id");
    e.attribute("cnpg.pod", str(n, "logging_pod"));
    out.accept(e);
  }

  private void cloudsql(long number, JsonNode n, String text) {
    String payloadText = str(n, "textPayload");
    if (payloadText == null) {
      quarantine.add(number, text, "Cloud Logging record without textPayload");
      return;
    }
    String ts = str(n, "timestamp");
    Instant t = ts == null ? null : time.parse(ts, 0, ts.length());
    // One object per physical line; a trailing newline in the payload is not a line of its own.
    String line = payloadText.endsWith("\n") ? payloadText.substring(0, payloadText.length() - 1) : payloadText;
    payload.line(number, line.replace("\n", "\n\t"), t, ts);
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  private static String orLog(String s) {
    return s == null ? "LOG" : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void flush() {
    if (payload != null) {
      payload.flush();
    }
  }
}
