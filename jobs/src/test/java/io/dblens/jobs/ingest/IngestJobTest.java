package io.dblens.jobs.ingest;

import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.input_file_name;
import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest on good and bad files: statuses, reasons, reconciled ledger, idempotent re-runs. */
class IngestJobTest {

  @TempDir
  static Path dir;

  static SparkSession spark;
  static Path logs;
  static Warehouse warehouse;
  static IngestJob.Result first;

  static final String GOOD = String.join("\n",
      "2025-03-04 10:00:00.100 UTC [101] app@shop LOG:  duration: 12.500 ms  statement: SELECT * FROM orders WHERE id = 42",
      "2025-03-04 10:00:01.200 UTC [102] app@shop LOG:  duration: 7.250 ms  statement: SELECT * FROM orders WHERE id = 7",
      "2025-03-04 10:00:02.300 UTC [103] app@shop ERROR:  duplicate key value violates unique constraint \"orders_pkey\"",
      "2025-03-04 10:00:02.300 UTC [103] app@shop DETAIL:  Key (id)=(1) already exists.",
      "2025-03-04 10:00:02.300 UTC [103] app@shop STATEMENT:  INSERT INTO orders (id) VALUES (1)",
      "2025-03-04 10:00:03.400 UTC [104] app@shop LOG:  duration: 1500.000 ms  statement: UPDATE stock",
      "\t SET qty = qty - 1",
      "\t WHERE item = 'x'",
      "2025-03-04 10:00:04.000 UTC [105] @ LOG:  checkpoint starting: time",
      "") ;

  @BeforeAll
  static void ingest() throws IOException {
    spark = TestSpark.get();
    logs = Files.createDirectories(dir.resolve("logs/pg-01"));
    Files.writeString(logs.resolve("good.log"), GOOD);
    byte[] gz = gzip(GOOD.repeat(200));
    Files.write(logs.resolve("truncated.log.gz"), Arrays.copyOf(gz, gz.length / 2));
    byte[] binary = new byte[4096];
    new Random(1).nextBytes(binary);
    binary[10] = 0;
    Files.write(logs.resolve("binary.bin"), binary);
    ByteArrayOutputStream invalid = new ByteArrayOutputStream();
    invalid.write(GOOD.getBytes(StandardCharsets.UTF_8));
    invalid.write("2025-03-04 10:00:05.000 UTC [106] app@shop LOG:  duration: 1.000 ms  statement: SELECT 'caf"
        .getBytes(StandardCharsets.UTF_8));
    invalid.write(new byte[] {(byte) 0xC3, (byte) 0x28, '\'', '\n'});
    Files.write(logs.resolve("invalid-utf8.log"), invalid.toByteArray());
    try (OutputStream out = Files.newOutputStream(logs.resolve("huge-line.log"))) {
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.write('\n');
    }
    Files.writeString(logs.resolve("empty.log"), "");
    Files.writeString(logs.resolve("garbage.txt"), "lorem ipsum dolor\nsit amet, consectetur\n%%% ### !!!\n");
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    first = IngestJob.run(spark, IngestJob.Config.of(warehouse.root(), List.of(logs.getParent().toString())));
  }

  static Map<String, Row> ledger() {
    return warehouse.read(Tables.INGEST_FILES).collectAsList().stream()
        .collect(Collectors.toMap(r -> Path.of(r.<String>getAs("file_path").replace("file:", "")).getFileName()
            .toString(), r -> r));
  }

