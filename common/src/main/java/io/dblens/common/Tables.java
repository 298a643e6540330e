package io.dblens.common;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table catalogue: every table's name and schema, declared once. Units are in column names
 * ({@code _ms}, {@code _bytes}); times are UTC; {@code engine} is {@code Engine.id()}.
 */
public final class Tables {

  private Tables() {}

  private static final MapType STRING_MAP = DataTypes.createMapType(StringType, StringType, true);
  private static final MapType COUNT_MAP = DataTypes.createMapType(StringType, LongType, true);
  private static final ArrayType STRINGS = DataTypes.createArrayType(StringType, true);

  /** Where an event came from and when: the leading columns of every event table. */
  private static final StructField[] EVENT_KEY = {
      f("file_id", StringType, "ingest_files.file_id"),
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("event_date", DateType, "UTC date of event_time (partition)"),
      f("event_time", TimestampType, "UTC")};

  // ---- raw layer ----------------------------------------------------------------------------

  public static final TableSpec INGEST_FILES = new TableSpec("ingest_files", schema(
      f("file_id", StringType, "stable id of the file path (16 hex digits)"),
      f("file_path", StringType, "the file as found under the ingest paths"),
      f("file_size", LongType, "size on storage, bytes"),
      f("checksum", StringType, "CRC-32C of size, first and last MiB: unchanged files are skipped"),
      f("modified_at", TimestampType, "file modification time"),
      f("engine", StringType, "engine detected or given"),
      f("format", StringType, "format detected or given (stderr, csvlog, jsonlog, ...)"),
      f("compression", StringType, "none, gzip, bzip2, xz, zstd, lz4"),
      f("instance", StringType, "database instance the file belongs to"),
      f("inferred", StringType, "what was inferred about the format (e.g. the log_line_prefix)"),
      f("status", StringType, "ok, partial, truncated, unrecognised, rejected, empty, failed"),
      f("lines_read", LongType, "physical lines read"),
      f("lines_parsed", LongType, "lines that ended in an event"),
      f("lines_quarantined", LongType, "lines that ended in quarantine; read = parsed + quarantined"),
      f("events", LongType, "events parsed"),
      f("events_by_type", COUNT_MAP, "events parsed, by event_type (types with none left out)"),
      f("bytes_read", LongType, "decompressed bytes read"),
      f("error", StringType, "what went wrong, in words"),
      f("ingested_at", TimestampType, "when this row was written"),
      f("run_id", StringType, "the ingest run (job_runs.run_id)")),
      List.of(), "ledger: one row per input file, with line counts that reconcile");

  public static final TableSpec QUARANTINE = new TableSpec("quarantine", schema(
      f("file_id", StringType, "ingest_files.file_id"),
      f("file_path", StringType, "the file"),
      f("instance", StringType, "instance"),
      f("line_start", LongType, "first line (1-based)"),
      f("line_end", LongType, "last line, inclusive"),
      f("raw_text", StringType, "the lines as read (at most 64 KiB)"),
      f("reason", StringType, "why they were not parsed"),
      f("run_id", StringType, "the ingest run")),
      List.of(), "input lines that could not be parsed, with the reason");

  public static final StructType PARTICIPANT = schema(
      f("session", StringType, "pid / thread / spid"),
      f("transaction", StringType, "transaction id"),
      f("user_name", StringType, "user"),
      f("host", StringType, "client host"),
      f("database_name", StringType, "database"),
      f("table_name", StringType, "table"),
      f("index_name", StringType, "index"),
      f("lock_type", StringType, "lock type"),
      f("wait_mode", StringType, "mode waited for"),
      f("held_mode", StringType, "mode held"),
      f("resource", StringType, "resource waited for"),
      f("waits_for", StringType, "session waited for"),
      f("statement", StringType, "statement, redacted"),
      f("fingerprint_id", StringType, "fingerprint of the statement"),
      f("victim", BooleanType, "chosen as victim"),
      f("attributes", STRING_MAP, "engine-specific extras"));

  /** What a lock_wait / lock_acquired entry says about the lock. */
  private static final StructField[] LOCK_FIELDS = {
      f("lock_type", StringType, "relation, transactionid, tuple, ..."),
      f("lock_mode", StringType, "mode requested"),
      f("locked_object", StringType, "object as written"),
      f("wait_ms", DoubleType, "wait so far when logged"),
      f("holders", STRINGS, "sessions holding the lock"),
      f("wait_queue", STRINGS, "sessions queued")};

