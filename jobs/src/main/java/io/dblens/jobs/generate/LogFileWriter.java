package io.dblens.jobs.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one stderr log file: every line starts with the rendered {@code log_line_prefix} and a
 * severity, and lines accumulate in one large byte buffer that goes to disk in big blocks.
 */
final class LogFileWriter implements Closeable {
  static final byte[] LOG = AsciiBuffer.ascii("LOG:  ");
  static final byte[] ERROR = AsciiBuffer.ascii("ERROR:  ");
  static final byte[] DETAIL = AsciiBuffer.ascii("DETAIL:  ");
  static final byte[] HINT = AsciiBuffer.ascii("HINT:  ");
  static final byte[] CONTEXT = AsciiBuffer.ascii("CONTEXT:  ");
  static final byte[] STATEMENT = AsciiBuffer.ascii("STATEMENT:  ");
  static final byte[] SQLSTATE_OK = AsciiBuffer.ascii("00000");
  private static final byte[] CONTINUATION = AsciiBuffer.ascii("\n\t");
  private static final int FLUSH_AT = 1 << 20;

  private final OutputStream out;
  private final LinePrefix prefix;
  private final LogClock clock;
  private final AsciiBuffer buffer = new AsciiBuffer(FLUSH_AT + (64 << 10));
  private long flushedLines;
  private long flushedBytes;

  LogFileWriter(Path path, LinePrefix prefix, LogClock clock) throws IOException {
    this.out = Files.newOutputStream(path);
    this.prefix = prefix;
    this.clock = clock;
  }

  /** Starts a line for {@code process} at the clock's time; the caller appends the message, then {@link #end()}. */
  AsciiBuffer begin(PgProcess process, byte[] sqlState, byte[] severity) {
    prefix.render(buffer, clock, process, sqlState);
    return buffer.append(severity);
  }

  AsciiBuffer begin(PgProcess process, byte[] severity) {
    return begin(process, SQLSTATE_OK, severity);
  }

  /** Starts a continuation line of the current message, as PostgreSQL writes it: a TAB after the newline. */
  AsciiBuffer continuation() {
    return buffer.append(CONTINUATION, 1);
  }

  void end() throws IOException {
    buffer.append('\n');
    if (buffer.length() >= FLUSH_AT) {
      flush();
    }
  }

  long lines() {
    return flushedLines + buffer.newlines();
  }

  long bytes() {
    return flushedBytes + buffer.length();
  }

  private void flush() throws IOException {
    out.write(buffer.array(), 0, buffer.length());
    flushedLines += buffer.newlines();
    flushedBytes += buffer.length();
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
