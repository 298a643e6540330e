package io.dblens.parsers.sqlserver;

import io.dblens.parsers.FormatName;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;

/** The SQL Server file formats dblens reads, by their {@code --format} names. */
enum SqlServerFormat implements FormatName {
  /** ERRORLOG, ERRORLOG.1 ...: the server's error log. */
  ERRORLOG("errorlog"),
  /** Deadlock graphs (.xdl), Extended Events XML, blocked process reports, showplans (.sqlplan). */
  XML("xml"),
  /** Extended Events exported as JSON. */
  XE_JSON("xe-json"),
  /** Snapshots of sys.dm_exec_query_stats as CSV (cumulative counters). */
  QUERY_STATS("query-stats"),
  /** Query Store runtime statistics as CSV (per interval). */
  QUERY_STORE("query-store");

  private final String id;

  SqlServerFormat(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  static SqlServerFormat of(String name) {
    return FormatName.find(SqlServerFormat.class, name);
  }

  LogParser parser(ParseContext context) {
    return switch (this) {
      case ERRORLOG -> new ErrorLogParser(context);
      case XML -> new XmlRecords(context);
      case XE_JSON -> new JsonRecords(context);
      case QUERY_STATS -> new QueryStatsParser(context, StatsColumns.Layout.QUERY_STATS);
      case QUERY_STORE -> new QueryStatsParser(context, StatsColumns.Layout.QUERY_STORE);
    };
  }
}
