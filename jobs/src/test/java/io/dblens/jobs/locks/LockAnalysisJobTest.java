package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.cli.DblensCli;
import io.dblens.jobs.ingest.IngestJob;
import io.dblens.parsers.Engine;
import io.dblens.parsers.sql.SqlFingerprinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on the generated sample instance against the generator's ground truth: every deadlock and
 * blocking tree it wrote, the hourly wait statistics, and the {@code deadlocks} command drawing them.
 */
class LockAnalysisJobTest {

  static final Path SAMPLE = Path.of("../data-samples/postgresql/pg-demo-01");
  static final SqlFingerprinter FINGERPRINTS = SqlFingerprinter.forEngine(Engine.POSTGRESQL);

  @TempDir
  static Path dir;

  static SparkSession spark;
  static Warehouse warehouse;
  static JsonNode truth;
  static LockAnalysisJob.Result result;

  @BeforeAll
  static void ingestAndAnalyse() throws IOException {
    spark = TestSpark.get();
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    truth = new ObjectMapper().readTree(SAMPLE.resolve("ground-truth.expected.json").toFile());
    IngestJob.run(spark, IngestJob.Config.of(warehouse.root(), List.of(SAMPLE.toAbsolutePath().toString())));
    warehouse.append(Tables.LOCK_EVENTS, spark.createDataFrame(blockedProcessReports(), Tables.LOCK_EVENTS.schema()));
    result = LockAnalysisJob.run(spark, LockAnalysisJob.Config.of(warehouse.root()));
  }

  static final Instant REPORTS = Instant.parse("2025-03-04T10:00:00Z");

