package io.dblens.parsers.oracle;

import java.util.List;
import java.util.Map;

/**
 * The columns read from SQL statistics exports, by their {@code DBA_HIST_SQLSTAT} /
 * {@code DBA_HIST_SNAPSHOT} / {@code DBA_HIST_SQLTEXT} names, with the {@code V$SQLSTATS} names that
 * mean the same. Times are microseconds in both views.
 */
enum ExportColumn {
  SQL_ID("SQL_ID"),
  SNAP_ID("SNAP_ID"),
  DBID("DBID"),
  INSTANCE_NUMBER("INSTANCE_NUMBER"),
  BEGIN_INTERVAL_TIME("BEGIN_INTERVAL_TIME"),
  END_INTERVAL_TIME("END_INTERVAL_TIME", "SNAP_TIME", "LAST_ACTIVE_TIME"),
  PLAN_HASH_VALUE("PLAN_HASH_VALUE"),
  PARSING_SCHEMA_NAME("PARSING_SCHEMA_NAME"),
  MODULE("MODULE"),
  EXECUTIONS("EXECUTIONS_DELTA", "DELTA_EXECUTION_COUNT"),
  ELAPSED_TIME("ELAPSED_TIME_DELTA", "DELTA_ELAPSED_TIME"),
  CPU_TIME("CPU_TIME_DELTA", "DELTA_CPU_TIME"),
  IO_WAIT("IOWAIT_DELTA", "DELTA_USER_IO_WAIT_TIME"),
  BUFFER_GETS("BUFFER_GETS_DELTA", "DELTA_BUFFER_GETS"),
  DISK_READS("DISK_READS_DELTA", "DELTA_DISK_READS"),
  ROWS_PROCESSED("ROWS_PROCESSED_DELTA", "DELTA_ROWS_PROCESSED"),
  SQL_TEXT("SQL_TEXT", "SQL_FULLTEXT"),
  COMMAND_TYPE("COMMAND_TYPE");

  private final List<String> names;

  ExportColumn(String... names) {
    this.names = List.of(names);
  }

  /** The name used in messages: the DBA_HIST one, with its alternatives. */
  String describe() {
    return names.size() == 1 ? names.get(0)
        : names.get(0) + " (or " + String.join(", ", names.subList(1, names.size())) + ")";
  }

  /** Its position in a header (upper-case names to positions), or -1. */
  int in(Map<String, Integer> header) {
    for (String n : names) {
      Integer i = header.get(n);
      if (i != null) {
        return i;
      }
    }
    return -1;
  }
}
