package io.dblens.parsers.sqlserver;

import io.dblens.parsers.CsvRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a SQL statistics export, found by name in its header (any order, any case; the DMV and
 * Query Store names are accepted as aliases). Two layouts:
 * <ul>
 *   <li>{@code query-stats}: snapshots of {@code sys.dm_exec_query_stats} taken at intervals, with
 *       cumulative counters: snapshot_time, query_hash, execution_count, total_elapsed_time_us
 *       (required), query_plan_hash, total_worker_time_us, total_logical_reads, total_rows,
 *       statement_text, database_name, creation_time;</li>
 *   <li>{@code query-store}: Query Store runtime stats, already per interval: interval_start,
 *       query_hash, count_executions, avg_duration_us (required), interval_end, query_plan_hash,
 *       avg_cpu_time_us, avg_logical_io_reads, avg_rowcount, statement_text, database_name.</li>
 * </ul>
 */
final class StatsColumns {

  enum Layout { QUERY_STATS, QUERY_STORE }

  static final String TIME = "time";
  static final String INTERVAL_END = "interval_end";
  static final String QUERY_HASH = "query_hash";
  static final String PLAN_HASH = "query_plan_hash";
  static final String EXECUTIONS = "executions";
  static final String ELAPSED_US = "elapsed_us";
  static final String WORKER_US = "worker_us";
  static final String READS = "logical_reads";
  static final String ROWS = "rows";
  static final String TEXT = "statement_text";
  static final String DATABASE = "database_name";
  static final String CREATED = "creation_time";

  private static final Map<String, String> STATS_ALIASES = aliases(
      TIME, "snapshot_time", TIME, "collection_time", QUERY_HASH, "query_hash", PLAN_HASH, "query_plan_hash",
      EXECUTIONS, "execution_count", ELAPSED_US, "total_elapsed_time_us", ELAPSED_US, "total_elapsed_time",
      WORKER_US, "total_worker_time_us", WORKER_US, "total_worker_time", READS, "total_logical_reads",
      ROWS, "total_rows", TEXT, "statement_text", TEXT, "query_text", DATABASE, "database_name",
      CREATED, "creation_time");
  private static final Map<String, String> STORE_ALIASES = aliases(
      TIME, "interval_start", TIME, "start_time", INTERVAL_END, "interval_end", INTERVAL_END, "end_time",
      QUERY_HASH, "query_hash", PLAN_HASH, "query_plan_hash", EXECUTIONS, "count_executions",
      ELAPSED_US, "avg_duration_us", ELAPSED_US, "avg_duration", WORKER_US, "avg_cpu_time_us",
      WORKER_US, "avg_cpu_time", READS, "avg_logical_io_reads", ROWS, "avg_rowcount", TEXT, "statement_text",
      TEXT, "query_sql_text", DATABASE, "database_name");

  private static Map<String, String> aliases(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i + 1], pairs[i]);
    }
    return m;
  }

  final Layout layout;
  private final Map<String, Integer> index = new HashMap<>();

  private StatsColumns(Layout layout, List<String> header) {
    this.layout = layout;
    Map<String, String> names = layout == Layout.QUERY_STATS ? STATS_ALIASES : STORE_ALIASES;
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i) == null ? "" : header.get(i).strip().toLowerCase(Locale.ROOT);
      String key = names.get(h);
      if (key != null) {
        index.putIfAbsent(key, i);
      }
    }
  }

  /** The layout a header line is in, or null when it has the required columns of neither. */
  static StatsColumns of(String headerLine) {
    List<String> header = CsvRecord.split(headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine);
    if (header == null) {
      return null;
    }
    for (Layout l : Layout.values()) {
      StatsColumns c = new StatsColumns(l, header);
      if (c.has(TIME) && c.has(QUERY_HASH) && c.has(EXECUTIONS) && c.has(ELAPSED_US)) {
        return c;
      }
    }
    return null;
  }

  boolean has(String key) {
    return index.containsKey(key);
  }

  /** The field, stripped; null when the column is absent or the cell empty. */
  String get(List<String> row, String key) {
    Integer i = index.get(key);
    if (i == null || i >= row.size() || row.get(i) == null) {
      return null;
    }
    String v = row.get(i).strip();
    return v.isEmpty() ? null : v;
  }
}
