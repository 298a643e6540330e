package io.dblens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.generate.PostgresLogGenerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of an ingest, then the same ingest again: the tables must equal those of one
 * clean run. The killed run is a separate JVM started from this test's class path.
 */
class IngestKillTest {

  @TempDir
  Path dir;

  @Test
  void aKilledIngestRerunEqualsACleanRun() throws Exception {
    Path logs = dir.resolve("logs");
    PostgresLogGenerator.generate(new PostgresLogGenerator.Config(logs, 2, 2, 60_000, 7,
        LocalDate.of(2025, 3, 3), "%m [%p] %q%u@%d ", true));
    SparkSession spark = TestSpark.get();

    Warehouse clean = new Warehouse(spark, dir.resolve("clean").toString());
    IngestJob.run(spark, IngestJob.Config.of(clean.root(), List.of(logs.toString())));

    Path killedRoot = dir.resolve("killed");
    Process child = startIngest(killedRoot, logs);
    boolean killedMidway = waitForFirstCommit(killedRoot.resolve("log_events/_delta_log"), child);
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
    assertThat(killedMidway).as("the child was killed after its first table commit, before the end").isTrue();
    assertThat(Files.exists(killedRoot.resolve("ingest_files"))).as("the ledger was not written yet").isFalse();

    Warehouse killed = new Warehouse(spark, killedRoot.toString());
    IngestJob.run(spark, IngestJob.Config.of(killed.root(), List.of(logs.toString())));
    assertThat(TableSnapshots.of(killed)).isEqualTo(TableSnapshots.of(clean));
  }

  private static Process startIngest(Path warehouse, Path logs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:") || arg.startsWith("--sun-misc")
          || arg.startsWith("--enable-native") || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-Dspark.master=local[2]", "-cp", System.getProperty("java.class.path"),
        "io.dblens.jobs.cli.DblensCli", "ingest", "--warehouse", warehouse.toString(), logs.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(warehouse.getParent().resolve("killed-run.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** True once the first commit of log_events exists while the child still runs. */
  private static boolean waitForFirstCommit(Path deltaLog, Process child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (Files.exists(deltaLog.resolve("00000000000000000000.json"))) {
        return child.isAlive();
      }
      if (!child.isAlive()) {
        return false;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
