package io.dblens.jobs.ingest;

import io.dblens.parsers.Engine;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import io.dblens.parsers.io.BoundedLineReader;
import io.dblens.parsers.io.FileOutcome;
import io.dblens.parsers.io.FileParser;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs on the executors: reads each file of its partition and streams out staged rows. A file whose
 * checksum matches the ledger is not read again (a {@code skipped} file row says so).
 */
final class FileIngester implements FlatMapFunction<Iterator<FileTask>, Row> {

  private static final long serialVersionUID = 1L;

  /** Bytes from each end of a file that go into its checksum. */
  static final int CHECKSUM_SPAN = 1 << 20;

  private final SerializableConf conf;
  private final String runId;
  private final boolean keepLiterals;
  private final int maxLineBytes;

  FileIngester(SerializableConf conf, String runId, boolean keepLiterals, int maxLineBytes) {
    this.conf = conf;
    this.runId = runId;
    this.keepLiterals = keepLiterals;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Iterator<Row> call(Iterator<FileTask> tasks) {
    PushToPull<Row> rows = new PushToPull<>("dblens-parse", out -> {
      ParserDispatcher dispatcher = ParserDispatcher.standard();
      while (tasks.hasNext()) {
        ingest(tasks.next(), dispatcher, out);
      }
    });
    TaskContext context = TaskContext.get();
    if (context != null) {
      context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> rows.close());
    }
    return rows;
  }

  private void ingest(FileTask task, ParserDispatcher dispatcher, Consumer<Row> out) throws IOException {
    String checksum = task.checksum(conf.get());
    if (!task.force() && checksum.equals(task.knownChecksum())) {
      out.accept(fileRow(task, checksum, new FileOutcome(FileStatus.SKIPPED, null, task.format(), null, "",
          0, 0, 0, 0, 0, null)));
      return;
    }
    Engine engine = task.engine() == null ? null : Engine.parse(task.engine());
    ParseContext context = new ParseContext(task.path(), ZoneId.of(task.timezone()), task.linePrefix());
    FileParser parser = new FileParser(dispatcher, maxLineBytes);
    RowsSink sink = new RowsSink(task, out);
    FileOutcome outcome = parser.parse(task.open(conf.get()), engine, task.format(), context, sink);
    sink.finish();
    out.accept(fileRow(task, checksum, outcome));
  }

  /** Size plus CRC-32C of the first and last MiB: cheap on huge files, and changes when a log grows. */
  static String checksum(FileSystem fs, Path path, long size) throws IOException {
    CRC32C crc = new CRC32C();
    try (FSDataInputStream in = fs.open(path)) {
      int head = (int) Math.min(size, CHECKSUM_SPAN);
      byte[] buf = new byte[head];
      in.readFully(0, buf);
      crc.update(buf);
      if (size > CHECKSUM_SPAN) {
        int tail = (int) Math.min(size - CHECKSUM_SPAN, CHECKSUM_SPAN);
        byte[] end = new byte[tail];
        in.readFully(size - tail, end);
        crc.update(end);
      }
    }
    return size + ":" + Long.toHexString(crc.getValue());
  }

  private Row fileRow(FileTask task, String checksum, FileOutcome o) {
    Row file = RowFactory.create(task.fileId(), task.path(), task.size(), checksum,
        new Timestamp(task.modifiedAt()), o.engine() == null ? task.engine() : o.engine().id(), o.format(),
        o.compression() == null ? null : o.compression().id(), task.instance(), o.inferred(), o.status().id(),
        o.linesRead(), o.linesParsed(), o.linesQuarantined(), o.events(), o.bytesRead(), o.error(),
        Timestamp.from(Instant.now()), runId);
    return RowFactory.create(Staged.FILE, task.fileId(), null, null, null, null, null, null, file, null);
  }

  /** Builds rows as the parser emits; the engine is known only once the parser has been chosen. */
  private final class RowsSink implements EventSink {
    private final FileTask task;
    private final Consumer<Row> out;
    private EventRows rows;

    RowsSink(FileTask task, Consumer<Row> out) {
      this.task = task;
      this.out = out;
    }

    @Override
    public void begin(Engine engine, String format) {
      rows = new EventRows(task.fileId(), task.instance(), engine, keepLiterals);
    }

    @Override
    public void event(LogEvent event) {
      rows.event(event, out);
    }

    @Override
    public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
      Row q = RowFactory.create(task.fileId(), task.path(), task.instance(), lineStart, lineEnd, rawText, reason,
          runId);
      out.accept(RowFactory.create(Staged.QUARANTINE, task.fileId(), null, null, null, null, null, q, null, null));
    }

    void finish() {
      if (rows != null) {
        rows.flushFingerprints(out);
      }
    }
  }
}
