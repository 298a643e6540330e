package io.dblens.parsers.io;

import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.FormatDetector;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one log file end to end: decompresses, rejects binary content, picks the parser from the
 * file's first lines, streams the rest through it, and accounts for every line. It never throws for
 * bad content: a truncated archive, invalid UTF-8, an over-long line or a parser failure each end in
 * quarantine rows and a status with a reason, and whatever could be read is kept.
 */
public final class FileParser {

  /** Longest raw text kept in one quarantine row; the line range still covers everything. */
  static final int MAX_QUARANTINE_TEXT = 64 * 1024;

  /** Lines grouped into one quarantine row when a whole file is unrecognised. */
  static final int UNRECOGNISED_CHUNK_LINES = 1000;

  private final ParserDispatcher dispatcher;
  private final int maxLineBytes;

  public FileParser(ParserDispatcher dispatcher, int maxLineBytes) {
    this.dispatcher = dispatcher;
    this.maxLineBytes = maxLineBytes;
  }

  /** Opens a file's bytes as stored, from the start (a part of a file opens it twice). */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /**
   * Reads a whole file.
   *
   * @param raw     the file's bytes as stored (compressed or not); closed by this method
   * @param engine  the engine named by the user, or null to detect it
   * @param format  the format named by the user, or null to detect it
   */
  public FileOutcome parse(InputStream raw, Engine engine, String format, ParseContext context, EventSink sink) {
    return parse(() -> raw, engine, format, context, sink, 0, Long.MAX_VALUE);
  }

  /**
   * Reads the part of a file between two byte offsets, so that several tasks can share one large file:
   * the lines from the first line at or after {@code start} where the parser may begin (its
   * {@link io.dblens.parsers.LogParser#partStart()}) up to the first such line at or after {@code end}.
   * Parts with adjoining offsets take every line once, numbered as in the whole file; each part's
   * outcome accounts for its own lines.
   *
   * @return what the part gave, or null when it has nothing to read: the file cannot be read in parts
   *     (compressed, binary, or a format without part starts), so the part at offset 0 reads all of it;
   *     or no line where a part may begin lies between the offsets
   */
  public FileOutcome parse(Opener opener, Engine engine, String format, ParseContext context, EventSink sink,
      long start, long end) {
    Counting counting = new Counting(sink);
    Compression compression = Compression.NONE;
    BoundedLineReader reader = null;
    Replay replay = null;
    FormatDetector.Detection detection = null;
    String error = null;
    boolean truncated = false;
    boolean[] inPart = {start == 0};
    try {
      if (start > 0) {
        detection = detectForPart(opener, engine, format, context);
        if (detection == null) {
          return null;
        }
      }
      try (InputStream in = opener.open()) {
        LogInput input = LogInput.open(in);
        compression = input.compression();
        if (input.binary()) {
          counting.quarantine(1, 0, "", input.rejection());
          return outcome(FileStatus.REJECTED, engine, format, compression, "", 1, 0, counting, 0,
              input.rejection());
        }
        reader = new BoundedLineReader(input.stream(), maxLineBytes, (number, length, head) -> {
          if (inPart[0]) {
            counting.quarantine(number, number, head,
                "line of " + length + " bytes exceeds the limit of " + maxLineBytes + " bytes");
          }
        });
        replay = new Replay(reader);
        if (start > 0) {
          LogParser.PartPrelude prelude = detection.parser().partPrelude();
          reader.skipTo(start, prelude);
          if (!replay.seekPartStart(detection.parser().partStart(), prelude, end)) {
            return null;
          }
          inPart[0] = true;
        } else {
          List<String> sample = replay.sample(ParserDispatcher.SAMPLE_LINES);
          if (replay.isEmpty() && input.readFailure() != null) {
            throw input.readFailure();
          }
          if (replay.isEmpty()) {
            // No line reached the parsers: the file is empty, or every line was over-long.
            boolean empty = counting.quarantinedLines == 0;
            return outcome(empty ? FileStatus.EMPTY : FileStatus.UNRECOGNISED, engine, format, compression, "",
                1, reader.lineCount(), counting, reader.bytesRead(), empty ? null : counting.firstReason);
          }
          Optional<FormatDetector.Detection> found = dispatcher.detect(sample, engine, format, context);
          if (found.isEmpty()) {
            quarantineRest(replay, counting, unrecognisedReason(engine, format));
            return outcome(FileStatus.UNRECOGNISED, engine, format, compression, "", 1, reader.lineCount(),
                counting, reader.bytesRead(), unrecognisedReason(engine, format));
          }
          detection = found.get();
        }
        if (end != Long.MAX_VALUE && compression == Compression.NONE) {
          replay.stopAt(detection.parser().partStart(), end);
        }
        counting.begin(detection.engine(), detection.format());
        try {
          detection.parser().parse(replay, counting);
        } catch (RuntimeException e) {
          error = "parser failed after line " + counting.lastLine + ": " + e;
          quarantineRest(replay, counting, "not parsed: " + error);
        }
        if (input.readFailure() != null) {
          throw input.readFailure();
        }
      }
    } catch (IOException e) {
      truncated = true;
      error = "reading stopped after line " + (reader == null ? 0 : reader.lineCount()) + ": " + describe(e);
    }
    long first = replay == null ? 1 : replay.firstLine();
    long last = replay == null ? 0 : replay.lastLine();
    counting.quarantineUncovered(first, last, error);
    FileStatus status;
    if (truncated) {
      status = FileStatus.TRUNCATED;
    } else if (counting.quarantinedLines > 0 || (reader != null && reader.invalidUtf8Lines() > 0)) {
      status = counting.events == 0 ? FileStatus.UNRECOGNISED : FileStatus.PARTIAL;
    } else {
      status = FileStatus.OK;
    }
    if (error == null && reader != null && reader.invalidUtf8Lines() > 0) {
      error = reader.invalidUtf8Lines() + " line(s) were not valid UTF-8 (first at line "
          + reader.firstInvalidUtf8Line() + "); invalid bytes were replaced with U+FFFD";
    } else if (error == null && counting.quarantinedLines > 0) {
      error = counting.quarantinedLines + " line(s) quarantined (first: " + counting.firstReason + ")";
    }
    return outcome(status, detection == null ? engine : detection.engine(),
        detection == null ? format : detection.format(), compression,
        detection == null ? "" : detection.inferred(), first, last, counting,
        replay == null ? 0 : replay.bytes(), error);
  }

