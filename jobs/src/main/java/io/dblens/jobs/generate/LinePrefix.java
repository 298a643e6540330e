package io.dblens.jobs.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code log_line_prefix}. Supports %m %t %n %p %u %d %a %h %r %l %c %e %s %q %% and literal
 * text; other escapes render as nothing, as PostgreSQL does for values it does not have. Timestamps are
 * always written in UTC.
 */
final class LinePrefix {
  static final String POSTGRES_DEFAULT = "%m [%p] %q%u@%d ";

  private enum Op {
    LITERAL, TIME_MILLIS, TIME_SECONDS, EPOCH, PID, USER, DATABASE, APPLICATION, HOST, HOST_PORT,
    LINE_NUMBER, SESSION_ID, SQLSTATE, SESSION_START, STOP_UNLESS_SESSION
  }

  private static final byte[] UNKNOWN = AsciiBuffer.ascii("[unknown]");
  private static final byte[] UTC = AsciiBuffer.ascii(" UTC");

  private final Op[] ops;
  private final byte[][] literals;
  private final String text;

  private LinePrefix(String text, Op[] ops, byte[][] literals) {
    this.text = text;
    this.ops = ops;
    this.literals = literals;
  }

  static LinePrefix compile(String prefix) {
    List<Op> ops = new ArrayList<>();
    List<byte[]> literals = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c != '%' || i + 1 >= prefix.length()) {
        pending.append(c);
        continue;
      }
      char escape = prefix.charAt(++i);
      if (escape == '%') {
        pending.append('%');
        continue;
      }
      Op op = switch (escape) {
        case 'm' -> Op.TIME_MILLIS;
        case 't' -> Op.TIME_SECONDS;
        case 'n' -> Op.EPOCH;
        case 'p' -> Op.PID;
        case 'u' -> Op.USER;
        case 'd' -> Op.DATABASE;
        case 'a' -> Op.APPLICATION;
        case 'h' -> Op.HOST;
        case 'r' -> Op.HOST_PORT;
        case 'l' -> Op.LINE_NUMBER;
        case 'c' -> Op.SESSION_ID;
        case 'e' -> Op.SQLSTATE;
        case 's' -> Op.SESSION_START;
        case 'q' -> Op.STOP_UNLESS_SESSION;
        default -> null;
      };
      if (op == null) {
        continue;
      }
      if (pending.length() > 0) {
        ops.add(Op.LITERAL);
        literals.add(AsciiBuffer.ascii(pending.toString()));
        pending.setLength(0);
      }
      ops.add(op);
      literals.add(null);
    }
    if (pending.length() > 0) {
      ops.add(Op.LITERAL);
      literals.add(AsciiBuffer.ascii(pending.toString()));
    }
    return new LinePrefix(prefix, ops.toArray(new Op[0]), literals.toArray(new byte[0][]));
  }

  String text() {
    return text;
  }

  /** Writes the prefix for one line of {@code process} at {@code clock}'s current time; bumps %l. */
  void render(AsciiBuffer out, LogClock clock, PgProcess process, byte[] sqlState) {
    process.lineNumber++;
    for (int i = 0; i < ops.length; i++) {
      switch (ops[i]) {
        case LITERAL -> out.append(literals[i]);
        case TIME_MILLIS -> clock.appendTimestamp(out, true).append(UTC);
        case TIME_SECONDS -> clock.appendTimestamp(out, false).append(UTC);
        case EPOCH -> clock.appendEpoch(out);
        case PID -> out.append(process.pid);
        case USER -> appendClientField(out, process, process.user);
        case DATABASE -> appendClientField(out, process, process.database);
        case APPLICATION -> {
          if (process.authenticated && process.application != null) {
            out.append(process.application);
          }
        }
        case HOST -> {
          if (process.host != null) {
            out.append(process.host);
          }
        }
        case HOST_PORT -> {
          if (process.host != null) {
            out.append(process.host).append('(').append(process.port).append(')');
          }
        }
        case LINE_NUMBER -> out.append(process.lineNumber);
        case SESSION_ID -> out.append(process.sessionId());
        case SQLSTATE -> out.append(sqlState);
        case SESSION_START -> LogClock.appendEpochMillisAsTimestamp(out, process.startEpochMillis).append(UTC);
        case STOP_UNLESS_SESSION -> {
          if (!process.clientSession) {
            return;
          }
        }
      }
    }
  }

  private static void appendClientField(AsciiBuffer out, PgProcess process, byte[] value) {
    if (!process.clientSession) {
      return;
    }
    out.append(process.authenticated && value != null ? value : UNKNOWN);
  }
}
