package io.dblens.parsers.oracle;

import io.dblens.parsers.Engine;
import io.dblens.parsers.FormatDetector;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.CsvRecord;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises Oracle alert logs (text, both timestamp styles, and log.xml), trace files and the CSV
 * exports of the SQL statistics views. The CSV exports are told by their header line; for the others,
 * the format with the most marker lines in the sample wins: alert-log timestamps, {@code <msg} elements,
 * and trace lines ({@code Trace file}, {@code *** } section stamps, {@code DEADLOCK DETECTED},
 * {@code Deadlock graph:}).
 */
public final class OracleFormatDetector implements FormatDetector {

  public OracleFormatDetector() {}

  @Override
  public Engine engine() {
    return Engine.ORACLE;
  }

  @Override
  public List<String> formats() {
    return Arrays.stream(OracleFormat.values()).map(OracleFormat::id).toList();
  }

  @Override
  public Optional<Detection> detect(List<String> sample, String format, ParseContext context) {
    if (format != null) {
      OracleFormat asked = OracleFormat.of(format);
      return asked == null ? Optional.empty() : Optional.of(detection(asked, context, "format as given"));
    }
    if (sample.isEmpty()) {
      return Optional.empty();
    }
    OracleFormat csv = csvFormat(sample.get(0));
    if (csv != null) {
      return Optional.of(detection(csv, context, "header line names its columns"));
    }
    OracleTime clock = new OracleTime(ZoneOffset.UTC);
    int[] score = new int[OracleFormat.values().length];
    for (String l : sample) {
      OracleFormat f = markerOf(l, clock);
      if (f != null) {
        score[f.ordinal()]++;
      }
    }
    OracleFormat best = null;
    for (OracleFormat f : OracleFormat.values()) {
      if (score[f.ordinal()] > 0 && (best == null || score[f.ordinal()] > score[best.ordinal()])) {
        best = f;
      }
    }
    return best == null ? Optional.empty()
        : Optional.of(detection(best, context, score[best.ordinal()] + " marker line(s) in the sample"));
  }

  private static OracleFormat markerOf(String l, OracleTime clock) {
    if (AlertXmlParser.opensMsg(l)) {
      return OracleFormat.ALERT_XML;
    }
    if (l.startsWith("Trace file ") || l.startsWith("*** SESSION ID:(") || l.startsWith("DEADLOCK DETECTED")
        || l.equals("Deadlock graph:")
        || l.startsWith("*** ") && l.length() > 4 && Character.isDigit(l.charAt(4)) && clock.iso(l, 4, false) != null) {
      return OracleFormat.TRACE;
    }
    if (!l.isEmpty() && Character.isDigit(l.charAt(0)) && clock.iso(l, 0, true) != null
        && (clock.end == l.length() || l.charAt(clock.end) == ' ')) {
      return OracleFormat.ALERT;
    }
    if (!l.isEmpty() && Character.isUpperCase(l.charAt(0)) && clock.classic(l) != null) {
      return OracleFormat.ALERT;
    }
    return null;
  }

  /** sqlstat when the header has SQL_ID and an executions or elapsed-time column, sqltext with SQL_TEXT. */
  private static OracleFormat csvFormat(String first) {
    if (!first.toUpperCase(Locale.ROOT).contains("SQL_ID")) {
      return null;
    }
    List<String> names = CsvRecord.split(first);
    if (names == null) {
      return null;
    }
    Map<String, Integer> header = CsvExportParser.header(names);
    if (ExportColumn.SQL_ID.in(header) < 0) {
      return null;
    }
    if (ExportColumn.EXECUTIONS.in(header) >= 0 || ExportColumn.ELAPSED_TIME.in(header) >= 0) {
      return OracleFormat.SQLSTAT;
    }
    return ExportColumn.SQL_TEXT.in(header) >= 0 ? OracleFormat.SQLTEXT : null;
  }

  private static Detection detection(OracleFormat f, ParseContext context, String why) {
    LogParser parser = switch (f) {
      case ALERT -> new AlertLogParser(context);
      case ALERT_XML -> new AlertXmlParser(context);
      case TRACE -> new TraceFileParser(context);
      case SQLSTAT -> new SqlStatParser(context);
      case SQLTEXT -> new SqlTextParser(context);
    };
    return new Detection(Engine.ORACLE, f.id(), "format " + f.id() + " (" + why + ")", parser);
  }
}