  /**
   * SQL Server blocked process reports as lock_events rows (session = spid, holders = blocking spid):
   * spid 53 waits for 52 and is reported every 5 s of a 15 s wait; spid 54 waits 7 s for 53.
   */
  static List<Row> blockedProcessReports() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      rows.add(report(REPORTS.plusSeconds(5L * i), "53", "KEY: 7:72057594043105280 (8194443284a0)", "U", 5000.0 * i,
          "52", "UPDATE dbo.Orders SET total = @t WHERE id = @id", i));
    }
    rows.add(report(REPORTS.plusSeconds(12), "54", "KEY: 7:72057594043170816 (61a06abd401c)", "X", 7000.0, "53",
        "DELETE FROM dbo.Stock WHERE sku = @s", 4));
    return rows;
  }

  private static Row report(Instant at, String spid, String resource, String mode, double waitMs, String blocker,
      String statement, int line) {
    return org.apache.spark.sql.RowFactory.create("mssql-file", "mssql-01", "sqlserver",
        java.sql.Date.valueOf(at.atOffset(ZoneOffset.UTC).toLocalDate()), Timestamp.from(at), "lock_wait", "shop",
        "app", spid, null, "keylock", mode, resource, waitMs, DeadlockRows.seq(List.of(blocker)), null,
        FINGERPRINTS.fingerprint(statement).hexId(), statement, (long) line);
  }

  @Test
  void repeatedBlockedProcessReportsAreOneWaitAndFormAChain() {
    Row chain = warehouse.read(Tables.BLOCKING_CHAINS).where("instance = 'mssql-01'").collectAsList().get(0);
    assertThat(warehouse.read(Tables.BLOCKING_CHAINS).where("instance = 'mssql-01'").count()).isEqualTo(1);
    assertThat(chain.<String>getAs("head_session")).isEqualTo("52");
    assertThat(chain.<Timestamp>getAs("window_start").toInstant()).isEqualTo(REPORTS);
    assertThat(chain.<Timestamp>getAs("window_end").toInstant()).isEqualTo(REPORTS.plusSeconds(15));
    assertThat(chain.<Integer>getAs("depth")).isEqualTo(2);
    assertThat(chain.<Double>getAs("total_wait_ms")).isEqualTo(15_000 + 7_000);
    assertThat(chain.<Row>getList(chain.fieldIndex("blocked"))).extracting(b -> b.getAs("session") + " under "
        + b.getAs("blocked_by") + " " + b.getAs("wait_ms")).containsExactly("53 under 52 15000.0", "54 under 53 7000.0");
    List<Row> stats = warehouse.read(Tables.LOCK_WAIT_STATS).where("instance = 'mssql-01'").orderBy("lock_mode")
        .collectAsList();
    assertThat(stats).extracting(r -> r.getAs("lock_mode") + " " + r.getAs("table_name") + " " + r.getAs("waits") + " "
        + r.getAs("total_wait_ms")).containsExactly("U orders 1 15000.0", "X stock 1 7000.0");
    assertThat(stats.get(0).<Object>getAs("hour_executions")).isNull();
  }

  @Test
  void everyDeadlockYieldsOneCycleWithItsParticipantsAndResources() {
    List<Row> rows = warehouse.read(Tables.DEADLOCK_CYCLES).orderBy("event_time").collectAsList();
    JsonNode deadlocks = truth.get("deadlocks");
    assertThat(rows).hasSize(deadlocks.size()).hasSize(6);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode want = deadlocks.get(i);
      Row got = rows.get(i);
      assertThat(got.<Timestamp>getAs("event_time").toInstant()).isEqualTo(Instant.parse(want.get("time").asText()));
      assertThat(got.<String>getAs("victim_session")).isEqualTo(want.get("victimPid").asText());
      assertThat(got.<Integer>getAs("cycle_count")).isEqualTo(1);
      assertThat(got.<Boolean>getAs("cycle_inferred")).isFalse();
      Map<String, String> expected = new TreeMap<>();
      want.get("participants").forEach(p -> expected.put(p.get("pid").asText(),
          p.get("waitsForPid").asText() + " on " + p.get("resource").asText()));
      Row cycle = got.<Row>getList(got.fieldIndex("cycles")).get(0);
      List<String> nodes = cycle.getList(0);
      List<String> resources = cycle.getList(1);
      Map<String, String> actual = new TreeMap<>();
      for (int n = 0; n < nodes.size(); n++) {
        actual.put(nodes.get(n), nodes.get((n + 1) % nodes.size()) + " on " + resources.get(n));
      }
      assertThat(actual).as(want.get("scenario").asText()).isEqualTo(expected);
      assertThat(got.<Integer>getAs("participants")).isEqualTo(want.get("parties").asInt());
      assertThat(got.<String>getAs("root_cause")).isEqualTo("lock_order_inversion");
      assertThat(got.<String>getAs("root_cause_evidence")).contains("take the same resources in opposite order");
      List<Row> nodeRows = got.getList(got.fieldIndex("nodes"));
      for (Row n : nodeRows) {
        String statement = null;
        for (JsonNode p : want.get("participants")) {
          if (p.get("pid").asText().equals(n.getAs("node_id"))) {
            statement = p.get("statement").asText();
          }
        }
        assertThat(n.<String>getAs("fingerprint_id")).isEqualTo(FINGERPRINTS.fingerprint(statement).hexId());
        assertThat(n.<String>getAs("statement_type")).isEqualTo("UPDATE");
        assertThat(n.<Boolean>getAs("victim")).isEqualTo(n.getAs("node_id").equals(want.get("victimPid").asText()));
      }
      assertThat(got.<String>getAs("signature")).matches("[0-9a-f]{16}");
    }
  }

  @Test
  void recurringDeadlocksShareASignature() {
    Map<String, Set<String>> signaturesByScenario = new TreeMap<>();
    Map<String, List<Instant>> timesByScenario = new TreeMap<>();
    List<Row> rows = warehouse.read(Tables.DEADLOCK_CYCLES).orderBy("event_time").collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      String scenario = truth.get("deadlocks").get(i).get("scenario").asText();
      signaturesByScenario.computeIfAbsent(scenario, k -> new HashSet<>()).add(rows.get(i).getAs("signature"));
      timesByScenario.computeIfAbsent(scenario, k -> new ArrayList<>())
          .add(Instant.parse(truth.get("deadlocks").get(i).get("time").asText()));
    }
    assertThat(signaturesByScenario).hasSize(3).allSatisfy((scenario, signatures) -> assertThat(signatures).hasSize(1));
    assertThat(signaturesByScenario.values().stream().flatMap(Set::stream).distinct()).hasSize(3);

    List<Row> signatures = warehouse.read(Tables.DEADLOCK_SIGNATURES).collectAsList();
    assertThat(signatures).hasSize(3);
    for (Row s : signatures) {
      String scenario = signaturesByScenario.entrySet().stream()
          .filter(e -> e.getValue().contains(s.<String>getAs("signature"))).findFirst().orElseThrow().getKey();
      assertThat(s.<Long>getAs("deadlocks")).isEqualTo(2);
      assertThat(s.<Timestamp>getAs("first_seen").toInstant()).isEqualTo(timesByScenario.get(scenario).get(0));
      assertThat(s.<Timestamp>getAs("last_seen").toInstant()).isEqualTo(timesByScenario.get(scenario).get(1));
      assertThat(s.getList(s.fieldIndex("instances"))).containsExactly("pg-demo-01");
      assertThat(s.<String>getAs("root_cause")).isEqualTo("lock_order_inversion");
    }
    assertThat(result.deadlocks()).isEqualTo(6);
    assertThat(result.signatures()).isEqualTo(3);
  }

  @Test
  void blockingTreesAreRebuiltExactly() {
    List<Row> chains = warehouse.read(Tables.BLOCKING_CHAINS).collectAsList();
    assertThat(truth.get("blockingTrees")).hasSize(3);
    for (JsonNode tree : truth.get("blockingTrees")) {
      Instant time = Instant.parse(tree.get("time").asText());
      List<Row> matching = chains.stream().filter(c -> c.<String>getAs("head_session").equals(tree.get("headPid").asText())
          && !c.<Timestamp>getAs("window_start").toInstant().isAfter(time.plusSeconds(1))
          && !c.<Timestamp>getAs("window_end").toInstant().isBefore(time)).toList();
      assertThat(matching).as("chain headed by " + tree.get("headPid")).hasSize(1);
      Row chain = matching.get(0);
      assertThat(chain.<Boolean>getAs("deadlocked")).isFalse();
      assertThat(chain.<Integer>getAs("depth")).isEqualTo(tree.get("depth").asInt()).isEqualTo(3);
      assertThat(chain.<Integer>getAs("blocked_sessions")).isEqualTo(tree.get("waiters").size()).isEqualTo(5);
      assertThat(chain.<String>getAs("head_fingerprint_id"))
          .isEqualTo(FINGERPRINTS.fingerprint(tree.get("headStatement").asText()).hexId());
      assertThat(chain.<String>getAs("head_statement")).startsWith("UPDATE orders SET status = ");

      Map<String, String> expected = new TreeMap<>();
      double total = 0;
      double max = 0;
      for (JsonNode w : tree.get("waiters")) {
        double ms = w.get("acquiredAfterMs").asDouble();
        expected.put(w.get("pid").asText(), "level " + w.get("level").asInt() + " under " + w.get("blockedByPid").asInt()
            + " waiting " + ms + " ms for " + w.get("lockMode").asText() + " on " + w.get("resource").asText()
            + " running " + FINGERPRINTS.fingerprint(w.get("statement").asText()).hexId());
        total += ms;
        max = Math.max(max, ms);
      }
      Map<String, String> actual = new TreeMap<>();
      for (Row b : chain.<Row>getList(chain.fieldIndex("blocked"))) {
        actual.put(b.getAs("session"), "level " + b.getAs("level") + " under " + b.getAs("blocked_by") + " waiting "
            + b.<Double>getAs("wait_ms") + " ms for " + b.getAs("lock_mode") + " on " + b.getAs("resource")
            + " running " + b.getAs("fingerprint_id"));
        assertThat(b.<Boolean>getAs("from_wait_queue")).isFalse();
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(chain.<Double>getAs("total_wait_ms")).isCloseTo(total, within(1e-6));
      assertThat(chain.<Double>getAs("max_wait_ms")).isEqualTo(max);
    }
  }

  @Test
  void lockWaitStatsCountEveryWaitOnceAndCompareHeavyHoursWithNormalOnes() {
    List<Row> stats = warehouse.read(Tables.LOCK_WAIT_STATS).where("instance = 'pg-demo-01'").collectAsList();
    JsonNode events = truth.get("totals").get("events");
    assertThat(stats.stream().mapToLong(r -> r.<Long>getAs("waits")).sum())
        .isEqualTo(events.get("lockWaits").asLong()).isEqualTo(events.get("lockAcquired").asLong()).isEqualTo(30);

    Map<Instant, Long> executions = new HashMap<>();
    for (Row r : warehouse.read(Tables.QUERY_EXECUTIONS).selectExpr(
        "timestamp_micros(floor(unix_micros(event_time) / 3600000000) * 3600000000) AS hour", "coalesce(calls, 1) AS calls")
        .groupBy("hour").sum("calls").collectAsList()) {
      executions.put(r.<Timestamp>getAs(0).toInstant(), r.getLong(1));
    }
    Set<Instant> heavy = new HashSet<>();
    stats.stream().filter(r -> r.<Boolean>getAs("heavy_hour")).forEach(r -> heavy.add(r.<Timestamp>getAs("hour_start").toInstant()));

    for (JsonNode tree : truth.get("blockingTrees")) {
      Instant hour = Instant.parse(tree.get("time").asText()).truncatedTo(ChronoUnit.HOURS);
      double treeWait = 0;
      for (JsonNode w : tree.get("waiters")) {
        treeWait += w.get("acquiredAfterMs").asDouble();
        if (w.get("resource").asText().startsWith("tuple")) {
          // Tuple locks are only taken in the trees: one row per waiter, its whole wait.
          String object = w.get("resource").asText().replaceFirst("\\(\\d+,\\d+\\)", "(?)");
          Row row = stats.stream().filter(r -> r.<Timestamp>getAs("hour_start").toInstant().equals(hour)
              && object.equals(r.getAs("locked_object"))).findFirst().orElseThrow();
          assertThat(row.<String>getAs("lock_type")).isEqualTo("tuple");
          assertThat(row.<String>getAs("lock_mode")).isEqualTo("ExclusiveLock");
          assertThat(row.<Long>getAs("waits")).isEqualTo(1);
          assertThat(row.<Double>getAs("total_wait_ms")).isEqualTo(w.get("acquiredAfterMs").asDouble());
          assertThat(row.<Double>getAs("p95_wait_ms")).isEqualTo(w.get("acquiredAfterMs").asDouble());
        }
      }
      Row any = stats.stream().filter(r -> r.<Timestamp>getAs("hour_start").toInstant().equals(hour)).findFirst()
          .orElseThrow();
      assertThat(any.<Double>getAs("hour_wait_ms")).isGreaterThanOrEqualTo(treeWait - 1e-6);
      assertThat(any.<Boolean>getAs("heavy_hour")).isEqualTo(any.<Double>getAs("hour_wait_ms") >= 60_000);
      assertThat(any.<Long>getAs("hour_executions")).isEqualTo(executions.get(hour));
      // The baseline: normal (not heavy) hours with executions at the same hour of day.
      List<Long> same = new ArrayList<>();
      executions.forEach((h, n) -> {
        if (!heavy.contains(h) && h.atOffset(ZoneOffset.UTC).getHour() == hour.atOffset(ZoneOffset.UTC).getHour()) {
          same.add(n);
        }
      });
      assertThat(any.<Long>getAs("normal_hours")).isEqualTo(same.size());
      assertThat(any.<Double>getAs("normal_executions"))
          .isCloseTo(same.stream().mapToLong(Long::longValue).average().orElseThrow(), within(1e-9));
      assertThat(any.<Double>getAs("executions_change"))
          .isCloseTo(executions.get(hour) / any.<Double>getAs("normal_executions") - 1, within(1e-9));
    }
    // The first tree alone holds its waiters for 80 s: its hour is heavy.
    Instant first = Instant.parse(truth.get("blockingTrees").get(0).get("time").asText()).truncatedTo(ChronoUnit.HOURS);
    assertThat(heavy).contains(first);
  }

  @Test
  void deadlocksCommandDrawsEveryDeadlockAndGraphvizRendersTheThreePartyOnes() throws Exception {
    Path out = dir.resolve("graphs");
    String stdout = cli("deadlocks", "--warehouse", warehouse.root(), "--format", "dot", "--out", out.toString());
    assertThat(stdout).startsWith("wrote 6 dot graph(s) to " + out.toAbsolutePath());
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSize(6).allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("deadlock-pg-demo-01-")
        .endsWith(".dot"));

    // Each file is the graph the analysis builds from the raw deadlock: nothing lost through the table.
    Map<String, String> expectedDot = new LinkedHashMap<>();
    for (Row d : warehouse.read(Tables.DEADLOCK_EVENTS).collectAsList()) {
      DeadlockAnalysis a = DeadlockAnalysis.of(Engine.POSTGRESQL,
          DeadlockRows.participants(d).stream().map(DeadlockRows.Participant::participant).toList(), Map.of(), List.of());
      expectedDot.put("deadlock-pg-demo-01-" + DeadlockGraphFiles.fileSafe(d.getAs("deadlock_id")) + ".dot",
          DeadlockGraphExport.toDot(a.graph(), a.cycles()));
    }
    for (Path f : files) {
      assertThat(Files.readString(f)).isEqualTo(expectedDot.get(f.getFileName().toString()));
    }

    assumeTrue(DeadlockGraphExportTest.onPath("dot"), "Graphviz dot is not installed");
    int rendered = 0;
    for (JsonNode d : truth.get("deadlocks")) {
      if (d.get("parties").asInt() != 3) {
        continue;
      }
      Path dot = files.stream().filter(f -> {
        try {
          return Files.readString(f).contains("\"" + d.get("victimPid").asText() + "\" [label=\"victim ");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).findFirst().orElseThrow();
      Path svg = dir.resolve(dot.getFileName() + ".svg");
      Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString()).redirectErrorStream(true).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(messages).isZero();
      assertThat(messages).as("dot warnings").isEmpty();
      String image = Files.readString(svg);
      assertThat(image).contains("<svg");
      for (JsonNode participant : d.get("participants")) {
        assertThat(image).contains(participant.get("pid").asText(), participant.get("resource").asText());
      }
      assertThat(image.split("class=\"edge\"", -1)).hasSize(4);
      rendered++;
    }
    assertThat(rendered).isEqualTo(2);
  }

  @Test
  void deadlocksCommandGroupsBySignatureAndFilters() throws Exception {
    Path perSignature = dir.resolve("per-signature");
    String listed = cli("deadlocks", "--warehouse", warehouse.root(), "--format", "json", "--per-signature", "--out",
        perSignature.toString());
    assertThat(listed).startsWith("wrote 3 json graph(s)");
    Row reserve = warehouse.read(Tables.DEADLOCK_CYCLES).where("participants = 3").orderBy("event_time").first();
    String signature = reserve.getAs("signature");
    JsonNode json = new ObjectMapper().readTree(perSignature.resolve("signature-" + signature + ".json").toFile());
    assertThat(json.get("nodes")).hasSize(3);
    assertThat(json.get("edges")).hasSize(3);

    Path one = dir.resolve("one-signature");
    String filtered = cli("deadlocks", "--warehouse", warehouse.root(), "--format", "graphml", "--signature",
        signature.substring(0, 6), "--out", one.toString());
    assertThat(filtered).startsWith("wrote 2 graphml graph(s)");
    assertThat(DblensCli.execute("deadlocks", "--warehouse", warehouse.root(), "--signature", "ffffffffffffffff",
        "--out", one.toString())).isEqualTo(2);
    assertThat(warehouse.read(Tables.JOB_RUNS).where("job = 'lock-analysis' AND status = 'succeeded'").count())
        .isEqualTo(1);
  }

  static synchronized String cli(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertThat(DblensCli.execute(args)).isZero();
      return bytes.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(out);
    }
  }
}
