package io.dblens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.generate.MysqlSlowLogGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large log read by several parse tasks gives the same tables, ledger included, as one task reading it. */
class FilePartsIngestTest {

  @TempDir
  Path dir;

  @Test
  void aPostgresLogReadInPartsGivesTheSameTables() throws IOException {
    Path log = Files.createDirectories(dir.resolve("logs/pg-demo-01")).resolve("postgresql-2025-03-03.log");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        Path.of("../data-samples/postgresql/pg-demo-01/postgresql-2025-03-03.log.gz")))) {
      Files.copy(in, log);
    }
    assertSameTablesInParts(log, "pg-demo-01");
  }

  /** Entries inherit the database of the last {@code use db;}, which may lie in the part before. */
  @Test
  void aMysqlSlowLogReadInPartsGivesTheSameTables() throws IOException {
    MysqlSlowLogGenerator.Result generated = MysqlSlowLogGenerator.generate(new MysqlSlowLogGenerator.Config(
        dir.resolve("logs"), 1, 1, 20_000, 0, 7, LocalDate.of(2025, 3, 3), false));
    Path log = generated.files().get(0);
    assertSameTablesInParts(log, log.getParent().getFileName().toString());
  }

  private void assertSameTablesInParts(Path log, String instance) throws IOException {
    SparkSession spark = TestSpark.get();
    long partBytes = Files.size(log) / 4;
    int parallelism = spark.sparkContext().defaultParallelism();
    FileTask task = new FileTask(log.toString(), "id", Files.size(log), 0, instance, null, null, "UTC", null,
        null, false, null);
    assertThat(FilePart.of(task, partBytes, parallelism)).hasSize(Math.min(parallelism, 4)).hasSizeGreaterThan(1);

    Warehouse whole = new Warehouse(spark, dir.resolve("whole").toString());
    IngestJob.Result one = IngestJob.run(spark, IngestJob.Config.of(whole.root(), List.of(log.toString())));
    Warehouse parts = new Warehouse(spark, dir.resolve("parts").toString());
    spark.conf().set(FilePart.PART_BYTES_OPTION, String.valueOf(partBytes));
    IngestJob.Result split;
    try {
      split = IngestJob.run(spark, IngestJob.Config.of(parts.root(), List.of(log.toString())));
    } finally {
      spark.conf().unset(FilePart.PART_BYTES_OPTION);
    }
    assertThat(split.summary()).isEqualTo(one.summary());
    assertThat(TableSnapshots.of(parts)).isEqualTo(TableSnapshots.of(whole));
  }
}
