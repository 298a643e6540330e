package io.dblens.parsers;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed log entry with engine-neutral columns; engine-specific values go in {@link #attributes()}.
 * Line numbers are 1-based and inclusive and cover every physical line the entry was built from,
 * including continuation and DETAIL/STATEMENT lines merged into it, so that the ingest ledger can
 * account for every line.
 *
 * @param type         what the entry is
 * @param eventTime    when it happened, in UTC; null only when the line carries no time at all
 * @param rawTime      the timestamp text as written, zone included
 * @param database     database (or schema) name
 * @param user         user name
 * @param application  application name
 * @param client       client host[:port]
 * @param sessionId    engine session id (PostgreSQL %c, MySQL thread id, SQL Server spid ...)
 * @param pid          server process id where the engine has one
 * @param severity     LOG, ERROR, WARNING, FATAL, Note, ...
 * @param sqlState     SQLSTATE / error code
 * @param durationMs   statement duration in milliseconds, for QUERY events (the total, when calls > 1)
 * @param calls        executions this event stands for: null for one; statistics exports give more
 * @param queryText    the statement as logged (literals intact; redaction happens at fingerprinting)
 * @param message      the main message text (for QUERY events, what precedes the statement)
 * @param detail       DETAIL / HINT / CONTEXT / parameters text merged into the entry, newline-separated
 * @param attributes   engine-specific extras, e.g. {@code pg.queryid}, {@code mysql.rows_examined}
 * @param lineStart    first physical line of the entry
 * @param lineEnd      last physical line of the entry
 * @param lock         lock wait / acquisition details, for LOCK_* events
 * @param deadlock     participants, for DEADLOCK events
 * @param plan         the plan, for PLAN events (or QUERY events that carry one)
 */
public record LogEvent(
    EventType type,
    Instant eventTime,
    String rawTime,
    String database,
    String user,
    String application,
    String client,
    String sessionId,
    Long pid,
    String severity,
    String sqlState,
    Double durationMs,
    Long calls,
    String queryText,
    String message,
    String detail,
    Map<String, String> attributes,
    long lineStart,
    long lineEnd,
    LockInfo lock,
    List<DeadlockParticipant> deadlock,
    PlanInfo plan) {

  public LogEvent {
    attributes = attributes == null ? Map.of() : attributes;
    deadlock = deadlock == null ? List.of() : deadlock;
  }

  public static Builder builder(EventType type) {
    return new Builder().type(type);
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.type = type;
    b.eventTime = eventTime;
    b.rawTime = rawTime;
    b.database = database;
    b.user = user;
    b.application = application;
    b.client = client;
    b.sessionId = sessionId;
    b.pid = pid;
    b.severity = severity;
    b.sqlState = sqlState;
    b.durationMs = durationMs;
    b.calls = calls;
    b.queryText = queryText;
    b.message = message;
    b.detail = detail;
    b.attributes = attributes.isEmpty() ? null : new LinkedHashMap<>(attributes);
    b.lineStart = lineStart;
    b.lineEnd = lineEnd;
    b.lock = lock;
    b.deadlock = deadlock;
    b.plan = plan;
    return b;
  }

  /** Mutable builder: parsers fill an entry as its lines arrive, then {@link #build()} it once. */
  public static final class Builder {
    private EventType type;
    private Instant eventTime;
    private String rawTime;
    private String database;
    private String user;
    private String application;
    private String client;
    private String sessionId;
    private Long pid;
    private String severity;
    private String sqlState;
    private Double durationMs;
    private Long calls;
    private String queryText;
    private String message;
    private String detail;
    private Map<String, String> attributes;
    private long lineStart;
    private long lineEnd;
    private LockInfo lock;
    private List<DeadlockParticipant> deadlock;
    private PlanInfo plan;

    public Builder type(EventType v) { type = v; return this; }
    public EventType type() { return type; }
    public Builder eventTime(Instant v) { eventTime = v; return this; }
    public Builder rawTime(String v) { rawTime = v; return this; }
    public Builder database(String v) { database = v; return this; }
    public String database() { return database; }
    public Builder user(String v) { user = v; return this; }
    public Builder application(String v) { application = v; return this; }
    public Builder client(String v) { client = v; return this; }
    public Builder sessionId(String v) { sessionId = v; return this; }
    public Builder pid(Long v) { pid = v; return this; }
    public Long pid() { return pid; }
    public Builder severity(String v) { severity = v; return this; }
    public String severity() { return severity; }
    public Builder sqlState(String v) { sqlState = v; return this; }
    public Builder durationMs(Double v) { durationMs = v; return this; }
    public Builder calls(Long v) { calls = v; return this; }
    public Builder queryText(String v) { queryText = v; return this; }
    public String queryText() { return queryText; }
    public Builder message(String v) { message = v; return this; }
    public String message() { return message; }
    public Builder detail(String v) { detail = v; return this; }
    public String detail() { return detail; }

    /** Appends one DETAIL/HINT/CONTEXT line, newline-separated. */
    public Builder appendDetail(String v) {
      detail = detail == null ? v : detail + "\n" + v;
      return this;
    }

    public Builder attribute(String key, String value) {
      if (value != null) {
        if (attributes == null) {
          attributes = new LinkedHashMap<>();
        }
        attributes.put(key, value);
      }
      return this;
    }

    public Builder lines(long start, long end) { lineStart = start; lineEnd = end; return this; }
    public Builder lineEnd(long v) { lineEnd = v; return this; }
    public long lineStart() { return lineStart; }
    public long lineEnd() { return lineEnd; }
    public Builder lock(LockInfo v) { lock = v; return this; }
    public LockInfo lock() { return lock; }
    public Builder deadlock(List<DeadlockParticipant> v) { deadlock = v; return this; }
    public Builder plan(PlanInfo v) { plan = v; return this; }
    public PlanInfo plan() { return plan; }

    public LogEvent build() {
      return new LogEvent(type, eventTime, rawTime, database, user, application, client, sessionId, pid,
          severity, sqlState, durationMs, calls, queryText, message, detail,
          attributes == null ? Map.of() : Map.copyOf(attributes), lineStart, lineEnd, lock,
          deadlock == null ? List.of() : List.copyOf(deadlock), plan);
    }
  }
}
