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
    e.pid = n.hasNonNull("pid") ? n.get("pid").asLong() : null;
    String host = str(n, "remote_host");
    String port = str(n, "remote_port");
    e.client = host == null ? null : port == null ? host : host + ":" + port;
    fill(e, n, JSONLOG_KEYS);
    e.attribute("pg.leader_pid", str(n, "leader_pid"));
    out.accept(e);
  }

  /**
   * The csvlog columns under the names each JSON format gives them: jsonlog (PG 15+) and CloudNativePG
   * carry the same record with different keys.
   */
  private record RecordKeys(String time, String user, String database, String sessionLine, String commandTag,
      String sessionStart, String vxid, String txid, String sqlState, String statement, String queryId) {}

  private static final RecordKeys JSONLOG_KEYS = new RecordKeys("timestamp", "user", "dbname", "line_num", "ps",
      "session_start", "vxid", "txid", "state_code", "statement", "query_id");

  private static final RecordKeys CNPG_KEYS = new RecordKeys("log_time", "user_name", "database_name",
      "session_line_num", "command_tag", "session_start_time", "virtual_transaction_id", "transaction_id",
      "sql_state_code", "query", "query_id");

  private void fill(PgEntry e, JsonNode r, RecordKeys k) {
    e.rawTime = str(r, k.time());
    e.time = e.rawTime == null ? null : time.parse(e.rawTime, 0, e.rawTime.length());
    e.user = str(r, k.user());
    e.database = str(r, k.database());
    e.sessionId = str(r, "session_id");
    e.attribute("pg.session_line", str(r, k.sessionLine()));
    e.attribute("pg.command_tag", str(r, k.commandTag()));
    e.attribute("pg.session_start", str(r, k.sessionStart()));
    e.attribute("pg.vxid", str(r, k.vxid()));
    e.attribute("pg.txid", str(r, k.txid()));
    e.severity = orLog(str(r, "error_severity"));
    e.sqlState = str(r, k.sqlState());
    e.text(orEmpty(str(r, "message")));
    e.detail = str(r, "detail");
    e.hint = str(r, "hint");
    e.internalQuery = str(r, "internal_query");
    e.context = str(r, "context");
    e.statement = str(r, k.statement());
    e.application = str(r, "application_name");
    e.attribute("pg.backend_type", str(r, "backend_type"));
    e.queryId = str(r, k.queryId());
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
    String pid = str(r, "process_id");
    e.pid = pid == null ? null : PrefixFields.parseLong(pid, 0, pid.length());
    e.client = str(r, "connection_from");
    fill(e, r, CNPG_KEYS);
    e.attribute("pg.location", str(r, "location"));
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
