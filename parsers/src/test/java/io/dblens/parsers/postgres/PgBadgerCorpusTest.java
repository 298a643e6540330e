package io.dblens.parsers.postgres;

import io.dblens.parsers.ParsedFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every pgBadger fixture through {@link io.dblens.parsers.io.FileParser} and compares with what
 * pgBadger itself reported for the same file.
 */
class PgBadgerCorpusTest {

  /**
   * Lines we quarantine on purpose, per file: they are not PostgreSQL output.
   * pg-syslog.*: three systemd lines ("systemd[1]: Started PostgreSQL Cluster") in the same syslog file.
   * pg_rawcsv.log: "pg_ctl: could not start server" and "Examine the log output.", printed by pg_ctl
   * into the server log without prefix or tab.
   */
  private static final Map<String, Integer> EXPECTED_QUARANTINE = Map.of(
      "pg-syslog.1.bz2", 3, "pg-syslog.2.gz", 3, "pg_rawcsv.log", 2);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyFixtureParsesAndAgreesWithPgBadger() throws IOException {
    assumeTrue(Files.isDirectory(CorpusSupport.FIXTURES), "pgBadger fixtures not present at " + CorpusSupport.FIXTURES);
    List<Path> files;
    try (Stream<Path> s = Files.list(CorpusSupport.FIXTURES)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith("pgbouncer")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  @TestFactory
  Stream<DynamicTest> pgbouncerLogsAreNotTakenForPostgresql() throws IOException {
    assumeTrue(Files.isDirectory(CorpusSupport.FIXTURES), "pgBadger fixtures not present");
    List<Path> files;
    try (Stream<Path> s = Files.list(CorpusSupport.FIXTURES)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("pgbouncer")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      PostgresFormatDetector d = new PostgresFormatDetector();
      List<String> sample;
      try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f));
          var r = new java.io.BufferedReader(new java.io.InputStreamReader(in))) {
        sample = r.lines().limit(200).toList();
      }
      assertThat(d.detect(sample, null, new ParseContext(f.toString(), null, null))).isEmpty();
    }));
  }

  private static void check(Path file) throws IOException {
    String name = file.getFileName().toString();
    ParsedFile r = ParsedFile.parse(file, null, null, new ParseContext(name, null, null));
    var o = r.outcome();
    assertThat(o.status()).as(name + ": " + o.error()).isIn(FileStatus.OK, FileStatus.PARTIAL);
    assertThat(o.linesRead()).isEqualTo(o.linesParsed() + o.linesQuarantined());
    assertThat(o.linesQuarantined()).as(name + " quarantined: " + r.quarantined())
        .isEqualTo(EXPECTED_QUARANTINE.getOrDefault(name, 0).longValue());
    assertEveryLineCovered(r, o.linesRead());

    Path report = CorpusSupport.PGBADGER_OUT.resolve(name + ".json");
    if (!Files.exists(report)) {
      return;
    }
    JsonNode pgb = JSON.readTree(report.toFile());
    long queries = count(r.events(), EventType.QUERY);
    // pgBadger counts statements logged without a duration (log_statement) as queries too, with no
    // duration: csv_statement_without_duration.log has one of each, cloudsql.log.gz one "statement:".
    long loggedStatements = r.events().stream()
        .filter(e -> e.type() == EventType.STATEMENT && e.message().startsWith("statement: ")).count();
    assertThat(queries + loggedStatements).as(name + " queries").isEqualTo(pgb.at("/overall_stat/queries_number").asLong());

    double ours = r.events().stream().filter(e -> e.type() == EventType.QUERY && e.durationMs() != null)
        .mapToDouble(LogEvent::durationMs).sum();
    double theirs = perMinuteDuration(pgb);
    assertThat(ours).as(name + " total duration").isCloseTo(theirs, org.assertj.core.data.Offset.offset(
        Math.max(0.001, theirs * 0.005)));

    JsonNode vacuum = pgb.at("/autovacuum_info/postgres/count");
    assertThat(count(r.events(), EventType.AUTOVACUUM)).as(name + " autovacuum")
        .isEqualTo(vacuum.isMissingNode() ? 0 : vacuum.asLong());
    long analyzes = 0;
    for (Iterator<JsonNode> t = pgb.at("/autoanalyze_info/postgres/tables").elements(); t.hasNext(); ) {
      analyzes += t.next().path("analyzes").asLong();
    }
    assertThat(count(r.events(), EventType.AUTOANALYZE)).as(name + " autoanalyze").isEqualTo(analyzes);
  }

  /** pgBadger's per-minute query durations, which include every counted query (normalyzed_info dedups samples). */
  private static double perMinuteDuration(JsonNode pgb) {
    double total = 0;
    for (JsonNode day : iterable(pgb.at("/per_minute_info/postgres"))) {
      for (JsonNode hour : iterable(day)) {
        for (JsonNode minute : iterable(hour)) {
          total += minute.path("query").path("duration").asDouble(0);
        }
      }
    }
    return total;
  }

  private static Iterable<JsonNode> iterable(JsonNode n) {
    return n::elements;
  }

  private static long count(List<LogEvent> events, EventType type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  /** Every line sits in at least one event range or exactly one quarantine range. */
  static void assertEveryLineCovered(ParsedFile r, long lines) {
    boolean[] covered = new boolean[(int) lines + 1];
    int[] quarantinedTimes = new int[(int) lines + 1];
    for (LogEvent e : r.events()) {
      assertThat(e.lineStart()).isBetween(1L, lines);
      assertThat(e.lineEnd()).isBetween(e.lineStart(), lines);
      for (long l = e.lineStart(); l <= e.lineEnd(); l++) {
        covered[(int) l] = true;
      }
    }
    for (ParsedFile.Quarantined q : r.quarantined()) {
      for (long l = q.start(); l <= q.end(); l++) {
        quarantinedTimes[(int) l]++;
      }
    }
    for (int l = 1; l <= lines; l++) {
      assertThat(covered[l] ^ quarantinedTimes[l] == 1).as("line " + l + " covered once").isTrue();
    }
  }
}
