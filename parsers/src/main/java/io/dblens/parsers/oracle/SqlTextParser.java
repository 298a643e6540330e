package io.dblens.parsers.oracle;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code DBA_HIST_SQLTEXT} export (SQL_ID, SQL_TEXT, optionally DBID and COMMAND_TYPE): one
 * STATEMENT event per statement, carrying its text and {@code oracle.sql_id}. Nothing ran at a known
 * time here, so the event has none; query-rankings gives the statement's fingerprint to the statistics
 * rows with the same sql_id (which is a hash of the text, so it names the same statement in every
 * database).
 */
final class SqlTextParser extends CsvExportParser {

  SqlTextParser(ParseContext context) {
    super(context, "DBA_HIST_SQLTEXT export");
  }

  @Override
  String missingColumns(Map<String, Integer> header) {
    List<String> missing = new ArrayList<>();
    for (ExportColumn c : List.of(ExportColumn.SQL_ID, ExportColumn.SQL_TEXT)) {
      if (c.in(header) < 0) {
        missing.add(c.describe());
      }
    }
    return missing.isEmpty() ? null : String.join(", ", missing);
  }

  @Override
  LogEvent.Builder event(Row row) throws RowProblem {
    String sqlId = row.text(ExportColumn.SQL_ID);
    String text = row.text(ExportColumn.SQL_TEXT);
    if (sqlId == null || text == null) {
      throw new RowProblem("SQL_ID or SQL_TEXT is empty");
    }
    return LogEvent.builder(EventType.STATEMENT).queryText(text).message("text of " + sqlId)
        .attribute(AlertMessages.SQL_ID, sqlId)
        .attribute("oracle.dbid", row.text(ExportColumn.DBID))
        .attribute("oracle.command_type", row.text(ExportColumn.COMMAND_TYPE));
  }
}
