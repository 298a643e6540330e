package io.dblens.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.Engine;
import io.dblens.parsers.sql.SqlFingerprinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MySQL slow-log generator: MySQL 8.0's entry layout, exact sizes, and a ground truth a reader can redo. */
class MysqlSlowLogGeneratorTest {
  private static final long ENTRIES = 12_000;
  private static final Pattern TIME = Pattern.compile("# Time: (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z)");
  private static final Pattern USER_HOST =
      Pattern.compile("# User@Host: (app|api|reporting)\\[\\1\\] @  \\[10\\.0\\.[123]\\.\\d+\\]  Id: {1,4}\\d{1,7}");
  private static final Pattern QUERY_TIME = Pattern.compile(
      "# Query_time: (\\d+)\\.(\\d{6})  Lock_time: (\\d+)\\.(\\d{6}) Rows_sent: \\d+  Rows_examined: \\d+(.*)");
  private static final Pattern SET = Pattern.compile("SET (?:insert_id=\\d+,)?timestamp=(\\d+);");

  @TempDir
  static Path temp;

  private static MysqlSlowLogGenerator.Result result;
  private static JsonNode truth;

  @BeforeAll
  static void generate() throws IOException {
    result = MysqlSlowLogGenerator.generate(config(temp.resolve("a"), 42, false));
    truth = new ObjectMapper().readTree(result.groundTruth().toFile());
  }

  private static MysqlSlowLogGenerator.Config config(Path dir, long seed, boolean extra) {
    return new MysqlSlowLogGenerator.Config(dir, 2, 2, ENTRIES, 0, seed, LocalDate.of(2025, 3, 4), extra);
  }

  /** One slow-log entry as a reader sees it. */
  record Entry(String user, Instant end, long startSecond, long micros, long lockMicros, String extra, String statement) {}

  @Test
  void sameSeedWritesSameBytesAndAnotherSeedDoesNot() throws IOException {
    MysqlSlowLogGenerator.Result again = MysqlSlowLogGenerator.generate(config(temp.resolve("b"), 42, false));
    MysqlSlowLogGenerator.Result other = MysqlSlowLogGenerator.generate(config(temp.resolve("c"), 43, false));
    for (int i = 0; i < result.files().size(); i++) {
      assertThat(Files.readAllBytes(again.files().get(i))).isEqualTo(Files.readAllBytes(result.files().get(i)));
      assertThat(Files.readAllBytes(other.files().get(i))).isNotEqualTo(Files.readAllBytes(result.files().get(i)));
    }
    assertThat(Files.readString(again.groundTruth())).isEqualTo(Files.readString(result.groundTruth()));
  }

  @Test
  void writesMysql8EntriesOneFilePerServerAndDayWithTheRequestedCount() throws IOException {
    assertThat(result.files()).extracting(p -> temp.resolve("a").relativize(p).toString().replace('\\', '/'))
        .containsExactly("mysql-01/slow-2025-03-04.log", "mysql-01/slow-2025-03-05.log",
            "mysql-02/slow-2025-03-04.log", "mysql-02/slow-2025-03-05.log");
    long entries = 0;
    long lines = 0;
    long bytes = 0;
    for (Path file : result.files()) {
      List<String> text = Files.readAllLines(file);
      lines += text.size();
      bytes += Files.size(file);
      assertThat(text.get(0)).isEqualTo("/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:");
      assertThat(text.get(2)).isEqualTo("Time                 Id Command    Argument");
      assertThat(text.get(6)).isEqualTo("use shop;");
      List<Entry> read = entries(file);
      assertThat(read).hasSize((int) (ENTRIES / 4));
      entries += read.size();
      Instant previous = Instant.EPOCH;
      for (Entry e : read) {
        assertThat(e.end()).isAfter(previous);
        previous = e.end();
        assertThat(e.startSecond()).isLessThanOrEqualTo(e.end().getEpochSecond());
        assertThat(e.lockMicros()).isLessThanOrEqualTo(e.micros());
        assertThat(e.statement()).doesNotContain("''");
      }
    }
    assertThat(entries).isEqualTo(ENTRIES).isEqualTo(result.entriesWritten())
        .isEqualTo(truth.at("/totals/durationCount").asLong());
    assertThat(result.linesWritten()).isEqualTo(lines).isEqualTo(truth.at("/totals/lines").asLong());
    assertThat(result.bytesWritten()).isEqualTo(bytes);
  }

