package io.dblens.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job body: names its Spark job group, logs the one-line summary and records the run in
 * {@code job_runs}, whether it succeeded or failed. Jobs call it from their {@code run} method, so a
 * run is recorded however it was started (command line, spark-submit, tests).
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private JobRunner() {}

  public static <R extends JobResult> R execute(
      SparkSession spark, Warehouse warehouse, String job, Object config, Supplier<R> body) {
    String runId = UUID.randomUUID().toString();
    Instant start = Instant.now();
    var sc = spark.sparkContext();
    String previousGroup = sc.getLocalProperty("spark.jobGroup.id");
    sc.setJobGroup("dblens-" + job, "dblens " + job + " " + runId, false);
    try {
      R result = body.get();
      double seconds = (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0;
      LOG.info("{} finished in {} s: {}", job, String.format("%.1f", seconds), result.summary());
      record(warehouse, runId, job, config, start, "succeeded", result.rowsIn(), result.rowsOut(),
          result.summary());
      return result;
    } catch (RuntimeException e) {
      String message = e instanceof DblensException d ? d.userMessage() : String.valueOf(e);
      LOG.error("{} failed: {}", job, message);
      try {
        record(warehouse, runId, job, config, start, "failed", 0, 0, message);
      } catch (RuntimeException recordFailure) {
        e.addSuppressed(recordFailure);
      }
      throw e;
    } finally {
      if (previousGroup == null) {
        sc.clearJobGroup();
      } else {
        sc.setLocalProperty("spark.jobGroup.id", previousGroup);
      }
    }
  }

  private static void record(Warehouse warehouse, String runId, String job, Object config,
      Instant start, String status, long in, long out, String summary) {
    Row row = RowFactory.create(runId, job, String.valueOf(config), Timestamp.from(start),
        Timestamp.from(Instant.now()), status, in, out, summary);
    warehouse.writeRows(Tables.JOB_RUNS, List.of(row), Set.of(), null);
  }
}
