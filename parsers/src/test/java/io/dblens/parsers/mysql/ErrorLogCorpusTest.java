package io.dblens.parsers.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MySQL error logs from the corpus: the 5.0/5.1 layout (percona-toolkit's errlog samples), 5.7 and 8.0
 * (a Percona XtraDB Cluster node upgraded from 5.7 to 8.0 in one file, other 8.0 nodes with UTC and
 * +02:00 stamps, lnav's 8.0 sample). Counts were taken from the files with grep and checked by reading
 * them. The corpus has no error log with an {@code innodb_print_all_deadlocks} dump, so the deadlock
 * test writes each corpus deadlock report the way 5.6, 5.7 and 8.0 print it to the error log.
 */
class ErrorLogCorpusTest {
  private static final Path REAL = Path.of("../../shared/data/real");
  private static final Path ERRLOGS = REAL.resolve("percona-toolkit/t/lib/samples/errlogs");
  private static final Path GALERA = REAL.resolve("percona-toolkit/src/go/pt-galera-log-explainer/tests/logs");
  private static final Path PT_DEADLOCKS = REAL.resolve("_generated/pt-deadlock-logger");

  @TempDir
  Path dir;

  /**
   * Every error log of the corpus reads without a line lost. The Percona operator's pod logs
   * (operator_*) are container output: shell traces and mysqld lines wrapped in Docker's JSON, not an
   * error log; they are unrecognised and quarantined whole, as is the grep pattern list patterns.txt.
   */
  @Test
  void everyErrorLogOfTheCorpusReconciles() throws IOException {
    assumeTrue(Files.isDirectory(ERRLOGS) && Files.isDirectory(GALERA), "corpus not present");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> a = Files.list(ERRLOGS); Stream<Path> b = Files.walk(GALERA)) {
      files.addAll(a.sorted().toList());
      files.addAll(b.filter(p -> p.toString().endsWith(".log")).sorted().toList());
    }
    files.add(REAL.resolve("lnav/test/logfile_mysql_error.0"));
    int recognised = 0;
    int notErrorLogs = 0;
    for (Path f : files) {
      ParsedFile r = ParsedFile.parse(f, null, null, new ParseContext(f.toString(), null, null));
      var o = r.outcome();
      assertThat(o.linesRead()).as(f.toString()).isEqualTo(o.linesParsed() + o.linesQuarantined());
      assertThat(r.coverageProblems()).as(f.toString()).isEmpty();
      boolean container = f.getParent().getFileName().toString().startsWith("operator_");
      if (container || f.getFileName().toString().equals("patterns.txt")) {
        assertThat(o.status()).as(f.toString()).isEqualTo(FileStatus.UNRECOGNISED);
        assertThat(o.linesQuarantined()).isEqualTo(o.linesRead());
        assertThat(r.quarantined()).allSatisfy(q -> assertThat(q.reason()).contains("no line matches a log format"));
        notErrorLogs++;
      } else {
        assertThat(o.status()).as(f.toString()).isEqualTo(FileStatus.OK);
        assertThat(o.format()).as(f.toString()).isEqualTo("errorlog");
        assertThat(o.linesQuarantined()).as(f.toString()).isZero();
        recognised++;
      }
    }
    assertThat(recognised).isEqualTo(10 + 1 + 14);
    assertThat(notErrorLogs).isEqualTo(1 + 8);
  }

  /**
   * upgrade/node2.log: lines 1-982 are written by 5.7 ({@code [Note] text}), lines 983-5465 by 8.0
   * ({@code [Note] [MY-010068] [Server] text}). 4511 lines start with a time; the other 954 continue the
   * entry before them (Galera's multi-line view dumps).
   */
  @Test
  void upgradedNodeLogHolds57And80Entries() throws IOException {
    Path f = GALERA.resolve("upgrade/node2.log");
    assumeTrue(Files.exists(f), "corpus not present");
    ParsedFile r = ParsedFile.parse(f, Engine.MYSQL, null, new ParseContext(f.toString(), null, null));
    assertThat(r.outcome().format()).isEqualTo("errorlog");
    assertThat(r.outcome().linesRead()).isEqualTo(5465);
    assertThat(r.quarantined()).isEmpty();
    assertThat(r.events()).hasSize(4511);

    Map<String, Integer> v57 = new TreeMap<>();
    Map<String, Integer> v80 = new TreeMap<>();
    for (LogEvent e : r.events()) {
      boolean five = e.lineStart() <= 982;
      (five ? v57 : v80).merge(e.severity(), 1, Integer::sum);
      if (five) {
        assertThat(e.sqlState()).isNull();
        assertThat(e.attributes()).doesNotContainKey("mysql.subsystem");
      } else {
        assertThat(e.sqlState()).startsWith("MY-");
        assertThat(e.attributes().get("mysql.subsystem")).isNotEmpty();
      }
    }
    assertThat(v57).isEqualTo(Map.of("ERROR", 7, "Note", 743, "Warning", 27));
    assertThat(v80).isEqualTo(Map.of("ERROR", 23, "Note", 3250, "System", 59, "Warning", 402));
    assertThat(r.events().stream().filter(e -> e.type() == EventType.ERROR).count()).isEqualTo(30);

    // Only mysqld's own "ready for connections" / "Shutdown complete", not the X Plugin's, Galera's
    // "Synchronized with group, ready for connections" nor InnoDB's "Shutdown completed".
    assertThat(linesOf(r, EventType.STARTUP)).containsExactly(124L, 425L, 765L, 1221L, 1800L, 2409L, 3460L, 4452L);
    assertThat(linesOf(r, EventType.SHUTDOWN)).containsExactly(304L, 646L, 979L, 1287L, 1329L, 1945L, 2994L,
        3968L, 5213L);

    LogEvent first = r.events().get(0);
    assertThat(first.eventTime()).isEqualTo(Instant.parse("2023-03-12T07:24:13.732788Z"));
    assertThat(first.sessionId()).isEqualTo("0");
    assertThat(first.severity()).isEqualTo("Warning");
    assertThat(first.message()).startsWith("TIMESTAMP with implicit DEFAULT value is deprecated.");

    LogEvent view = at(r, 33);
    assertThat(view.lineEnd()).isEqualTo(46);
    assertThat(view.message()).isEqualTo("WSREP: Current view of cluster as seen by this node");
    assertThat(view.detail()).startsWith("view (view_id(PRIM,1d3ea8f5,17)\nmemb {\n\t1d3ea8f5,0").endsWith("}\n)");

    LogEvent error = at(r, 114);
    assertThat(error.type()).isEqualTo(EventType.ERROR);
    assertThat(error.message()).isEqualTo("/usr/sbin/mysqld: Table './mysql/user' is marked as crashed and should be repaired");

    LogEvent eight = at(r, 983);
    assertThat(eight.eventTime()).isEqualTo(Instant.parse("2023-03-12T09:55:30.926980Z"));
    assertThat(eight.severity()).isEqualTo("Warning");
    assertThat(eight.sqlState()).isEqualTo("MY-011068");
    assertThat(eight.attributes()).containsEntry("mysql.subsystem", "Server");
    assertThat(eight.message()).isEqualTo("The syntax 'expire-logs-days' is deprecated and will be removed in a "
        + "future release. Please use binlog_expire_logs_seconds instead.");
    LogEvent ready = at(r, 1221);
    assertThat(ready.severity()).isEqualTo("System");
    assertThat(ready.sqlState()).isEqualTo("MY-010931");
  }

  /** 8.0 with an offset instead of Z (log_timestamps=SYSTEM on a +02:00 host), and lnav's 8.0 sample. */
  @Test
  void eightOhStampsWithOffsetsAreUtc() throws IOException {
    Path f = GALERA.resolve("merge_rotated_daily/node1.20230315.log");
    Path lnav = REAL.resolve("lnav/test/logfile_mysql_error.0");
    assumeTrue(Files.exists(f) && Files.exists(lnav), "corpus not present");
    LogEvent e = ParsedFile.parse(f, null, null, new ParseContext(f.toString(), null, null)).events().get(0);
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2023-03-15T03:08:37.642287Z"));
    assertThat(e.rawTime()).isEqualTo("2023-03-15T05:08:37.642287+02:00");
    assertThat(e.sessionId()).isEqualTo("2227716");
    assertThat(e.attributes()).containsEntry("mysql.subsystem", "WSREP");

    List<LogEvent> four = ParsedFile.parse(lnav, null, null, new ParseContext(lnav.toString(), null, null)).events();
    assertThat(four).extracting(LogEvent::sqlState).containsExactly("MY-012487", "MY-010068", "MY-010253", "MY-010051");
    assertThat(four).extracting(LogEvent::sessionId).containsExactly("0", "0", "0", "5");
    assertThat(four.get(3).message()).isEqualTo("Event Scheduler: scheduler thread started with id 5");
  }

  /**
   * errlog001.txt, the 5.0/5.1 layout: {@code 080721  3:04:00 [Warning] text}, mysqld_safe's
   * {@code 080721 03:03:57  mysqld started} and {@code InnoDB:} lines without a severity. 33 lines start
   * with a time; 5 of them are [ERROR].
   */
  @Test
  void fiveOhLayout() throws IOException {
    Path f = ERRLOGS.resolve("errlog001.txt");
    assumeTrue(Files.exists(f), "corpus not present");
    ParsedFile r = ParsedFile.parse(f, null, null, new ParseContext(f.toString(), null, null));
    assertThat(r.events()).hasSize(33);
    assertThat(r.events().stream().filter(e -> e.type() == EventType.ERROR).count()).isEqualTo(5);
    assertThat(linesOf(r, EventType.STARTUP)).containsExactly(13L, 46L, 62L);
    assertThat(linesOf(r, EventType.SHUTDOWN)).containsExactly(19L);
    LogEvent started = r.events().get(0);
    assertThat(started.eventTime()).isEqualTo(Instant.parse("2008-07-21T03:03:57Z"));
    assertThat(started.message()).isEqualTo("mysqld started");
    LogEvent warning = at(r, 2);
    assertThat(warning.rawTime()).isEqualTo("080721  3:04:00");
    assertThat(warning.severity()).isEqualTo("Warning");
    LogEvent alloc = at(r, 51);
    assertThat(alloc.lineEnd()).isEqualTo(61);
    assertThat(alloc.message()).isEqualTo("InnoDB: Error: cannot allocate 268451840 bytes of");
  }

  /**
   * With {@code innodb_print_all_deadlocks=ON} the server writes each deadlock report to the error log.
   * Each corpus report (the status captures pt-deadlock-logger was run on) is written here between two
   * ordinary entries in the 5.6, 5.7 and 8.0 layouts, and must give one DEADLOCK event with the same
   * participants as the status capture, with both neighbours kept as their own events.
   */
  @Test
  void deadlockDumpsInEveryLayoutMatchTheStatusCapture() throws IOException {
    assumeTrue(Files.isDirectory(PT_DEADLOCKS), "corpus not present");
    List<Path> captures = new ArrayList<>();
    try (Stream<Path> s = Files.list(PT_DEADLOCKS)) {
      for (Path p : s.sorted().toList()) {
        Path input = DeadlockAgreementTest.input(p.getFileName().toString());
        if (input != null && Files.exists(input)) {
          captures.add(input);
        }
      }
    }
    int dumps = 0;
    int participants = 0;
    for (Path capture : captures) {
      List<DeadlockParticipant> want = ParsedFile.parse(capture, Engine.MYSQL, "innodb-status",
          new ParseContext(capture.toString(), null, null)).events().stream()
          .filter(e -> e.type() == EventType.DEADLOCK).findFirst().orElseThrow().deadlock();
      List<String> report = report(Files.readAllLines(capture, java.nio.charset.StandardCharsets.ISO_8859_1));
      for (Layout layout : Layout.values()) {
        Path log = dir.resolve(capture.getFileName() + "." + layout + ".err");
        Files.write(log, layout.write(report), java.nio.charset.StandardCharsets.ISO_8859_1);
        ParsedFile r = ParsedFile.parse(log, null, null, new ParseContext(log.toString(), null, null));
        String what = capture.getFileName() + " as " + layout;
        assertThat(r.outcome().format()).as(what).isEqualTo("errorlog");
        assertThat(r.coverageProblems()).as(what).isEmpty();
        assertThat(r.quarantined()).as(what).isEmpty();
        assertThat(r.events()).as(what).extracting(LogEvent::type)
            .containsExactly(EventType.MESSAGE, EventType.DEADLOCK, EventType.MESSAGE);
        LogEvent deadlock = r.events().get(1);
        assertThat(deadlock.eventTime()).as(what)
            .isEqualTo(Instant.parse(layout == Layout.MYSQL_56 ? "2024-05-06T07:08:09Z" : "2024-05-06T07:08:09.123456Z"));
        assertThat(deadlock.deadlock()).as(what).isEqualTo(want);
        assertThat(r.events().get(2).message()).as(what).endsWith("after the dump");
        dumps++;
        participants += want.size();
      }
    }
    System.out.printf("error-log deadlock dumps: %d (%d participants) match their status captures%n", dumps,
        participants);
    assertThat(dumps).isEqualTo(3 * 12);
  }

  /** The report from the LATEST DETECTED DEADLOCK banner to the next section, without its time line. */
  private static List<String> report(List<String> capture) {
    int start = capture.indexOf("LATEST DETECTED DEADLOCK") + 2;
    List<String> out = new ArrayList<>();
    for (int i = start; i < capture.size(); i++) {
      String l = capture.get(i);
      if (l.length() >= 4 && l.chars().allMatch(c -> c == '-') || l.startsWith("END OF INNODB MONITOR OUTPUT")) {
        break;
      }
      if (i == start && !l.startsWith("***")) {
        continue;
      }
      out.add(l);
    }
    return out;
  }

  /** How each server version writes the report to the error log (lock0lock.cc, print_all_deadlocks). */
  private enum Layout {
    /** Titles and transactions unprefixed; a bare time and thread handle before the first title. */
    MYSQL_56 {
      @Override
      List<String> dump(List<String> report) {
        List<String> out = new ArrayList<>();
        out.add("2024-05-06 07:08:09 7f2b4c0c3700 InnoDB: transactions deadlock detected, dumping detailed information.");
        out.add("2024-05-06 07:08:09 7f2b4c0c3700 ");
        out.addAll(report);
        return out;
      }
    },
    /**
     * Each title through the logger ("[Note] InnoDB: *** ..." and a blank line); the first title starts with
     * a newline, so it stands alone after an empty "InnoDB: ".
     */
    MYSQL_57 {
      @Override
      List<String> dump(List<String> report) {
        String prefix = "2024-05-06T07:08:09.123456Z 31 [Note] InnoDB: ";
        List<String> out = new ArrayList<>();
        out.add(prefix + "Transactions deadlock detected, dumping detailed information.");
        for (String l : report) {
          if (l.startsWith("*** (1) TRANSACTION:")) {
            out.add(prefix);
            out.add(l);
            out.add("");
          } else if (l.startsWith("***")) {
            out.add(prefix + l);
            out.add("");
          } else {
            out.add(l);
          }
        }
        return out;
      }
    },
    /** Titles after the 8.0 prefix with error code and subsystem. */
    MYSQL_80 {
      @Override
      List<String> dump(List<String> report) {
        String prefix = "2024-05-06T07:08:09.123456Z 0 [Note] [MY-0124%s] [InnoDB] ";
        List<String> out = new ArrayList<>();
        out.add(String.format(prefix, "68") + "Transactions deadlock detected, dumping detailed information.");
        for (String l : report) {
          out.add(l.startsWith("***") ? String.format(prefix, "69") + l : l);
        }
        return out;
      }
    };

    abstract List<String> dump(List<String> report);

    List<String> write(List<String> report) {
      List<String> out = new ArrayList<>();
      String zone = this == MYSQL_56 ? "2024-05-06 07:08:08 7f2b4c0c3700 " : "2024-05-06T07:08:08.000001Z 0 ";
      out.add(zone + (this == MYSQL_56 ? "InnoDB: before the dump" : "[Note] before the dump"));
      out.addAll(dump(report));
      String after = this == MYSQL_56 ? "2024-05-06 07:08:10 7f2b4c0c3700 InnoDB: after the dump"
          : "2024-05-06T07:08:10.000001Z 0 [Note] after the dump";
      out.add(after);
      return out;
    }
  }

  private static List<Long> linesOf(ParsedFile r, EventType type) {
    return r.events().stream().filter(e -> e.type() == type).map(LogEvent::lineStart).toList();
  }

  private static LogEvent at(ParsedFile r, long line) {
    return r.events().stream().filter(e -> e.lineStart() == line).findFirst().orElseThrow();
  }
}