  @Test
  void everyFileHasAStatusAndAReconciledLedgerRow() {
    Map<String, Row> ledger = ledger();
    assertThat(ledger).containsOnlyKeys("good.log", "truncated.log.gz", "binary.bin", "invalid-utf8.log",
        "huge-line.log", "empty.log", "garbage.txt");
    for (Row r : ledger.values()) {
      assertThat(r.<Long>getAs("lines_read"))
          .as("%s reconciles", r.<String>getAs("file_path"))
          .isEqualTo(r.<Long>getAs("lines_parsed") + r.<Long>getAs("lines_quarantined"));
    }
    assertThat(status(ledger, "good.log")).isEqualTo("ok");
    assertThat(ledger.get("good.log").<String, Long>getJavaMap(ledger.get("good.log").fieldIndex("events_by_type")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("query", 3L, "error", 1L, "checkpoint", 1L));
    assertThat(ledger.get("good.log").<Long>getAs("lines_read")).isEqualTo(9L);
    assertThat(ledger.get("good.log").<String>getAs("instance")).isEqualTo("pg-01");
    assertThat(status(ledger, "truncated.log.gz")).isEqualTo("truncated");
    assertThat(error(ledger, "truncated.log.gz")).contains("truncated archive");
    assertThat(ledger.get("truncated.log.gz").<Long>getAs("events")).isPositive();
    assertThat(status(ledger, "binary.bin")).isEqualTo("rejected");
    assertThat(error(ledger, "binary.bin")).contains("binary");
    assertThat(status(ledger, "invalid-utf8.log")).isEqualTo("partial");
    assertThat(error(ledger, "invalid-utf8.log")).contains("not valid UTF-8").contains("line 10");
    assertThat(status(ledger, "huge-line.log")).isEqualTo("unrecognised");
    assertThat(ledger.get("huge-line.log").<Long>getAs("lines_quarantined")).isEqualTo(1L);
    assertThat(status(ledger, "empty.log")).isEqualTo("empty");
    assertThat(status(ledger, "garbage.txt")).isEqualTo("unrecognised");
    assertThat(ledger.get("garbage.txt").<Long>getAs("lines_quarantined")).isEqualTo(3L);
    assertThat(first.nothingReadable()).isFalse();
  }

  @Test
  void quarantineNamesTheLinesAndTheReason() {
    List<Row> rows = warehouse.read(Tables.QUARANTINE).where("file_path LIKE '%huge-line.log'").collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<Long>getAs("line_start")).isEqualTo(1L);
    assertThat(rows.get(0).<String>getAs("reason")).contains("52428800 bytes exceeds the limit");
    assertThat(rows.get(0).<String>getAs("raw_text").length()).isLessThanOrEqualTo(2000);
  }

  @Test
  void eventsLandInTheirTables() {
    List<Row> executions = warehouse.read(Tables.QUERY_EXECUTIONS)
        .join(warehouse.read(Tables.INGEST_FILES).where("file_path LIKE '%/good.log'").select("file_id"),
            "file_id")
        .collectAsList();
    assertThat(executions).hasSize(4);
    assertThat(executions.stream().filter(r -> r.<Boolean>getAs("failed")).count()).isEqualTo(1);
    double total = executions.stream().filter(r -> !r.<Boolean>getAs("failed"))
        .mapToDouble(r -> r.<Double>getAs("duration_ms")).sum();
    assertThat(total).isEqualTo(1519.75);
    List<Row> fps = warehouse.read(Tables.QUERY_FINGERPRINTS).collectAsList();
    Row select = fps.stream().filter(r -> r.<String>getAs("normalized_text").startsWith("select")).findFirst()
        .orElseThrow();
    assertThat(select.<String>getAs("sample_text")).doesNotContain("42").doesNotContain("7");
    assertThat(select.<String>getAs("statement_type")).isEqualTo("select");
  }

  /**
   * Tables a run's files give no rows to are not written, unless a file read again had rows there: its
   * lock waits are gone from lock_events once it no longer has any.
   */
  @Test
  void aChangedFileLeavesNoRowsInTablesItNoLongerFeeds() throws IOException {
    Path file = Files.createDirectories(dir.resolve("changing/pg-02")).resolve("pg.log");
    Warehouse wh = new Warehouse(spark, dir.resolve("wh-changing").toString());
    String wait = "2025-03-04 10:00:05.000 UTC [107] app@shop LOG:  process 107 still waiting for ShareLock on "
        + "transaction 1234 after 1000.123 ms\n"
        + "2025-03-04 10:00:05.000 UTC [107] app@shop DETAIL:  Process holding the lock: 108. Wait queue: 107.\n";
    Files.writeString(file, GOOD + wait);
    IngestJob.run(spark, IngestJob.Config.of(wh.root(), List.of(file.toString())));
    assertThat(wh.read(Tables.LOCK_EVENTS).count()).isEqualTo(1);
    assertThat(wh.exists(Tables.DEADLOCK_EVENTS)).as("no deadlock in the file: table not written").isFalse();

    Files.writeString(file, GOOD + GOOD);
    IngestJob.run(spark, IngestJob.Config.of(wh.root(), List.of(file.toString())));
    assertThat(wh.read(Tables.LOCK_EVENTS).count()).isZero();
    assertThat(wh.read(Tables.QUERY_EXECUTIONS).count()).isEqualTo(8);
  }

