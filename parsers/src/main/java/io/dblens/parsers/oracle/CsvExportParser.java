package io.dblens.parsers.oracle;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import io.dblens.parsers.CsvRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV export of a dictionary view (SQL*Plus {@code SET MARKUP CSV ON}, SQL Developer, sqlcl):
 * a header line naming the columns, in any order and case, quoted or not, then one record per row; a
 * quoted value may span lines. Each row becomes one event; the header line and blank lines count with
 * the rows around them. A row that cannot be used is quarantined with the reason.
 */
abstract class CsvExportParser implements LogParser {

  /** A record still open after this many lines is taken to be broken quoting, not a long statement. */
  static final int MAX_RECORD_LINES = 10_000;

  /** A value of a row that cannot be used, in words. */
  static final class RowProblem extends Exception {
    private static final long serialVersionUID = 1L;

    RowProblem(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One row of the export, read by column. */
  final class Row {
    private final Map<String, Integer> header;
    private final List<String> fields;

    Row(Map<String, Integer> header, List<String> fields) {
      this.header = header;
      this.fields = fields;
    }

    /** The value, stripped, or null when the column is absent or the cell empty. */
    String text(ExportColumn c) {
      int i = c.in(header);
      String v = i < 0 ? null : fields.get(i);
      return v == null || v.isBlank() ? null : v.strip();
    }

    Long number(ExportColumn c) throws RowProblem {
      String v = text(c);
      if (v == null) {
        return null;
      }
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new RowProblem(c.describe() + " '" + v + "' is not a whole number");
      }
    }

    Instant time(ExportColumn c) throws RowProblem {
      String v = text(c);
      if (v == null) {
        return null;
      }
      Instant t = clock.iso(v, 0, false);
      if (t == null || clock.end != v.length()) {
        throw new RowProblem(c.describe() + " '" + v + "' is not a time in the form YYYY-MM-DD HH24:MI:SS[.FF]; "
            + "export with ALTER SESSION SET NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF3' and "
            + "NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'");
      }
      return t;
    }
  }

  private final OracleTime clock;
  private final String what;

  /** @param what the export, in words, for messages ("DBA_HIST_SQLSTAT export") */
  CsvExportParser(ParseContext context, String what) {
    this.clock = new OracleTime(context.zone());
    this.what = what;
  }

  /** Required columns this header lacks, in words, or null when it has them all. */
  abstract String missingColumns(Map<String, Integer> header);

  /** The event of one row, without its line range. */
  abstract LogEvent.Builder event(Row row) throws RowProblem;

  /** Upper-case column names to positions. */
  static Map<String, Integer> header(List<String> names) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n != null) {
        m.putIfAbsent(n.strip().toUpperCase(Locale.ROOT), i);
      }
    }
    return m;
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    HeldEvent held = new HeldEvent(sink);
    Map<String, Integer> header = null;
    int width = 0;
    String unusable = null;
    StringBuilder record = null;
    long start = 0;
    long end = 0;
    int quotes = 0;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      long n = line.number();
      if (unusable != null) {
        held.quarantine(quarantine, n, text, unusable);
        continue;
      }
      if (record == null && text.isBlank()) {
        held.filler(n, text);
        continue;
      }
      if (header == null) {
        List<String> names = CsvRecord.split(text);
        header = names == null ? Map.of() : header(names);
        width = names == null ? 0 : names.size();
        String missing = missingColumns(header);
        if (missing != null) {
          unusable = what + " header lacks " + missing + " (see the README for the expected columns)";
          held.quarantine(quarantine, n, text, unusable);
        } else {
          held.filler(n, text);
        }
        continue;
      }
      if (record == null) {
        record = new StringBuilder(text);
        start = n;
        quotes = 0;
      } else {
        record.append('\n').append(text);
      }
      end = n;
      quotes += CsvRecord.quotes(text);
      if ((quotes & 1) == 0) {
        row(record.toString(), header, width, held.startAt(start), end, held, quarantine);
        record = null;
      } else if (end - start + 1 >= MAX_RECORD_LINES) {
        quarantine.addRange(held.startAt(start), end, record.toString(),
            "CSV record with an unterminated quoted value");
        record = null;
      }
    }
    if (record != null) {
      quarantine.addRange(held.startAt(start), end, record.toString(),
          "CSV record cut off by the end of the file (unterminated quoted value)");
    }
    held.finish(quarantine, header == null ? "blank lines only" : what + " header without any data row");
    quarantine.flush();
  }

  private void row(String raw, Map<String, Integer> header, int width, long start, long end, HeldEvent held,
      QuarantineBuffer quarantine) {
    List<String> fields = CsvRecord.split(raw);
    if (fields == null || fields.size() != width) {
      quarantine.addRange(start, end, raw, (fields == null ? "broken quoting" : fields.size() + " field(s)")
          + " where the header has " + width + " columns: not a row of the " + what
          + " (SQL*Plus feedback or a heading repeated mid-file?)");
      return;
    }
    try {
      held.hold(event(new Row(header, fields)).lines(start, end));
    } catch (RowProblem p) {
      quarantine.addRange(start, end, raw, p.getMessage());
    }
  }
}