  public static final StructType LOCK_DETAIL = schema(LOCK_FIELDS);

  /** A plan logged with an entry. */
  public static final StructType PLAN_DETAIL = schema(
      f("plan_id", StringType, "64-bit id of the plan text"),
      f("plan_format", StringType, "text, json, xml, yaml"),
      f("plan_text", StringType, "the plan as logged"));

  public static final TableSpec LOG_EVENTS = new TableSpec("log_events", schema(
      EVENT_KEY,
      f("raw_time", StringType, "timestamp as written, zone included"),
      f("event_type", StringType, "query, statement, error, lock_wait, lock_acquired, deadlock, checkpoint, "
          + "autovacuum, autoanalyze, connection, disconnection, temp_file, plan, replication, startup, "
          + "shutdown, message"),
      f("database_name", StringType, "database"),
      f("user_name", StringType, "user"),
      f("application_name", StringType, "application"),
      f("client", StringType, "client host[:port]"),
      f("session_id", StringType, "engine session id"),
      f("pid", LongType, "server process id"),
      f("severity", StringType, "LOG, ERROR, FATAL, ..."),
      f("sql_state", StringType, "SQLSTATE / error code"),
      f("duration_ms", DoubleType, "statement duration"),
      f("fingerprint_id", StringType, "query_fingerprints.fingerprint_id of query_text"),
      f("query_text", StringType, "statement, literals redacted unless --keep-literals"),
      f("message", StringType, "message text"),
      f("detail", StringType, "DETAIL / HINT / CONTEXT lines"),
      f("attributes", STRING_MAP, "engine-specific extras"),
      f("line_start", LongType, "first line in the file"),
      f("line_end", LongType, "last line in the file"),
      f("calls", LongType, "executions the entry stands for, when more than one (statistics exports)")),
      // By event type too: each typed table below, and any question about one kind of event, reads only
      // its kind's files rather than every statement's text.
      List.of("engine", "event_date", "event_type"),
      "every parsed log entry; the typed tables below hold the details of their kinds of entry")
      .withStatsColumns("file_id", "instance", "event_time", "fingerprint_id", "line_start")
      .withDistinctColumns("event_time", "raw_time", "duration_ms", "line_start", "line_end")
      .withTextColumns("raw_time", "query_text", "message", "detail");

  /**
   * A parsed entry as ingest holds it before writing: the {@code log_events} columns followed by the
   * details only some event types have, which go to the typed tables ({@code lock_events},
   * {@code deadlock_events}, {@code execution_plans}) rather than into every {@code log_events} row.
   */
  public static final StructType PARSED_EVENT = schema(LOG_EVENTS.schema().fields(), new StructField[] {
      f("lock", LOCK_DETAIL, "lock waited for or acquired, for lock_wait / lock_acquired"),
      f("participants", DataTypes.createArrayType(PARTICIPANT, true), "every session, for deadlock"),
      f("plan", PLAN_DETAIL, "execution plan logged with the entry")});

  public static final TableSpec QUERY_EXECUTIONS = new TableSpec("query_executions", schema(
      EVENT_KEY,
      f("database_name", StringType, "database"),
      f("user_name", StringType, "user"),
      f("application_name", StringType, "application"),
      f("client", StringType, "client"),
      f("session_id", StringType, "session"),
      f("fingerprint_id", StringType, "query_fingerprints.fingerprint_id"),
      f("calls", LongType, "executions this row stands for (1 for a log line; more for statistics exports)"),
      f("duration_ms", DoubleType, "total duration of those calls; null for failed statements"),
      f("failed", BooleanType, "the statement ended in an error"),
      f("sql_state", StringType, "error code when failed"),
      f("attributes", STRING_MAP, "engine-specific measures (rows examined, lock time, ...)"),
      f("line_start", LongType, "first line in the file")),
      List.of("engine", "event_date"), "one row per statement execution (or per exported interval)")
      .withStatsColumns("file_id", "instance", "event_time", "fingerprint_id")
      .withDistinctColumns("event_time", "duration_ms", "line_start");

