package io.dblens.parsers.mysql;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Frames a MySQL/Percona/MariaDB slow query log into entries. An entry starts at {@code # Time:}, or at
 * {@code # User@Host:} when no {@code # Time:} line opened it, or at any other {@code #} header line that
 * follows a statement ending in a semicolon (pt-query-digest splits on the same ";\n#" boundary); it runs
 * until the next start. The lines a server prints when it opens the log ({@code ... Version: ... started
 * with:}, {@code Tcp port:}, {@code Time Id Command Argument}) become one STARTUP event. Only
 * {@code startsWith} tests run per line; everything else happens once per entry.
 */
final class SlowLogParser implements LogParser {

  private final ParseContext context;
  /** The database in effect where a part starts, from the lines before it. */
  private String inheritedDatabase;

  SlowLogParser(ParseContext context) {
    this.context = context;
  }

  /**
   * A part starts at a {@code # Time:} line: it always opens an entry (the server ends every statement
   * with a semicolon) and gives it its own time, so the time an entry inherits never crosses a part start.
   */
  @Override
  public Predicate<String> partStart() {
    return text -> text.startsWith("# Time:");
  }

  /** The database does cross part starts: the last one named before the part is the part's first. */
  @Override
  public PartPrelude partPrelude() {
    return new PartPrelude() {
      @Override
      public boolean wants(byte first) {
        return first == '#' || first == 'u';
      }

      @Override
      public void line(String head) {
        String db = SlowEntryReader.databaseNamedBy(head);
        if (db != null) {
          inheritedDatabase = db;
        }
      }
    };
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    SlowEntryReader reader = new SlowEntryReader(new MysqlTime(context.zone()), sink, quarantine,
        inheritedDatabase);
    SlowEntry entry = null;
    LogEvent.Builder preamble = null;
    long leadingBlank = -1;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      long n = line.number();
      if (ServerPreamble.opens(text)) {
        entry = flush(entry, reader);
        preamble = ServerPreamble.flush(preamble, sink);
        preamble = ServerPreamble.start(n, text);
        continue;
      }
      if (preamble != null) {
        if (ServerPreamble.continues(text)) {
          preamble.lineEnd(n);
          continue;
        }
        preamble = ServerPreamble.flush(preamble, sink);
      }
      if (text.startsWith("#")) {
        boolean time = text.startsWith("# Time:");
        boolean user = !time && (text.startsWith("# User@Host:") || text.startsWith("# User:"));
        if (text.startsWith("# administrator command:") && entry != null && !entry.hasAdmin) {
          // The command can follow the entry's "use db;" line; it is the entry's statement either way.
          entry.add(n, text);
          entry.hasAdmin = entry.inBody = entry.bodyEndsStatement = true;
          continue;
        }
        if (entry != null && entry.inBody && !entry.bodyEndsStatement) {
          // A hash comment inside a statement that has not ended yet.
          entry.add(n, text);
          continue;
        }
        boolean opens = entry == null
            || (time && (entry.hasTime || entry.hasUser || entry.inBody))
            || (user && (entry.hasUser || entry.inBody))
            || (!time && !user && entry.inBody);
        if (opens) {
          entry = flush(entry, reader);
          quarantine.flush();
          entry = new SlowEntry(leadingBlank > 0 ? leadingBlank : n);
          for (long b = leadingBlank; b > 0 && b < n; b++) {
            entry.add(b, "");
          }
          leadingBlank = -1;
        }
        entry.add(n, text);
        if (text.startsWith("# administrator command:")) {
          entry.hasAdmin = entry.inBody = entry.bodyEndsStatement = true;
        }
        if (time) {
          // "# Time: ... # User@Host: ..." on one line (seen in old Percona logs) does not count as the
          // entry's user line: a separate "# User@Host:" right after it still belongs to the entry.
          entry.hasTime = true;
        } else if (user) {
          entry.hasUser = true;
        }
        continue;
      }
      if (entry == null && text.isBlank() && preamble == null) {
        // Blank lines before the first entry belong to it.
        leadingBlank = leadingBlank > 0 ? leadingBlank : n;
        continue;
      }
      if (entry == null) {
        quarantine.add(n, text, "line outside any slow-log entry (no '# Time:' or '# User@Host:' header before it)");
        continue;
      }
      entry.add(n, text);
      if (!text.isBlank()) {
        entry.inBody = true;
        entry.bodyEndsStatement = endsWithSemicolon(text);
      }
    }
    flush(entry, reader);
    ServerPreamble.flush(preamble, sink);
    quarantine.flush();
  }

  private static SlowEntry flush(SlowEntry entry, SlowEntryReader reader) {
    if (entry != null) {
      reader.read(entry);
    }
    return null;
  }

  static boolean endsWithSemicolon(String text) {
    int i = text.length() - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    return i >= 0 && text.charAt(i) == ';';
  }

  /** What mysqld writes at the top of a slow or general log each time it opens it. */
  static final class ServerPreamble {
    private ServerPreamble() {}

    static boolean opens(String text) {
      return text.endsWith("started with:") && text.contains(", Version: ");
    }

    static boolean continues(String text) {
      return text.startsWith("Tcp port:") || text.startsWith("TCP Port:") || isColumnTitles(text) || text.isBlank();
    }

    /** {@code Time                 Id Command    Argument} (MySQL) or with tabs (MariaDB). */
    private static boolean isColumnTitles(String text) {
      if (!text.startsWith("Time") || !text.endsWith("Argument")) {
        return false;
      }
      String[] words = text.split("\\s+");
      return words.length == 4 && words[1].equals("Id") && words[2].equals("Command");
    }

    static LogEvent.Builder start(long n, String text) {
      int v = text.indexOf(", Version: ");
      String version = text.substring(v + 11, text.lastIndexOf(" started with:")).trim();
      int space = version.indexOf(' ');
      return LogEvent.builder(EventType.STARTUP).lines(n, n).message(text)
          .attribute("mysql.version", space < 0 ? version : version.substring(0, space))
          .attribute("mysql.binary", text.substring(0, v));
    }

    static LogEvent.Builder flush(LogEvent.Builder preamble, EventSink sink) {
      if (preamble != null) {
        sink.event(preamble.build());
      }
      return null;
    }
  }
}
