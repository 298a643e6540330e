package io.dblens.jobs.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One generated log file: lines accumulate in one large byte buffer that goes to disk in big blocks,
 * with the lines and bytes written so far counted on the way (for line budgets and the ground truth).
 */
class LogFile implements Closeable {
  private static final int FLUSH_AT = 1 << 20;

  private final OutputStream out;
  /** Where the caller appends; {@link #end()} after each complete line or entry. */
  final AsciiBuffer buffer = new AsciiBuffer(FLUSH_AT + (64 << 10));
  private long flushedLines;
  private long flushedBytes;

  LogFile(Path path) throws IOException {
    this.out = Files.newOutputStream(path);
  }

  /** Ends the current line, and writes the buffer out once it is large. */
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
