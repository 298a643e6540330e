package io.dblens.parsers.oracle;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code DBA_HIST_SQLSTAT} snapshots (joined to {@code DBA_HIST_SNAPSHOT} for the interval times)
 * or periodic {@code V$SQLSTATS} exports. Each snapshot x statement row becomes one QUERY event standing
 * for {@code EXECUTIONS_DELTA} calls, its duration the elapsed-time delta in milliseconds, keyed by
 * {@code oracle.sql_id}. The text comes from a {@code SQL_TEXT} column when the export has one, else from
 * a {@code DBA_HIST_SQLTEXT} export ingested beside it (joined on sql_id by query-rankings). A row with
 * no execution completed in its interval (a statement still running at the snapshot) has time but no
 * call: it is kept as a MESSAGE, since a mean over zero calls means nothing.
 */
final class SqlStatParser extends CsvExportParser {

  /** Measures kept as attributes: column and attribute name (units in the name). */
  private static final List<Map.Entry<ExportColumn, String>> MEASURES = List.of(
      Map.entry(ExportColumn.CPU_TIME, "oracle.cpu_time_us"),
      Map.entry(ExportColumn.IO_WAIT, "oracle.io_wait_us"),
      Map.entry(ExportColumn.BUFFER_GETS, "oracle.buffer_gets"),
      Map.entry(ExportColumn.DISK_READS, "oracle.disk_reads"),
      Map.entry(ExportColumn.ROWS_PROCESSED, "oracle.rows_processed"));

  SqlStatParser(ParseContext context) {
    super(context, "SQL statistics export");
  }

  @Override
  String missingColumns(Map<String, Integer> header) {
    List<String> missing = new ArrayList<>();
    for (ExportColumn c : List.of(ExportColumn.SQL_ID, ExportColumn.EXECUTIONS, ExportColumn.ELAPSED_TIME)) {
      if (c.in(header) < 0) {
        missing.add(c.describe());
      }
    }
    if (ExportColumn.BEGIN_INTERVAL_TIME.in(header) < 0 && ExportColumn.END_INTERVAL_TIME.in(header) < 0) {
      missing.add("a time column: BEGIN_INTERVAL_TIME or " + ExportColumn.END_INTERVAL_TIME.describe());
    }
    return missing.isEmpty() ? null : String.join(", ", missing);
  }

  @Override
  LogEvent.Builder event(Row row) throws RowProblem {
    String sqlId = row.text(ExportColumn.SQL_ID);
    if (sqlId == null) {
      throw new RowProblem("SQL_ID is empty");
    }
    Long executions = row.number(ExportColumn.EXECUTIONS);
    Long elapsedUs = row.number(ExportColumn.ELAPSED_TIME);
    if (executions == null || elapsedUs == null || executions < 0 || elapsedUs < 0) {
      throw new RowProblem(ExportColumn.EXECUTIONS.describe() + " and " + ExportColumn.ELAPSED_TIME.describe()
          + " must be present and not negative (got " + executions + " and " + elapsedUs + ")");
    }
    // The interval's start dates the executions (an hour from 23:00 belongs to that day); V$SQLSTATS
    // exports have only the time they were taken.
    Instant begin = row.time(ExportColumn.BEGIN_INTERVAL_TIME);
    Instant endTime = row.time(ExportColumn.END_INTERVAL_TIME);
    if (begin == null && endTime == null) {
      throw new RowProblem("no interval time: BEGIN_INTERVAL_TIME and " + ExportColumn.END_INTERVAL_TIME.describe()
          + " are empty");
    }
    String snap = row.text(ExportColumn.SNAP_ID);
    LogEvent.Builder b = LogEvent.builder(executions > 0 ? EventType.QUERY : EventType.MESSAGE)
        .eventTime(begin != null ? begin : endTime)
        .rawTime(row.text(begin != null ? ExportColumn.BEGIN_INTERVAL_TIME : ExportColumn.END_INTERVAL_TIME))
        .user(row.text(ExportColumn.PARSING_SCHEMA_NAME)).application(row.text(ExportColumn.MODULE))
        .queryText(row.text(ExportColumn.SQL_TEXT))
        .attribute(AlertMessages.SQL_ID, sqlId)
        .attribute("oracle.plan_hash_value", row.text(ExportColumn.PLAN_HASH_VALUE))
        .attribute("oracle.snap_id", snap)
        .attribute("oracle.dbid", row.text(ExportColumn.DBID))
        .attribute("oracle.instance_number", row.text(ExportColumn.INSTANCE_NUMBER));
    if (begin != null && endTime != null) {
      b.attribute("oracle.end_interval_time", row.text(ExportColumn.END_INTERVAL_TIME));
    }
    for (Map.Entry<ExportColumn, String> m : MEASURES) {
      Long v = row.number(m.getKey());
      b.attribute(m.getValue(), v == null ? null : v.toString());
    }
    String where = snap == null ? "" : " in snapshot " + snap;
    if (executions > 0) {
      return b.calls(executions).durationMs(elapsedUs / 1000.0)
          .message(executions + " execution(s) of " + sqlId + where);
    }
    return b.attribute("oracle.elapsed_time_us", elapsedUs.toString())
        .message("no execution of " + sqlId + " completed" + where);
  }
}
