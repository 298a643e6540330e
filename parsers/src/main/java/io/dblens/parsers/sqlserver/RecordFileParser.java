package io.dblens.parsers.sqlserver;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import java.io.IOException;

/**
 * Reads a structured file (XML or JSON) one record at a time through a streaming parser, giving each
 * record the lines it spans ({@link RecordRanges}). A record the stream parser cannot finish (a file
 * cut off, broken syntax) is quarantined with the parser's reason; reading then resumes at the next
 * line that starts a record, so the complete records before and after it are kept.
 */
abstract class RecordFileParser implements LogParser {

  /** The stream parser could not go on; {@code inside} names the record it was in, if any. */
  static final class Broken extends Exception {
    final String inside;

    Broken(String inside, String message) {
      super(message == null ? "syntax error" : message.replaceAll("\\s+", " ").strip(), null, false, false);
      this.inside = inside;
    }
  }

  /** Told about each complete record. */
  interface Records {
    /** A record ending on {@code endLine}: converted to its event, or quarantined when not usable. */
    void record(XmlNode node, long endLine);

    /** A record ending on {@code endLine} that is not usable, with the reason. */
    void reject(long endLine, String reason);
  }

  final ReportEvents reports;

  RecordFileParser(ParseContext context) {
    this.reports = new ReportEvents(context.zone());
  }

  /** A reader over the lines, as the stream parser needs it. */
  abstract LineReader reader(LineSource lines);

  /** Reads every record of the reader's stream. */
  abstract void read(LineReader in, Records out) throws Broken, IOException;

  /** Whether a line (after a syntax error) starts a record where reading can resume. */
  abstract boolean startsRecord(String line);

  /** The file's kind, for reasons ("XML", "JSON"). */
  abstract String kind();

  @Override
  public final void parse(LineSource lines, EventSink sink) throws IOException {
    RecordRanges ranges = new RecordRanges(sink);
    LineReader in = reader(lines);
    while (in != null) {
      in = segment(lines, in, ranges);
    }
  }

  /** Reads records until the end of the file (null) or a syntax error (the reader to resume with). */
  private LineReader segment(LineSource lines, LineReader in, RecordRanges ranges) throws IOException {
    Records out = new Records() {
      @Override
      public void record(XmlNode node, long endLine) {
        ranges.startAt(in.firstLine());
        try {
          ranges.record(reports.event(node), endLine);
        } catch (ReportEvents.Rejected e) {
          reject(endLine, e.getMessage());
          return;
        }
        in.assigned(endLine);
      }

      @Override
      public void reject(long endLine, String reason) {
        ranges.startAt(in.firstLine());
        ranges.quarantine(endLine, in.text(ranges.next(), endLine), reason);
        in.assigned(endLine);
      }
    };
    try {
      read(in, out);
      ranges.startAt(in.firstLine());
      ranges.end(in.lastLine(), in.text(ranges.next(), in.lastLine()), kind()
          + " lines without a deadlock report, blocked process report, showplan or Extended Events event");
      return null;
    } catch (Broken e) {
      ranges.startAt(in.firstLine());
      // At the end of the file the parser's own message describes the cut, not the cause.
      String reason = in.exhausted()
          ? (e.inside == null ? kind() + " cut off by the end of the file: " + e.getMessage()
              : "the file ends inside the " + e.inside + " (truncated?): the incomplete record is not parsed")
          : "malformed " + kind() + (e.inside == null ? "" : " in the " + e.inside) + ": " + e.getMessage();
      long through = in.lastLine();
      ranges.quarantine(through, in.text(ranges.next(), through), reason);
      return resume(lines, in, ranges);
    }
  }

  /** Skips to the next line that starts a record, quarantining the lines in between. */
  private LineReader resume(LineSource lines, LineReader in, RecordRanges ranges) throws IOException {
    StringBuilder skipped = new StringBuilder();
    long last = 0;
    Line l;
    while ((l = in.nextRaw()) != null) {
      if (startsRecord(l.text())) {
        if (last > 0) {
          ranges.quarantine(last, skipped.toString(), "after malformed " + kind() + ", up to the next record");
        }
        LineReader next = reader(lines);
        next.pushBack(l);
        return next;
      }
      last = l.number();
      if (skipped.length() < 64 * 1024) {
        skipped.append(l.text()).append('\n');
      }
    }
    if (last > 0) {
      ranges.quarantine(last, skipped.toString(), "after malformed " + kind() + ", up to the end of the file");
    }
    return null;
  }
}