  public static final TableSpec QUERY_FINGERPRINTS = new TableSpec("query_fingerprints", schema(
      f("fingerprint_id", StringType, "64-bit id of the normalised text, 16 hex digits"),
      f("engine", StringType, "engine"),
      f("normalized_text", StringType, "statement with literals, lists and comments normalised"),
      f("sample_text", StringType, "one statement of this shape, literals redacted unless --keep-literals"),
      f("statement_type", StringType, "select, insert, update, delete, ddl, ..."),
      f("tables", STRINGS, "tables referenced"),
      f("join_count", IntegerType, "joins"),
      f("subquery_count", IntegerType, "subqueries"),
      f("predicate_columns", STRINGS, "columns in WHERE / ON / HAVING"),
      f("complexity", StringType, "simple, moderate, complex, very_complex"),
      f("parsed", BooleanType, "JSqlParser understood the statement (else a keyword scan filled the columns)"),
      f("parse_error", StringType, "why JSqlParser failed"),
      f("first_seen", TimestampType, "earliest execution seen"),
      f("last_seen", TimestampType, "latest execution seen")),
      List.of(), "one row per distinct statement shape, analysed once");

  public static final StructType LOCK_SCHEMA = schema(
      EVENT_KEY,
      f("event_type", StringType, "lock_wait or lock_acquired"),
      f("database_name", StringType, "database"),
      f("user_name", StringType, "user"),
      f("session_id", StringType, "waiting session"),
      f("pid", LongType, "waiting process"),
      LOCK_FIELDS,
      f("fingerprint_id", StringType, "statement of the waiting session"),
      f("query_text", StringType, "that statement, redacted"),
      f("line_start", LongType, "first line in the file"));

  public static final TableSpec LOCK_EVENTS = new TableSpec("lock_events", LOCK_SCHEMA,
      List.of("engine", "event_date"), "lock waits and acquisitions with holders and wait queue");

  public static final TableSpec DEADLOCK_EVENTS = new TableSpec("deadlock_events", schema(
      f("deadlock_id", StringType, "file_id:line_start"),
      EVENT_KEY,
      f("database_name", StringType, "database"),
      f("victim_session", StringType, "the session the engine rolled back"),
      f("participants", DataTypes.createArrayType(PARTICIPANT, true), "every session in the deadlock"),
      f("detail", StringType, "the report as logged"),
      f("line_start", LongType, "first line in the file")),
      List.of("engine", "event_date"), "one row per deadlock with all participants");

  public static final TableSpec EXECUTION_PLANS = new TableSpec("execution_plans", schema(
      f("plan_id", StringType, "64-bit id of the plan text"),
      EVENT_KEY,
      f("database_name", StringType, "database"),
      f("user_name", StringType, "user"),
      f("fingerprint_id", StringType, "statement fingerprint"),
      f("duration_ms", DoubleType, "execution time logged with the plan"),
      f("plan_format", StringType, "text, json, xml, yaml"),
      f("plan_text", StringType, "the plan as logged"),
      f("query_text", StringType, "the statement, redacted"),
      f("line_start", LongType, "first line in the file")),
      List.of("engine", "event_date"), "execution plans found in logs (auto_explain, showplan)");

  public static final TableSpec REPLICATION_EVENTS = new TableSpec("replication_events", schema(
      EVENT_KEY,
      f("member", StringType, "replica-set member (host:port) whose state changed; null when the log did not name it"),
      f("from_state", StringType, "state before (PRIMARY, SECONDARY, RECOVERING, ...), when logged"),
      f("to_state", StringType, "state after; null for election and step-down messages"),
      f("term", LongType, "election term, when logged"),
      f("reason", StringType, "election or step-down message (why the state changed)"),
      f("message", StringType, "the log message"),
      f("line_start", LongType, "first line in the file")),
      List.of("engine", "event_date"), "replica-set state changes, elections and step-downs");

  public static final TableSpec JOB_RUNS = new TableSpec("job_runs", schema(
      f("run_id", StringType, "unique id of the run"),
      f("job", StringType, "job name"),
      f("arguments", StringType, "the job's configuration"),
      f("started_at", TimestampType, "start"),
      f("ended_at", TimestampType, "end"),
      f("status", StringType, "succeeded or failed"),
      f("rows_in", LongType, "rows (or lines) read"),
      f("rows_out", LongType, "rows written"),
      f("summary", StringType, "one-line summary or the error")),
      List.of(), "one row per job run");

  // ---- query-rankings -----------------------------------------------------------------------

