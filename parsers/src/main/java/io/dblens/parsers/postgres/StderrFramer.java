package io.dblens.parsers.postgres;

import io.dblens.parsers.QuarantineBuffer;
import java.time.Instant;

/**
 * Frames stderr-style text: a line starting with the log_line_prefix opens an entry, and the lines
 * PostgreSQL continues a message with (it puts a tab after every newline of a message; editors and
 * copy-paste turn it into spaces) belong to it. Anything else, such as pg_ctl output interleaved in the
 * same file, cannot be attributed and is quarantined.
 */
final class StderrFramer implements Framer {

  private final EntryHead head;
  private final SessionAssembler out;
  private final QuarantineBuffer quarantine;
  private final String prefixText;
  private PgEntry pending;

  StderrFramer(EntryHead head, SessionAssembler out, QuarantineBuffer quarantine) {
    this.head = head;
    this.out = out;
    this.quarantine = quarantine;
    this.prefixText = head.prefix().render();
  }

  @Override
  public void line(long number, String text) {
    line(number, text, null, null);
  }

  /**
   * @param externalTime time given by an envelope (Cloud SQL), used when the prefix has none
   * @param externalRaw  its raw text
   */
  void line(long number, String text, Instant externalTime, String externalRaw) {
    if (!text.isEmpty() && text.charAt(0) != '\t') {
      PgEntry e = head.parse(number, text);
      if (e != null) {
        if (e.time == null && externalTime != null) {
          e.time = externalTime;
          e.rawTime = externalRaw;
        }
        flush();
        pending = e;
        return;
      }
    }
    if (pending != null && (text.isEmpty() || text.charAt(0) == '\t' || text.charAt(0) == ' ')) {
      pending.appendLine(number, !text.isEmpty() && text.charAt(0) == '\t' ? text.substring(1) : text);
      return;
    }
    boolean continuation = text.isEmpty() || text.charAt(0) == '\t' || text.charAt(0) == ' ';
    if (!continuation) {
      // The entry before ends here: continuation lines after this one belong to it, not to that entry.
      flush();
    }
    quarantine.add(number, text, continuation
        ? "continuation line with no entry to attach to (it follows a quarantined line or starts the file)"
        : "line does not start with the log_line_prefix '" + prefixText
            + "' and is not a continuation line (PostgreSQL starts those with a tab; some tools turn it into spaces)");
  }

  @Override
  public void flush() {
    if (pending != null) {
      out.accept(pending);
      pending = null;
    }
  }
}
