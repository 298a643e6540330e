package io.dblens.jobs.ingest;

import io.dblens.common.Tables;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import io.dblens.parsers.io.FileOutcome;
import io.dblens.parsers.io.FileParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Runs on the executors: parses each file of its partition once, streaming out its {@code log_events}
 * rows and writing its ledger row, quarantine ranges and statement shapes to the run's
 * {@link SideOutputs}.
 */
final class FileIngester implements FlatMapFunction<Iterator<FilePart>, InternalRow> {

  private static final long serialVersionUID = 1L;

  private final SerializableConf conf;
  private final SideOutputs side;
  private final String runId;
  private final boolean keepLiterals;
  private final int maxLineBytes;

  FileIngester(SerializableConf conf, SideOutputs side, String runId, boolean keepLiterals, int maxLineBytes) {
    this.conf = conf;
    this.side = side;
    this.runId = runId;
    this.keepLiterals = keepLiterals;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<FilePart> parts) {
    PushToPull<InternalRow> rows = new PushToPull<>("dblens-parse", out -> {
      ParserDispatcher dispatcher = ParserDispatcher.standard();
      while (parts.hasNext()) {
        ingest(parts.next(), dispatcher, out);
      }
    });
    TaskContext context = TaskContext.get();
    if (context != null) {
      context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> rows.close());
    }
    return rows;
  }

  private void ingest(FilePart part, ParserDispatcher dispatcher, Consumer<InternalRow> out) throws IOException {
    FileTask task = part.file();
    Configuration hadoop = conf.get();
    Engine engine = task.engine() == null ? null : Engine.parse(task.engine());
    ParseContext context = new ParseContext(task.path(), ZoneId.of(task.timezone()), task.linePrefix());
    FileParser parser = new FileParser(dispatcher, maxLineBytes);
    FileOutcome outcome;
    try (RowsSink sink = new RowsSink(part, hadoop, out)) {
      outcome = parser.parse(() -> task.open(hadoop), engine, task.format(), context, sink, part.start(), part.end());
    }
    if (outcome == null) {
      return; // the part had nothing to read: the file's first part read it all
    }
    // One ledger row per part; the driver adds up the parts of a file.
    try (SideOutputs.Writer ledger = side.open(hadoop, SideOutputs.FILES, part.name(), Tables.INGEST_FILES.schema())) {
      ledger.row(task.fileId(), task.path(), task.size(), task.checksum(), Instant.ofEpochMilli(task.modifiedAt()),
          outcome.engine() == null ? task.engine() : outcome.engine().id(), outcome.format(),
          outcome.compression() == null ? null : outcome.compression().id(), task.instance(), outcome.inferred(),
          outcome.status().id(), outcome.linesRead(), outcome.linesParsed(), outcome.linesQuarantined(),
          outcome.events(), byId(outcome.eventsByType()), outcome.bytesRead(), outcome.error(), Instant.now(), runId);
    }
  }

  private static Map<String, Long> byId(Map<EventType, Long> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((type, n) -> out.put(type.id(), n));
    return out;
  }

  /** Builds rows as the parser emits; the engine is known only once the parser has been chosen. */
  private final class RowsSink implements EventSink, AutoCloseable {
    private final FilePart part;
    private final FileTask task;
    private final Configuration hadoop;
    private final Consumer<InternalRow> out;
    private EventRows rows;
    private SideOutputs.Writer quarantine;

    RowsSink(FilePart part, Configuration hadoop, Consumer<InternalRow> out) {
      this.part = part;
      this.task = part.file();
      this.hadoop = hadoop;
      this.out = out;
    }

    @Override
    public void begin(Engine engine, String format) {
      rows = new EventRows(task.fileId(), task.instance(), engine, keepLiterals);
    }

    @Override
    public void event(LogEvent event) {
      out.accept(rows.event(event));
    }

    @Override
    public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
      try {
        if (quarantine == null) {
          quarantine = side.open(hadoop, SideOutputs.QUARANTINE, part.name(), Tables.QUARANTINE.schema());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      quarantine.row(task.fileId(), task.path(), task.instance(), lineStart, lineEnd, rawText, reason, runId);
    }

    @Override
    public void close() throws IOException {
      if (quarantine != null) {
        quarantine.close();
      }
      if (rows != null) {
        try (SideOutputs.Writer shapes = side.open(hadoop, SideOutputs.FINGERPRINTS, part.name(),
            FingerprintCatalog.SEEN)) {
          rows.writeFingerprints(shapes);
        }
      }
    }
  }
}
