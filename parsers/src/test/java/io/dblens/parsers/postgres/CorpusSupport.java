package io.dblens.parsers.postgres;

import io.dblens.parsers.Engine;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import io.dblens.parsers.io.BoundedLineReader;
import io.dblens.parsers.io.FileOutcome;
import io.dblens.parsers.io.FileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs whole files through {@link FileParser} and keeps what came out. */
final class CorpusSupport {

  /** The pgBadger fixtures, relative to the parsers module (checkout at root/main, data at root/shared). */
  static final Path FIXTURES = Path.of("../../shared/data/real/pgbadger/t/fixtures");
  static final Path PGBADGER_OUT = Path.of("../../shared/data/real/pgbadger/_generated/pgbadger");
  static final Path PGANALYZE = Path.of("../../shared/data/real/pganalyze-collector/_derived/analyze_test_cases.jsonl");

  record Quarantined(long start, long end, String text, String reason) {}

  record Result(FileOutcome outcome, List<LogEvent> events, List<Quarantined> quarantined) {}

  private CorpusSupport() {}

  static Result parse(Path file, Engine engine, String format, ParseContext context) throws IOException {
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
    FileParser parser = new FileParser(ParserDispatcher.standard(), BoundedLineReader.DEFAULT_MAX_LINE_BYTES);
    try (InputStream in = Files.newInputStream(file)) {
      FileOutcome outcome = parser.parse(in, engine, format, context, sink);
      return new Result(outcome, events, quarantined);
    }
  }
}