  /**
   * Every shape's count and total Query_time per server equal what a reader sums from the files, and each
   * shape is exactly one pt-query-digest class (its fingerprints are distinct and stable), so rankings by
   * fingerprint are rankings by shape.
   */
  @Test
  void groundTruthEqualsWhatAReaderSumsAndShapesAreQueryClasses() throws IOException {
    SqlFingerprinter fingerprints = SqlFingerprinter.forEngine(Engine.MYSQL);
    Map<String, long[]> perFingerprint = new HashMap<>();
    for (Path file : result.files()) {
      String server = file.getParent().getFileName().toString();
      for (Entry e : entries(file)) {
        long[] v = perFingerprint.computeIfAbsent(server + "|" + fingerprints.fingerprint(e.statement()).normalized(),
            k -> new long[2]);
        v[0]++;
        v[1] += e.micros();
      }
    }
    Map<String, String> shapeOfFingerprint = new HashMap<>();
    long checked = 0;
    for (JsonNode shape : truth.get("shapes")) {
      if (shape.get("count").asLong() == 0) {
        continue;
      }
      String fingerprint = fingerprints.fingerprint(shape.get("example").asText()).normalized();
      assertThat(shapeOfFingerprint.put(fingerprint, shape.get("id").asText())).as("fingerprint of " + shape.get("id"))
          .isNull();
      for (var it = shape.get("perInstance").fields(); it.hasNext(); ) {
        var server = it.next();
        long[] read = perFingerprint.getOrDefault(server.getKey() + "|" + fingerprint, new long[2]);
        assertThat(read[0]).as(shape.get("id") + " count").isEqualTo(server.getValue().get("count").asLong());
        assertThat(read[1]).as(shape.get("id") + " total")
            .isEqualTo(server.getValue().get("totalDurationMs").decimalValue().movePointRight(3).longValueExact());
        checked += read[0];
      }
    }
    assertThat(checked).as("every entry belongs to a shape").isEqualTo(ENTRIES);
    assertThat(shapeOfFingerprint).hasSizeGreaterThanOrEqualTo(45);
    JsonNode top = truth.get("topByTotalDuration");
    assertThat(top).hasSize(10);
    for (int i = 1; i < 10; i++) {
      assertThat(top.get(i).get("totalDurationMs").decimalValue())
          .isLessThan(top.get(i - 1).get("totalDurationMs").decimalValue());
    }
  }

  @Test
  void quotesInStringsAreBackslashEscapedAndMultiLineStatementsKeptAsSent() throws IOException {
    String all = Files.readString(result.files().get(0));
    assertThat(all).containsPattern("name = '[A-Za-z]+ [DLO]\\\\'[A-Z][a-z]+'");
    assertThat(all).contains("\nWITH recent AS (\n  SELECT customer_id, max(created_at) AS last_order\n");
    assertThat(all).containsPattern("\nSET insert_id=\\d+,timestamp=\\d+;\nINSERT INTO ");
    assertThat(all).contains("\nBEGIN;\n").contains("\nCOMMIT;\n");
  }

  @Test
  void sizedByLinesEndsEachFileWithinOneEntryOfTheBudget() throws IOException {
    MysqlSlowLogGenerator.Result r = MysqlSlowLogGenerator.generate(
        new MysqlSlowLogGenerator.Config(temp.resolve("lines"), 1, 1, 0, 5_000, 3, LocalDate.of(2025, 1, 1), false));
    List<String> lines = Files.readAllLines(r.files().get(0));
    assertThat(lines.size()).isBetween(5_000, 5_000 + 20);
    assertThat(r.linesWritten()).isEqualTo(lines.size());
  }

  @Test
  void slowExtraAddsTheEightOhFourteenFields() throws IOException {
    MysqlSlowLogGenerator.Result r = MysqlSlowLogGenerator.generate(
        new MysqlSlowLogGenerator.Config(temp.resolve("extra"), 1, 1, 500, 0, 3, LocalDate.of(2025, 1, 1), true));
    Pattern extra = Pattern.compile(" Thread_id: (\\d+) Errno: 0 Killed: 0 Bytes_received: \\d+ Bytes_sent: \\d+"
        + " Read_first: 0 Read_last: 0 Read_key: [01] Read_next: \\d+ Read_prev: 0 Read_rnd: 0 Read_rnd_next: 0"
        + " Sort_merge_passes: 0 Sort_range_count: 0 Sort_rows: 0 Sort_scan_count: 0 Created_tmp_disk_tables: 0"
        + " Created_tmp_tables: 0 Start: (\\S+) End: (\\S+)");
    List<Entry> read = entries(r.files().get(0));
    assertThat(read).hasSize(500);
    for (Entry e : read) {
      Matcher m = extra.matcher(e.extra());
      assertThat(m.matches()).as(e.extra()).isTrue();
      assertThat(Instant.parse(m.group(3))).isEqualTo(e.end());
      assertThat(Instant.parse(m.group(2)).until(e.end(), java.time.temporal.ChronoUnit.MICROS)).isEqualTo(e.micros());
    }
  }

  /** Reads the entries with patterns of its own: header lines, optional use, SET, statement up to ";". */
  private static List<Entry> entries(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Entry> out = new ArrayList<>();
    int i = 3;
    while (i < lines.size()) {
      Matcher time = TIME.matcher(lines.get(i++));
      assertThat(time.matches()).as(file + " line " + i).isTrue();
      Matcher user = USER_HOST.matcher(lines.get(i++));
      assertThat(user.matches()).as(lines.get(i - 1)).isTrue();
      Matcher qt = QUERY_TIME.matcher(lines.get(i++));
      assertThat(qt.matches()).as(lines.get(i - 1)).isTrue();
      if (lines.get(i).startsWith("use ")) {
        i++;
      }
      Matcher set = SET.matcher(lines.get(i++));
      assertThat(set.matches()).as(lines.get(i - 1)).isTrue();
      StringBuilder statement = new StringBuilder(lines.get(i++));
      while (!statement.toString().endsWith(";")) {
        statement.append('\n').append(lines.get(i++));
      }
      statement.setLength(statement.length() - 1);
      out.add(new Entry(user.group(1), Instant.parse(time.group(1)), Long.parseLong(set.group(1)),
          Long.parseLong(qt.group(1)) * 1_000_000 + Long.parseLong(qt.group(2)),
          Long.parseLong(qt.group(3)) * 1_000_000 + Long.parseLong(qt.group(4)), qt.group(5), statement.toString()));
    }
    return out;
  }
}
