package io.dblens.parsers.postgres;

import io.dblens.parsers.QuarantineBuffer;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import java.io.IOException;
import java.util.function.Predicate;

/** Reads one PostgreSQL log file of a known format: framer, then assembler, then classifier. */
final class PostgresLogParser implements LogParser {

  private final PgFormat format;
  private final LinePrefix prefix;
  private final ParseContext context;
  private final int startYear;

  /**
   * @param prefix    the log_line_prefix (for formats that use one), given or inferred
   * @param startYear year for syslog stamps, which carry none (see {@link SyslogYear})
   */
  PostgresLogParser(PgFormat format, LinePrefix prefix, ParseContext context, int startYear) {
    this.format = format;
    this.prefix = prefix;
    this.context = context;
    this.startYear = startYear;
  }

  PgFormat format() {
    return format;
  }

  LinePrefix prefix() {
    return prefix;
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    PgTime time = new PgTime(context.zone());
    SessionAssembler assembler = new SessionAssembler(new EventClassifier(), sink);
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    Framer framer = framer(time, assembler, quarantine);
    Line line;
    while ((line = lines.next()) != null) {
      framer.line(line.number(), line.text());
    }
    framer.flush();
    assembler.finish();
    quarantine.flush();
  }

  /**
   * stderr-style files split before an entry of its own: not a continuation, not a DETAIL / STATEMENT /
   * ... line of the entry before, and neither half of a {@code log_statement} + bare duration pair
   * (which are joined per session). A file made only of such pairs is therefore read in one part.
   */
  @Override
  public Predicate<String> partStart() {
    if (format != PgFormat.STDERR && format != PgFormat.RDS) {
      return null;
    }
    EntryHead head = new EntryHead(prefix, new PgTime(context.zone()));
    return text -> {
      if (text.isEmpty() || text.charAt(0) == '\t' || text.charAt(0) == ' ') {
        return false;
      }
      PgEntry e = head.parse(0, text);
      return e != null && !Severity.isChild(e.severity) && !EventClassifier.isBareDuration(e)
          && !EventClassifier.isLoggedStatement(e);
    };
  }

  private Framer framer(PgTime time, SessionAssembler assembler, QuarantineBuffer quarantine) {
    return switch (format) {
      case STDERR, RDS -> new StderrFramer(new EntryHead(prefix, time), assembler, quarantine);
      case SYSLOG, LOGPLEX -> new SyslogFramer(new EntryHead(prefix, time), time, new SyslogYear(startYear),
          assembler, quarantine);
      case CSVLOG -> new CsvFramer(time, assembler, quarantine);
      case CLOUDSQL -> new JsonFramer(JsonFramer.Kind.CLOUDSQL, time, assembler, quarantine,
          new StderrFramer(new EntryHead(prefix, time), assembler, quarantine));
      case JSONLOG -> new JsonFramer(JsonFramer.Kind.JSONLOG, time, assembler, quarantine, null);
      case CNPG -> new JsonFramer(JsonFramer.Kind.CNPG, time, assembler, quarantine, null);
    };
  }
}