  public static final TableSpec QUERY_STATS_DAILY = new TableSpec("query_stats_daily", schema(
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("database_name", StringType, "database"),
      f("fingerprint_id", StringType, "query_fingerprints.fingerprint_id"),
      f("stat_date", DateType, "UTC day"),
      f("calls", LongType, "executions with a duration"),
      f("errors", LongType, "executions that failed"),
      f("total_ms", DoubleType, "sum of durations"),
      f("mean_ms", DoubleType, "total / calls"),
      f("min_ms", DoubleType, "shortest"),
      f("max_ms", DoubleType, "longest"),
      f("stddev_ms", DoubleType, "sample standard deviation"),
      f("p50_ms", DoubleType, "median (nearest rank, within 0.5 %: see DurationHistogram)"),
      f("p95_ms", DoubleType, "95th percentile (same bound)"),
      f("p99_ms", DoubleType, "99th percentile (same bound)")),
      List.of(), "per instance, database, fingerprint and day");

  public static final TableSpec QUERY_RANKINGS = new TableSpec("query_rankings", schema(
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("period_type", StringType, "day, week, month or all"),
      f("period_start", DateType, "first day of the period (ISO week from Monday; null for all)"),
      f("fingerprint_id", StringType, "query_fingerprints.fingerprint_id"),
      f("calls", LongType, "executions with a duration"),
      f("errors", LongType, "failed executions"),
      f("total_ms", DoubleType, "sum of durations"),
      f("mean_ms", DoubleType, "mean duration"),
      f("p95_ms", DoubleType, "95th percentile (nearest rank, within 0.5 %)"),
      f("max_ms", DoubleType, "longest"),
      f("share_of_total", DoubleType, "total_ms / all statements' total_ms in the period, 0..1"),
      f("rank_total_time", IntegerType, "1 = most total time"),
      f("rank_mean", IntegerType, "1 = slowest on average"),
      f("rank_p95", IntegerType, "1 = slowest 95th percentile"),
      f("rank_calls", IntegerType, "1 = most executed"),
      f("databases", STRINGS, "databases the statement ran in"),
      f("normalized_text", StringType, "query_fingerprints.normalized_text")),
      List.of("period_type"), "worst statements per instance and period, ranked four ways");

  public static final TableSpec QUERY_REGRESSIONS = new TableSpec("query_regressions", schema(
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("fingerprint_id", StringType, "query_fingerprints.fingerprint_id"),
      f("period_type", StringType, "day or week"),
      f("period_start", DateType, "the later period"),
      f("previous_start", DateType, "the earlier period"),
      f("previous_calls", LongType, "calls before"),
      f("calls", LongType, "calls after"),
      f("previous_mean_ms", DoubleType, "mean before"),
      f("mean_ms", DoubleType, "mean after"),
      f("previous_p95_ms", DoubleType, "p95 before"),
      f("p95_ms", DoubleType, "p95 after"),
      f("mean_change", DoubleType, "mean_ms / previous_mean_ms - 1"),
      f("p95_change", DoubleType, "p95_ms / previous_p95_ms - 1"),
      f("mean_p_value", DoubleType, "Welch's t-test on log durations, one-sided"),
      f("p95_p_value", DoubleType, "exact binomial test: share of calls above the previous p95 vs 5 %"),
      f("regressed_on", StringType, "mean, p95 or mean+p95")),
      List.of(), "statements that got significantly slower between consecutive periods");

  // ---- lock-analysis ------------------------------------------------------------------------

  public static final StructType DEADLOCK_NODE = schema(
      f("node_id", StringType, "graph node: SQL Server process id, else session, else transaction"),
      f("session", StringType, "pid / thread / spid"),
      f("transaction", StringType, "transaction id"),
      f("user_name", StringType, "user"),
      f("statement", StringType, "statement it was running, redacted"),
      f("fingerprint_id", StringType, "query_fingerprints.fingerprint_id of the statement"),
      f("statement_type", StringType, "SELECT, INSERT, UPDATE, DELETE, ..."),
      f("tables", STRINGS, "tables the statement touches, the written one first"),
      f("lock_table", StringType, "table of the lock it waits for (or holds)"),
      f("lock_index", StringType, "index of that lock"),
      f("victim", BooleanType, "the engine rolled it back"),
      f("attributes", STRING_MAP, "engine extras (isolation level, ...)"));

