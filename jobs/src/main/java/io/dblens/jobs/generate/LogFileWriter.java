package io.dblens.jobs.generate;

import java.io.IOException;
import java.nio.file.Path;

/** Writes one PostgreSQL stderr log file: every line starts with the rendered {@code log_line_prefix} and a severity. */
final class LogFileWriter extends LogFile {
  static final byte[] LOG = AsciiBuffer.ascii("LOG:  ");
  static final byte[] ERROR = AsciiBuffer.ascii("ERROR:  ");
  static final byte[] DETAIL = AsciiBuffer.ascii("DETAIL:  ");
  static final byte[] HINT = AsciiBuffer.ascii("HINT:  ");
  static final byte[] CONTEXT = AsciiBuffer.ascii("CONTEXT:  ");
  static final byte[] STATEMENT = AsciiBuffer.ascii("STATEMENT:  ");
  static final byte[] SQLSTATE_OK = AsciiBuffer.ascii("00000");
  private static final byte[] CONTINUATION = AsciiBuffer.ascii("\n\t");

  private final LinePrefix prefix;
  private final LogClock clock;

  LogFileWriter(Path path, LinePrefix prefix, LogClock clock) throws IOException {
    super(path);
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
}