  /** The format of a file whose later part is to be read, from its head; null when it cannot be split. */
  private FormatDetector.Detection detectForPart(Opener opener, Engine engine, String format, ParseContext context)
      throws IOException {
    try (InputStream in = opener.open()) {
      LogInput input = LogInput.open(in);
      if (input.binary() || input.compression() != Compression.NONE) {
        return null;
      }
      Replay head = new Replay(new BoundedLineReader(input.stream(), maxLineBytes, (number, length, text) -> { }));
      FormatDetector.Detection d = dispatcher.detect(head.sample(ParserDispatcher.SAMPLE_LINES), engine, format,
          context).orElse(null);
      return d == null || d.parser().partStart() == null ? null : d;
    }
  }

  private static String unrecognisedReason(Engine engine, String format) {
    String what = engine == null ? "any supported engine" : engine.id();
    return format == null
        ? "no line matches a log format of " + what + "; name the engine and format with --engine/--format"
        : "lines do not match the " + what + " format '" + format + "'";
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.io.EOFException || (m != null && m.toLowerCase().contains("unexpected end"))) {
      return "unexpected end of compressed data (truncated archive?)";
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static void quarantineRest(LineSource lines, Counting sink, String reason) throws IOException {
    Line first = null;
    long last = 0;
    StringBuilder text = new StringBuilder();
    Line line;
    while ((line = lines.next()) != null) {
      if (first == null) {
        first = line;
      }
      last = line.number();
      if (text.length() < MAX_QUARANTINE_TEXT) {
        text.append(line.text(), 0, Math.min(line.text().length(), MAX_QUARANTINE_TEXT - text.length()))
            .append('\n');
      }
      if (last - first.number() + 1 >= UNRECOGNISED_CHUNK_LINES) {
        sink.quarantine(first.number(), last, text.toString(), reason);
        first = null;
        text.setLength(0);
      }
    }
    if (first != null) {
      sink.quarantine(first.number(), last, text.toString(), reason);
    }
  }

  private static FileOutcome outcome(FileStatus status, Engine engine, String format, Compression compression,
      String inferred, long firstLine, long lastLine, Counting counting, long bytes, String error) {
    long read = Math.max(0, lastLine - firstLine + 1);
    long quarantined = Math.min(read, counting.quarantinedLines);
    return new FileOutcome(status, engine, format, compression, inferred, read, read - quarantined,
        quarantined, counting.events, counting.byType(), bytes, error);
  }

  /** Counts what passes through and keeps the first reason, for the ledger. */
  private static final class Counting implements EventSink {
    private final EventSink delegate;
    long events;
    private final long[] perType = new long[EventType.values().length];
    long quarantinedLines;
    long lastLine;
    String firstReason;
    final BitSet covered = new BitSet();

    Counting(EventSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public void begin(Engine engine, String format) {
      delegate.begin(engine, format);
    }

    @Override
    public void event(LogEvent event) {
      events++;
      perType[event.type().ordinal()]++;
      lastLine = Math.max(lastLine, event.lineEnd());
      cover(event.lineStart(), event.lineEnd());
      delegate.event(event);
    }

    @Override
    public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
      if (lineEnd >= lineStart) {
        quarantinedLines += lineEnd - lineStart + 1;
        lastLine = Math.max(lastLine, lineEnd);
        cover(lineStart, lineEnd);
      }
      if (firstReason == null) {
        firstReason = reason;
      }
      String text = rawText.length() > MAX_QUARANTINE_TEXT ? rawText.substring(0, MAX_QUARANTINE_TEXT) : rawText;
      delegate.quarantine(lineStart, lineEnd, text, reason);
    }

    /**
     * Lines no event or quarantine row covers were taken in by the parser and dropped (a parser failure
     * or defect); their text is gone, but they are counted and quarantined so the ledger stays honest.
     */
    void quarantineUncovered(long firstLine, long lastLine, String error) {
      int end = (int) Math.min(lastLine, Integer.MAX_VALUE - 1);
      for (int from = covered.nextClearBit((int) Math.max(1, Math.min(firstLine, end + 1))); from <= end; ) {
        int to = covered.nextSetBit(from);
        to = to < 0 || to > end + 1 ? end + 1 : to;
        quarantine(from, to - 1, "", "lines read but not accounted for by the parser"
            + (error == null ? "" : " (" + error + ")"));
        from = covered.nextClearBit(to);
      }
    }

    Map<EventType, Long> byType() {
      Map<EventType, Long> out = new EnumMap<>(EventType.class);
      for (EventType t : EventType.values()) {
        if (perType[t.ordinal()] > 0) {
          out.put(t, perType[t.ordinal()]);
        }
      }
      return out;
    }

    private void cover(long start, long end) {
      if (start >= 1 && end >= start && end < Integer.MAX_VALUE) {
        covered.set((int) start, (int) end + 1);
      }
    }
  }

  /**
   * The lines of a file or part: replays the sampled opening lines before the rest of the stream, and
   * ends a part before the first line at or after its end offset where the next part begins.
   */
  private static final class Replay implements LineSource {
    private final BoundedLineReader source;
    private final Deque<Line> buffered = new ArrayDeque<>();
    private final Deque<Long> offsets = new ArrayDeque<>();
    private Predicate<String> partStart;
    private long end = Long.MAX_VALUE;
    private long firstLine = 1;
    private long firstOffset;
    private long stopLine = -1;
    private long stopOffset;

    Replay(BoundedLineReader source) {
      this.source = source;
    }

    List<String> sample(int nonEmpty) throws IOException {
      List<String> sample = new ArrayList<>();
      Line line;
      long offset = source.offset();
      while (sample.size() < nonEmpty && (line = source.next()) != null) {
        buffered.add(line);
        offsets.add(offset);
        offset = source.offset();
        if (!line.text().isBlank()) {
          sample.add(line.text());
        }
      }
      return sample;
    }

    /**
     * Moves to the first line where a part may begin, before {@code end}; false when there is none. The
     * lines passed belong to the part before; the prelude, when there is one, is shown them.
     */
    boolean seekPartStart(Predicate<String> test, LogParser.PartPrelude prelude, long end) throws IOException {
      while (true) {
        long offset = source.offset();
        Line line = source.next();
        if (line == null || offset >= end) {
          return false;
        }
        if (test.test(line.text())) {
          buffered.add(line);
          offsets.add(offset);
          firstLine = line.number();
          firstOffset = offset;
          return true;
        }
        if (prelude != null) {
          prelude.passed(line.text());
        }
      }
    }

    void stopAt(Predicate<String> test, long end) {
      this.partStart = test;
      this.end = end;
    }

    boolean isEmpty() {
      return buffered.isEmpty();
    }

    @Override
    public Line next() throws IOException {
      if (stopLine >= 0) {
        return null;
      }
      Line l = buffered.poll();
      long offset;
      if (l != null) {
        offset = offsets.poll();
      } else {
        offset = source.offset();
        l = source.next();
      }
      if (l != null && partStart != null && offset >= end && partStart.test(l.text())) {
        stopLine = l.number();
        stopOffset = offset;
        return null;
      }
      return l;
    }

    long firstLine() {
      return firstLine;
    }

    /** The part's last line: the one before where the next part begins, or the file's last. */
    long lastLine() {
      return stopLine >= 0 ? stopLine - 1 : source.lineCount();
    }

    long bytes() {
      return (stopLine >= 0 ? stopOffset : source.bytesRead()) - firstOffset;
    }
  }
}