  public static final StructType DEADLOCK_EDGE = schema(
      f("waiter", StringType, "node_id that waits"),
      f("blocker", StringType, "node_id it waits for"),
      f("resource", StringType, "resource as the engine names it (derived key for InnoDB)"),
      f("lock_type", StringType, "transactionid, tuple, RECORD, TABLE, keylock, pagelock, TX, TM, ..."),
      f("database_name", StringType, "database of the resource"),
      f("table_name", StringType, "table of the resource"),
      f("index_name", StringType, "index of the resource"),
      f("requested_mode", StringType, "mode the waiter asks for"),
      f("held_mode", StringType, "mode the blocker holds; null when the report does not say"),
      f("on_cycle", BooleanType, "the edge is on a cycle"));

  public static final StructType DEADLOCK_CYCLE = schema(
      f("nodes", STRINGS, "node_ids in wait order, starting at the smallest; the last waits for the first"),
      f("resources", STRINGS, "resource each node waits for, same order"));

  public static final TableSpec DEADLOCK_CYCLES = new TableSpec("deadlock_cycles", schema(
      f("deadlock_id", StringType, "deadlock_events.deadlock_id"),
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("event_time", TimestampType, "UTC"),
      f("database_name", StringType, "database"),
      f("victim_session", StringType, "the session the engine rolled back"),
      f("participants", IntegerType, "nodes of the wait-for graph"),
      f("nodes", DataTypes.createArrayType(DEADLOCK_NODE, true), "participants with statement, tables and lock"),
      f("edges", DataTypes.createArrayType(DEADLOCK_EDGE, true), "waits-for edges: waiter -> blocker on a resource"),
      f("cycles", DataTypes.createArrayType(DEADLOCK_CYCLE, true), "elementary cycles (JGraphT, Johnson)"),
      f("cycle_count", IntegerType, "number of cycles; 0 when the report shows no closed wait"),
      f("cycle_search_complete", BooleanType, "false when the search stopped at 1000 cycles"),
      f("cycle_inferred", BooleanType, "the report showed an open path of waits; the closing wait is on "
          + "resource '(not in the report)'"),
      f("tables", STRINGS, "tables of the resources and the statements"),
      f("indexes", STRINGS, "indexes of the resources"),
      f("root_cause", StringType, "lock_order_inversion, unindexed_foreign_key, gap_lock_repeatable_read, "
          + "lock_escalation_or_page_lock, serializable_read_then_update, parallel_query_self_deadlock, "
          + "itl_or_unique_key_contention, unknown"),
      f("root_cause_evidence", StringType, "one sentence to check against the report"),
      f("root_cause_facts", STRING_MAP, "facts the rule used (resource, modes, tables, isolation, ...)"),
      f("signature", StringType, "deadlock_signatures.signature: 16 hex digits grouping recurrences"),
      f("signature_text", StringType, "what the signature hashes: engine | fingerprints | waits")),
      List.of(), "one row per deadlock: wait-for graph, cycles, root cause and signature");

  public static final TableSpec DEADLOCK_SIGNATURES = new TableSpec("deadlock_signatures", schema(
      f("signature", StringType, "16 hex digits: same statement shapes waiting on the same kinds of resource "
          + "in the same modes"),
      f("engine", StringType, "engine"),
      f("signature_text", StringType, "engine | sorted fingerprints | sorted waits"),
      f("deadlocks", LongType, "deadlocks with this signature"),
      f("instances", STRINGS, "instances they happened on"),
      f("first_seen", TimestampType, "earliest"),
      f("last_seen", TimestampType, "latest"),
      f("root_cause", StringType, "root cause of the latest"),
      f("root_cause_evidence", StringType, "its evidence"),
      f("fingerprints", STRINGS, "statement fingerprints of the participants"),
      f("tables", STRINGS, "tables involved"),
      f("indexes", STRINGS, "indexes involved"),
      f("latest_deadlock_id", StringType, "deadlock_cycles.deadlock_id of the latest")),
      List.of(), "recurring deadlocks: one row per signature with count, first and last seen");

