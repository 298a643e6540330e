package io.dblens.parsers.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file read in parts by several tasks gives exactly what one pass gives: the same events with
 * the same line numbers, and line counts that add up to the file's.
 */
class FilePartsTest {

  @TempDir
  static Path dir;

  /** A generated day of a PostgreSQL instance: statements, lock waits, deadlocks, checkpoints, ... */
  static Path log;

  @BeforeAll
  static void unpack() throws IOException {
    log = dir.resolve("postgresql.log");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        Path.of("../data-samples/postgresql/pg-demo-01/postgresql-2025-03-03.log.gz")))) {
      Files.copy(in, log);
    }
  }

  static ParsedFile read(Path file, long start, long end) {
    return ParsedFile.parsePart(file, new ParseContext(file.toString(), ZoneOffset.UTC, null), start, end);
  }

  static List<ParsedFile> inParts(Path file, int n) throws IOException {
    long size = Files.size(file);
    List<ParsedFile> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long end = i == n - 1 ? Long.MAX_VALUE : size * (i + 1) / n;
      parts.add(read(file, size * i / n, end));
    }
    return parts;
  }

  @Test
  void partsGiveWhatOnePassGives() throws IOException {
    ParsedFile whole = read(log, 0, Long.MAX_VALUE);
    assertThat(whole.events()).hasSizeGreaterThan(1000);
    List<LogEvent> expected = sorted(whole.events());
    for (int n : new int[] {2, 3, 7}) {
      List<ParsedFile> parts = inParts(log, n);
      assertThat(parts).as("every part of %d has lines to read", n).allMatch(p -> p.outcome() != null);
      List<LogEvent> events = new ArrayList<>();
      List<ParsedFile.Quarantined> quarantined = new ArrayList<>();
      long lines = 0;
      long bytes = 0;
      for (ParsedFile p : parts) {
        events.addAll(p.events());
        quarantined.addAll(p.quarantined());
        lines += p.outcome().linesRead();
        bytes += p.outcome().bytesRead();
        assertThat(p.outcome().linesRead())
            .isEqualTo(p.outcome().linesParsed() + p.outcome().linesQuarantined());
        assertThat(p.outcome().status()).isEqualTo(whole.outcome().status());
      }
      assertThat(sorted(events)).as("events of %d parts", n).isEqualTo(expected);
      assertThat(quarantined).isEqualTo(whole.quarantined());
      assertThat(lines).isEqualTo(whole.outcome().linesRead());
      assertThat(bytes).isEqualTo(Files.size(log));
    }
  }

  @Test
  void aCompressedFileIsReadWholeByItsFirstPart() throws IOException {
    Path gz = Path.of("../data-samples/postgresql/pg-demo-01/postgresql-2025-03-03.log.gz");
    List<ParsedFile> parts = inParts(gz, 3);
    assertThat(parts.get(1).outcome()).isNull();
    assertThat(parts.get(2).outcome()).isNull();
    assertThat(sorted(parts.get(0).events())).isEqualTo(sorted(read(log, 0, Long.MAX_VALUE).events()));
  }

  /** A part whose span holds no line a part may start at has nothing to read; its neighbour reads on. */
  @Test
  void aPartWithNoStartInItsSpanIsEmpty() throws IOException {
    Path file = dir.resolve("continued.log");
    String entry = "2025-03-04 10:00:00.100 UTC [101] app@shop LOG:  duration: 12.500 ms  statement: SELECT 1\n";
    String continued = "\t AND x = 1\n".repeat(400);
    Files.writeString(file, entry + continued + entry);
    long size = Files.size(file);
    ParsedFile first = read(file, 0, size / 3);
    ParsedFile middle = read(file, size / 3, size * 2 / 3);
    ParsedFile last = read(file, size * 2 / 3, Long.MAX_VALUE);
    assertThat(middle.outcome()).isNull();
    assertThat(first.outcome().linesRead()).isEqualTo(401);
    assertThat(last.outcome().linesRead()).isEqualTo(1);
    assertThat(last.events()).singleElement().extracting(LogEvent::lineStart).isEqualTo(402L);
  }

  /**
   * A slow log names the database only when it changes ({@code use db;}, or a Percona {@code Schema:}
   * pair): a part starting between two such lines still gives its entries the database in effect there.
   */
  @Test
  void slowLogPartsInheritTheDatabaseNamedBeforeThem() throws IOException {
    Path file = dir.resolve("slow.log");
    StringBuilder text = new StringBuilder(
        "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
            + "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
            + "Time                 Id Command    Argument\n");
    String[] databases = {"shop", "billing", "auth"};
    for (int i = 0; i < 600; i++) {
      text.append(String.format("# Time: 2025-03-03T00:%02d:%02d.%06dZ%n", i / 60 % 60, i % 60, i));
      text.append("# User@Host: app[app] @  [10.0.1.4]  Id: ").append(100 + i % 7).append('\n');
      if (i % 50 == 25) {
        text.append("# Thread_id: 7  Schema: ").append(databases[(i / 50 + 1) % 3]).append("  QC_hit: No\n");
      }
      text.append("# Query_time: 0.0").append(100 + i).append("  Lock_time: 0.000002 Rows_sent: 1  Rows_examined: 0\n");
      if (i % 50 == 0) {
        text.append("use ").append(databases[i / 50 % 3]).append(";\n");
      }
      text.append("SET timestamp=1740960000;\nSELECT * FROM t").append(i % 5).append(" WHERE id = ").append(i)
          .append(";\n");
    }
    Files.writeString(file, text);
    ParsedFile whole = read(file, 0, Long.MAX_VALUE);
    assertThat(whole.events()).hasSize(601);
    assertThat(whole.events().stream().map(LogEvent::database).distinct()).hasSize(4);
    for (int n : new int[] {2, 3, 7}) {
      List<LogEvent> events = new ArrayList<>();
      long lines = 0;
      for (ParsedFile p : inParts(file, n)) {
        events.addAll(p.events());
        lines += p.outcome().linesRead();
      }
      assertThat(sorted(events)).as("events of %d parts", n).isEqualTo(sorted(whole.events()));
      assertThat(lines).isEqualTo(whole.outcome().linesRead());
    }
  }

  private static List<LogEvent> sorted(List<LogEvent> events) {
    List<LogEvent> out = new ArrayList<>(events);
    out.sort(Comparator.comparingLong(LogEvent::lineStart).thenComparingLong(LogEvent::lineEnd));
    return out;
  }
}
