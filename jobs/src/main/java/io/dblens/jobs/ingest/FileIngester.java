package io.dblens.jobs.ingest;

import io.dblens.common.TableFileWriter;
import io.dblens.common.Tables;
import io.dblens.common.WrittenFile;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import io.dblens.parsers.io.FileOutcome;
import io.dblens.parsers.io.FileParser;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs on the executors: parses each file of its partition once, writing its {@code log_events} rows and
 * the typed tables' rows ({@link TypedRows}) straight into data files of those tables, which the driver
 * then commits, and its quarantine ranges to the run's {@link SideOutputs}; the files written, ledger rows
 * and statement shapes come back as the task's {@link Output}.
 */
final class FileIngester implements FlatMapFunction<Iterator<FilePart>, FileIngester.Output> {

  /**
   * What a task hands back to the driver: the data files it wrote, a ledger row per file part, and its
   * statement shapes ({@code query_fingerprints} rows; analysed when the catalogue did not know them).
   */
  record Output(List<WrittenFile> files, List<Row> ledger, List<Row> shapes) implements Serializable {}

  private static final long serialVersionUID = 1L;

  private final SerializableConf conf;
  private final SideOutputs side;
  private final String runId;
  private final boolean keepLiterals;
  private final int maxLineBytes;
  /** Qualified directory of each table written, by name. */
  private final Map<String, String> roots;
  private final Broadcast<Set<String>> knownShapes;

  /**
   * @param conf  Hadoop configuration with the session's Parquet settings ({@link TableFileWriter#configure})
   * @param roots qualified directory of {@code log_events} and of every typed table, by table name
   * @param knownShapes fingerprint ids already in {@code query_fingerprints}: shapes not analysed again
   */
  FileIngester(SerializableConf conf, SideOutputs side, String runId, boolean keepLiterals, int maxLineBytes,
      Map<String, String> roots, Broadcast<Set<String>> knownShapes) {
    this.conf = conf;
    this.side = side;
    this.runId = runId;
    this.keepLiterals = keepLiterals;
    this.maxLineBytes = maxLineBytes;
    this.roots = Map.copyOf(roots);
    this.knownShapes = knownShapes;
  }

  @Override
  public Iterator<Output> call(Iterator<FilePart> parts) throws IOException {
    Configuration hadoop = conf.get();
    TaskContext context = TaskContext.get();
    int partition = context == null ? 0 : context.partitionId();
    TableFileWriter events = new TableFileWriter(Tables.LOG_EVENTS, roots.get(Tables.LOG_EVENTS.name()), hadoop,
        partition);
    TableFileWriter[] typed = TypedRows.ALL.stream().map(t -> new TableFileWriter(t.table(),
        roots.get(t.table().name()), hadoop, partition)).toArray(TableFileWriter[]::new);
    try {
      ParserDispatcher dispatcher = ParserDispatcher.standard();
      List<Row> ledger = new ArrayList<>();
      List<Row> seen = new ArrayList<>();
      while (parts.hasNext()) {
        ingest(parts.next(), dispatcher, hadoop, events, typed, ledger, seen);
      }
      List<WrittenFile> written = new ArrayList<>(events.finish());
      for (TableFileWriter w : typed) {
        written.addAll(w.finish());
      }
      List<Row> shapes = FingerprintCatalog.analyse(FingerprintCatalog.combine(seen), knownShapes.value());
      return List.of(new Output(written, ledger, shapes)).iterator();
    } catch (IOException | RuntimeException | Error e) {
      events.abort();
      for (TableFileWriter w : typed) {
        w.abort();
      }
      throw e;
    }
  }

  private void ingest(FilePart part, ParserDispatcher dispatcher, Configuration hadoop, TableFileWriter events,
      TableFileWriter[] typed, List<Row> ledger, List<Row> seen) throws IOException {
    FileTask task = part.file();
    Engine engine = task.engine() == null ? null : Engine.parse(task.engine());
    ParseContext context = new ParseContext(task.path(), ZoneId.of(task.timezone()), task.linePrefix());
    FileParser parser = new FileParser(dispatcher, maxLineBytes);
    FileOutcome outcome;
    try (RowsSink sink = new RowsSink(part, hadoop, events, typed, seen)) {
      outcome = parser.parse(() -> task.open(hadoop), engine, task.format(), context, sink, part.start(), part.end());
    }
    if (outcome == null) {
      return; // the part had nothing to read: the file's first part read it all
    }
    // One ledger row per part; the driver adds up the parts of a file.
    ledger.add(new GenericRowWithSchema(new Object[] {task.fileId(), task.path(), task.size(), task.checksum(),
        new Timestamp(task.modifiedAt()), outcome.engine() == null ? task.engine() : outcome.engine().id(),
        outcome.format(), outcome.compression() == null ? null : outcome.compression().id(), task.instance(),
        outcome.inferred(), outcome.status().id(), outcome.linesRead(), outcome.linesParsed(),
        outcome.linesQuarantined(), outcome.events(), byId(outcome.eventsByType()), outcome.bytesRead(),
        outcome.error(), Timestamp.from(Instant.now()), runId}, Tables.INGEST_FILES.schema()));
  }

  private static scala.collection.Map<String, Long> byId(Map<EventType, Long> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((type, n) -> out.put(type.id(), n));
    return CollectionConverters.asScala(out);
  }

  /** Builds rows as the parser emits; the engine is known only once the parser has been chosen. */
  private final class RowsSink implements EventSink, AutoCloseable {
    private final FilePart part;
    private final FileTask task;
    private final Configuration hadoop;
    private final TableFileWriter events;
    /** One per {@link TypedRows#ALL}, in that order. */
    private final TableFileWriter[] typed;
    private final List<Row> seen;
    private EventRows rows;
    private SideOutputs.Writer quarantine;

    RowsSink(FilePart part, Configuration hadoop, TableFileWriter events, TableFileWriter[] typed, List<Row> seen) {
      this.part = part;
      this.task = part.file();
      this.hadoop = hadoop;
      this.events = events;
      this.typed = typed;
      this.seen = seen;
    }

    @Override
    public void begin(Engine engine, String format) {
      rows = new EventRows(task.fileId(), task.instance(), engine, keepLiterals);
    }

    @Override
    public void event(LogEvent event) {
      Object[] row = rows.event(event);
      try {
        events.write(row);
        for (int i = 0; i < typed.length; i++) {
          Object[] typedRow = TypedRows.ALL.get(i).row(event, row);
          if (typedRow != null) {
            typed[i].write(typedRow);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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
        seen.addAll(rows.shapes());
      }
    }
  }
}