  public static final TableSpec BLOCKING_CHAINS = new TableSpec("blocking_chains", schema(
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("window_start", TimestampType, "when the first wait of the window began (UTC)"),
      f("window_end", TimestampType, "when its last wait ended or was last logged"),
      f("head_session", StringType, "head blocker: blocks others, waits for nobody"),
      f("head_statement", StringType, "its last statement logged before the window (else its first in it)"),
      f("head_fingerprint_id", StringType, "fingerprint of head_statement"),
      f("deadlocked", BooleanType, "every session waits (a cycle in progress); head = its smallest session"),
      f("depth", IntegerType, "deepest level (1 = blocked by the head directly)"),
      f("blocked_sessions", IntegerType, "sessions blocked, directly or transitively"),
      f("total_wait_ms", DoubleType, "sum of their waits (until acquired when logged, else as logged)"),
      f("max_wait_ms", DoubleType, "longest of their waits"),
      f("blocked", DataTypes.createArrayType(schema(
          f("session", StringType, "blocked session"),
          f("blocked_by", StringType, "its parent in the tree"),
          f("level", IntegerType, "1 = waits for the head"),
          f("wait_ms", DoubleType, "its wait; 0 when only seen in a wait queue"),
          f("resource", StringType, "lock waited for, as written"),
          f("lock_mode", StringType, "mode requested"),
          f("statement", StringType, "its statement, redacted"),
          f("fingerprint_id", StringType, "fingerprint of the statement"),
          f("from_wait_queue", BooleanType, "only seen in another session's wait queue"),
          f("queued_behind", STRINGS, "conflicting waiters queued ahead of it on the same lock")), true),
          "blocked sessions by level, then session")),
      List.of(), "blocking trees per instance and window of overlapping lock waits");

  public static final TableSpec LOCK_WAIT_STATS = new TableSpec("lock_wait_stats", schema(
      f("instance", StringType, "instance"),
      f("engine", StringType, "engine"),
      f("hour_start", TimestampType, "UTC hour in which the waits began"),
      f("lock_type", StringType, "relation, transactionid, tuple, ..."),
      f("lock_mode", StringType, "mode requested"),
      f("locked_object", StringType, "object as written, numbers that change per wait masked "
          + "(transaction #, tuple (?) of relation 16412 ...)"),
      f("table_name", StringType, "table the waiting statement writes (or reads first)"),
      f("waits", LongType, "lock waits"),
      f("total_wait_ms", DoubleType, "sum of waits (until acquired when logged, else as logged)"),
      f("p95_wait_ms", DoubleType, "95th percentile wait (nearest rank, exact)"),
      f("max_wait_ms", DoubleType, "longest wait"),
      f("hour_wait_ms", DoubleType, "all lock waits of the instance beginning in this hour"),
      f("heavy_hour", BooleanType, "hour_wait_ms >= the heavy threshold (default 60,000 ms)"),
      f("hour_executions", LongType, "statement executions of the instance in this hour (query_executions)"),
      f("hour_mean_ms", DoubleType, "their mean duration"),
      f("normal_executions", DoubleType, "mean executions per normal hour (not heavy) of the same hour of "
          + "day, else of all normal hours"),
      f("normal_mean_ms", DoubleType, "mean duration in those normal hours"),
      f("normal_hours", LongType, "normal hours the baseline averages"),
      f("executions_change", DoubleType, "hour_executions / normal_executions - 1"),
      f("mean_change", DoubleType, "hour_mean_ms / normal_mean_ms - 1")),
      List.of(), "lock waits per instance, hour, lock type/mode and object, with the hour's throughput "
          + "against normal hours");

  public static final List<TableSpec> ALL = List.of(INGEST_FILES, QUARANTINE, LOG_EVENTS, QUERY_EXECUTIONS,
      QUERY_FINGERPRINTS, LOCK_EVENTS, DEADLOCK_EVENTS, EXECUTION_PLANS, JOB_RUNS, QUERY_STATS_DAILY,
      QUERY_RANKINGS, QUERY_REGRESSIONS, REPLICATION_EVENTS, DEADLOCK_CYCLES, DEADLOCK_SIGNATURES, BLOCKING_CHAINS,
      LOCK_WAIT_STATS);

  private static final Map<String, TableSpec> BY_NAME = new LinkedHashMap<>();

  static {
    ALL.forEach(t -> BY_NAME.put(t.name(), t));
  }

  public static Optional<TableSpec> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  private static StructField f(String name, DataType type, String comment) {
    return new StructField(name, type, true, Metadata.empty()).withComment(comment);
  }

  /** Builds a schema from fields and groups of fields ({@link #EVENT_KEY}), in order. */
  private static StructType schema(Object... fieldsOrGroups) {
    List<StructField> fields = new java.util.ArrayList<>();
    for (Object o : fieldsOrGroups) {
      if (o instanceof StructField[] group) {
        fields.addAll(Arrays.asList(group));
      } else {
        fields.add((StructField) o);
      }
    }
    return new StructType(fields.toArray(StructField[]::new));
  }
}
