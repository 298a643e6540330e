package io.dblens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pgBadger fixture set through the Spark ingest: every file gets a reconciled ledger row,
 * the pgbouncer logs are recognised as not PostgreSQL, and the query executions that reach the table
 * agree with pgBadger 13.2's own counts and totals (from its JSON output beside the fixtures; the
 * parser-level test checks every file, this one checks that nothing is lost on the way to Delta).
 */
class PgBadgerFixturesIngestTest {

  static final Path FIXTURES = Path.of("../../shared/data/real/pgbadger/t/fixtures");

  @TempDir
  Path dir;

  @Test
  void everyFixtureReconcilesAndQueryTotalsAgreeWithPgBadger() {
    assumeTrue(Files.isDirectory(FIXTURES), "the shared corpus is not beside the checkout");
    SparkSession spark = TestSpark.get();
    Warehouse warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    IngestJob.Result result = IngestJob.run(spark,
        IngestJob.Config.of(warehouse.root(), List.of(FIXTURES.toAbsolutePath().normalize().toString())));
    assertThat(result.files()).isEqualTo(22);

    Map<String, Row> ledger = warehouse.read(Tables.INGEST_FILES).collectAsList().stream()
        .collect(Collectors.toMap(r -> name(r.getAs("file_path")), r -> r));
    for (Row r : ledger.values()) {
      assertThat(r.<Long>getAs("lines_read")).as(r.<String>getAs("file_path"))
          .isEqualTo(r.<Long>getAs("lines_parsed") + r.<Long>getAs("lines_quarantined"));
    }
    assertThat(ledger.get("pgbouncer.log.gz").<String>getAs("status")).isEqualTo("unrecognised");
    assertThat(ledger.get("pgbouncer.1.21.log.gz").<String>getAs("status")).isEqualTo("unrecognised");
    assertThat(ledger.get("rds.log.bz2").<String>getAs("status")).isEqualTo("ok");
    assertThat(ledger.get("rds.log.bz2").<String>getAs("inferred")).contains("%t:%r:%u@%d:[%p]:");

    Map<String, Row> totals = warehouse.read(Tables.QUERY_EXECUTIONS).where("NOT failed")
        .groupBy("file_id").agg(org.apache.spark.sql.functions.count("*").as("n"),
            org.apache.spark.sql.functions.sum("duration_ms").as("total"))
        .join(warehouse.read(Tables.INGEST_FILES).select("file_id", "file_path"), "file_id")
        .collectAsList().stream().collect(Collectors.toMap(r -> name(r.getAs("file_path")), r -> r));
    // pgBadger 13.2 on the same files: queries_number and the summed per-minute durations.
    assertThat(totals.get("rds.log.bz2").<Long>getAs("n")).isEqualTo(114_594L);
    assertThat(totals.get("rds.log.bz2").<Double>getAs("total")).isCloseTo(71_472.764, within(71_472.764 * 0.005));
    assertThat(totals.get("pg-syslog.1.bz2").<Long>getAs("n")).isEqualTo(59_871L);
    assertThat(totals.get("pg-syslog.1.bz2").<Double>getAs("total")).isCloseTo(16_955.939, within(16_955.939 * 0.005));
    assertThat(totals.get("light.postgres.log.bz2").<Long>getAs("n")).isEqualTo(629L);
    assertThat(totals.get("cnpg.log.gz").<Long>getAs("n")).isEqualTo(400L);
    assertThat(totals.get("tempfile_only.log.gz").<Long>getAs("n")).isEqualTo(65L);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
