package io.dblens.parsers.postgres;

import io.dblens.parsers.QuarantineBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Frames syslog and logplex lines. Each physical line carries its own envelope with the pid and the
 * {@code [n-m]} numbers; lines of different processes interleave, so one entry is kept open per pid.
 * A line whose text starts with the log_line_prefix opens an entry (DETAIL/HINT lines do too, and are
 * then merged by the assembler); other lines with m > 1 continue the open entry of their pid.
 */
final class SyslogFramer implements Framer {

  private final EntryHead head;
  private final PgTime time;
  private final SyslogYear years;
  private final SessionAssembler out;
  private final QuarantineBuffer quarantine;
  private final SyslogHeader header = new SyslogHeader();
  private final Map<Long, PgEntry> open = new HashMap<>();
  private final String prefixText;

  SyslogFramer(EntryHead head, PgTime time, SyslogYear years, SessionAssembler out, QuarantineBuffer quarantine) {
    this.head = head;
    this.time = time;
    this.years = years;
    this.out = out;
    this.quarantine = quarantine;
    this.prefixText = head.prefix().render();
  }

  @Override
  public void line(long number, String text) {
    if (!header.scan(text)) {
      quarantine.add(number, text, "line does not start with a syslog header 'Mon dd hh:mm:ss host ident[pid]: [n-m]'");
      return;
    }
    String rest = text.substring(header.restStart);
    PgEntry e = rest.isEmpty() || rest.charAt(0) == '\t' ? null : head.parse(number, rest);
    if (e != null) {
      if (e.time == null) {
        e.rawTime = text.substring(header.timeStart, header.timeEnd);
        e.time = envelopeTime(text);
      }
      if (e.pid == null) {
        e.pid = header.pid;
      }
      if (header.seq >= 0) {
        e.attribute("pg.syslog_seq", Long.toString(header.seq));
      }
      PgEntry prev = open.put(header.pid, e);
      if (prev != null) {
        out.accept(prev);
      }
      return;
    }
    PgEntry pending = open.get(header.pid);
    if (pending != null && header.part > 1) {
      pending.appendLine(number, continuation(rest));
      return;
    }
    quarantine.add(number, text, pending == null
        ? "syslog text does not start with the log_line_prefix '" + prefixText + "' and continues no entry of pid "
            + header.pid
        : "syslog text does not start with the log_line_prefix '" + prefixText + "' and is numbered as a new message");
  }

  private Instant envelopeTime(String text) {
    if (header.month == 0) {
      return time.parse(text, header.timeStart, header.timeEnd);
    }
    int year = years.yearFor(header.month);
    try {
      return time.local(year, header.month, header.day, header.hour, header.minute, header.second);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** rsyslog escapes the tab that starts continuation lines as {@code #011}. */
  private static String continuation(String rest) {
    if (rest.startsWith("#011")) {
      return rest.substring(4);
    }
    if (!rest.isEmpty() && rest.charAt(0) == '\t') {
      return rest.substring(1);
    }
    return rest;
  }

  @Override
  public void flush() {
    // Emit in line order so that the assembler sees parents before later children.
    open.values().stream().sorted((a, b) -> Long.compare(a.lineStart, b.lineStart)).forEach(out::accept);
    open.clear();
  }
}
