package io.dblens.parsers.sqlserver;

import io.dblens.parsers.Engine;
import io.dblens.parsers.FormatDetector;
import io.dblens.parsers.ParseContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recognises SQL Server files: the ERRORLOG (its first line is an entry head with a source SQL Server
 * writes: Server, Logon, Backup, spidN), XML holding deadlock reports, blocked process reports,
 * showplans or Extended Events events, the same events exported as JSON, and CSV statistics exports
 * (by their header). Each check looks for names only SQL Server uses, so other engines' files pass by.
 */
public final class SqlServerFormatDetector implements FormatDetector {

  private static final List<String> XML_MARKERS = List.of("<deadlock", "<event name=", "<blocked-process-report",
      "<ShowPlanXML", "<RingBufferTarget", "schemas.microsoft.com/sqlserver/2004/07/showplan");
  private static final List<String> JSON_MARKERS = List.of("xml_deadlock_report", "<deadlock",
      "blocked_process_report", "<blocked-process-report", "ShowPlanXML", "sql_batch_completed", "rpc_completed",
      "sql_statement_completed", "error_reported");

  public SqlServerFormatDetector() {}

  @Override
  public Engine engine() {
    return Engine.SQLSERVER;
  }

  @Override
  public List<String> formats() {
    return Arrays.stream(SqlServerFormat.values()).map(SqlServerFormat::id).toList();
  }

  @Override
  public Optional<Detection> detect(List<String> sample, String format, ParseContext context) {
    if (format != null) {
      SqlServerFormat f = SqlServerFormat.of(format);
      return f == null ? Optional.empty() : Optional.of(detection(f, context, "format as given"));
    }
    if (sample.isEmpty()) {
      return Optional.empty();
    }
    String first = sample.get(0).strip();
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1).strip();
    }
    if (first.startsWith("<")) {
      String marker = marker(sample, XML_MARKERS);
      return marker == null ? Optional.empty() : Optional.of(detection(SqlServerFormat.XML, context, marker));
    }
    if (first.startsWith("{") || first.startsWith("[")) {
      String marker = marker(sample, JSON_MARKERS);
      return marker == null ? Optional.empty() : Optional.of(detection(SqlServerFormat.XE_JSON, context, marker));
    }
    // An ERRORLOG opens with entry heads; a line or two copied above them is tolerated (and quarantined).
    for (String l : sample.subList(0, Math.min(5, sample.size()))) {
      ErrorLogHead h = ErrorLogHead.parse(l, context.zone());
      if (h != null && h.knownSource()) {
        return Optional.of(detection(SqlServerFormat.ERRORLOG, context, "entry source '" + h.source() + "'"));
      }
    }
    StatsColumns columns = StatsColumns.of(sample.get(0));
    if (columns != null) {
      SqlServerFormat f = columns.layout == StatsColumns.Layout.QUERY_STATS
          ? SqlServerFormat.QUERY_STATS : SqlServerFormat.QUERY_STORE;
      return Optional.of(detection(f, context, "CSV header"));
    }
    return Optional.empty();
  }

  private static String marker(List<String> sample, List<String> markers) {
    for (String l : sample) {
      for (String m : markers) {
        if (l.contains(m)) {
          return "'" + m + "' in the sample";
        }
      }
    }
    return null;
  }

  private static Detection detection(SqlServerFormat f, ParseContext context, String why) {
    return new Detection(Engine.SQLSERVER, f.id(), "format " + f.id() + " (" + why + ")", f.parser(context));
  }
}