  /**
   * Small files read by one task share data files; when only one of them changes, its rows are replaced
   * and the others' kept, although the shared files must then be rewritten.
   */
  @Test
  void aChangedFileSharingDataFilesWithOthersReplacesOnlyItsOwnRows() throws IOException {
    Path logsDir = Files.createDirectories(dir.resolve("sharing/pg-03"));
    // More files than parse tasks: the smallest goes with one of the others.
    for (int i = 1; i <= 4; i++) {
      Files.writeString(logsDir.resolve("big-" + i + ".log"), GOOD + GOOD);
    }
    Path changing = logsDir.resolve("small.log");
    Files.writeString(changing, GOOD);
    Warehouse wh = new Warehouse(spark, dir.resolve("wh-sharing").toString());
    IngestJob.run(spark, IngestJob.Config.of(wh.root(), List.of(logsDir.toString())));
    assertThat(wh.read(Tables.LOG_EVENTS).groupBy(input_file_name()).agg(countDistinct("file_id").as("n"))
        .where("n > 1").count()).as("data files holding rows of two input files").isPositive();
    Map<String, Long> before = eventsPerFile(wh);

    Files.writeString(changing, GOOD + GOOD + GOOD);
    IngestJob.Result second = IngestJob.run(spark, IngestJob.Config.of(wh.root(), List.of(logsDir.toString())));
    assertThat(second.skipped()).isEqualTo(4);
    Map<String, Long> after = eventsPerFile(wh);
    String changed = wh.read(Tables.INGEST_FILES).where("file_path LIKE '%small.log'").first().getAs("file_id");
    long once = before.entrySet().stream().filter(e -> !e.getKey().equals(changed)).findFirst().orElseThrow()
        .getValue() / 2;
    before.forEach((id, n) -> assertThat(after.get(id)).as(id).isEqualTo(id.equals(changed) ? 3 * once : n));
    assertThat(wh.read(Tables.QUERY_EXECUTIONS).count()).isEqualTo((4 * 2 + 3) * 4);
  }

  private static Map<String, Long> eventsPerFile(Warehouse wh) {
    return wh.read(Tables.LOG_EVENTS).groupBy("file_id").count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  @Test
  void reRunningSkipsUnchangedFilesAndChangesNothing() {
    Map<String, List<String>> before = TableSnapshots.of(warehouse);
    IngestJob.Result again = IngestJob.run(spark,
        IngestJob.Config.of(warehouse.root(), List.of(logs.getParent().toString())));
    // Unreadable files (binary, unrecognised) are tried again; readable ones are skipped.
    assertThat(again.skipped()).isEqualTo(4);
    assertThat(TableSnapshots.of(warehouse)).isEqualTo(before);
    IngestJob.Config force = new IngestJob.Config(warehouse.root(), List.of(logs.getParent().toString()), null,
        null, null, null, null, null, false, true, 0);
    IngestJob.run(spark, force);
    assertThat(TableSnapshots.of(warehouse)).isEqualTo(before);
  }

  @Test
  void nothingReadableIsReported() {
    IngestJob.Result bad = IngestJob.run(spark, IngestJob.Config.of(dir.resolve("wh-bad").toString(),
        List.of(logs.resolve("binary.bin").toString(), logs.resolve("garbage.txt").toString())));
    assertThat(bad.nothingReadable()).isTrue();
  }

  private static String status(Map<String, Row> ledger, String file) {
    return ledger.get(file).getAs("status");
  }

  private static String error(Map<String, Row> ledger, String file) {
    return ledger.get(file).getAs("error");
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
