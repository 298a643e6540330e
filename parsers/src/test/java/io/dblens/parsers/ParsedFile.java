package io.dblens.parsers;

import io.dblens.parsers.io.BoundedLineReader;
import io.dblens.parsers.io.FileOutcome;
import io.dblens.parsers.io.FileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** A whole file run through {@link FileParser}, with what came out; shared by the engines' tests. */
public record ParsedFile(FileOutcome outcome, List<LogEvent> events, List<Quarantined> quarantined) {

  public record Quarantined(long start, long end, String text, String reason) {}

  public static ParsedFile parse(Path file, Engine engine, String format, ParseContext context) throws IOException {
    return parse(Files.newInputStream(file), engine, format, context);
  }

  /** The same for a stream (a member of an archive, ...); closes it. */
  public static ParsedFile parse(InputStream stream, Engine engine, String format, ParseContext context) {
    return collect(sink -> parser().parse(stream, engine, format, context, sink));
  }

  /** The part of a file between two byte offsets (see FileParser); the outcome is null for a part with nothing to read. */
  public static ParsedFile parsePart(Path file, ParseContext context, long start, long end) {
    return collect(sink -> parser().parse(() -> Files.newInputStream(file), null, null, context, sink, start, end));
  }

  private static FileParser parser() {
    return new FileParser(ParserDispatcher.standard(), BoundedLineReader.DEFAULT_MAX_LINE_BYTES);
  }

  private static ParsedFile collect(java.util.function.Function<EventSink, FileOutcome> run) {
    List<LogEvent> events = new ArrayList<>();
    List<Quarantined> quarantined = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void event(LogEvent event) {
        events.add(event);
      }

      @Override
      public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
        quarantined.add(new Quarantined(lineStart, lineEnd, rawText, reason));
      }
    };
    return new ParsedFile(run.apply(sink), events, quarantined);
  }

  /** Line numbers covered by more than one event or quarantine row, or by none; empty when all is well. */
  public String coverageProblems() {
    long read = outcome.linesRead();
    BitSet seen = new BitSet();
    StringBuilder problems = new StringBuilder();
    List<long[]> ranges = new ArrayList<>();
    events.forEach(e -> ranges.add(new long[] {e.lineStart(), e.lineEnd()}));
    quarantined.forEach(q -> ranges.add(new long[] {q.start(), q.end()}));
    for (long[] r : ranges) {
      for (long i = r[0]; i <= r[1]; i++) {
        if (seen.get((int) i)) {
          problems.append("line ").append(i).append(" covered twice; ");
        }
        seen.set((int) i);
      }
    }
    for (long i = 1; i <= read; i++) {
      if (!seen.get((int) i)) {
        problems.append("line ").append(i).append(" not covered; ");
      }
    }
    return problems.toString();
  }
}
