package io.dblens.common;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the SparkSession: local mode with settings that suit one machine unless spark-submit (or
 * {@code --conf}) said otherwise. Only missing settings are filled in, so a cluster's configuration
 * always wins.
 */
public final class Sessions {

  /** Parquet row group size of every table written. */
  static final int ROW_GROUP_BYTES = 32 << 20;

  /** Output files a write task keeps open (one per partition value) before it sorts its rows instead. */
  static final int CONCURRENT_WRITERS = 32;

  private Sessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.setIfMissing("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.sql.shuffle.partitions", "4");
      conf.setIfMissing("spark.default.parallelism", "4");
      conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
      conf.setIfMissing("spark.sql.adaptive.enabled", "true");
    }
    // Logs arrive in time order, so a parse task meets few dates (times a few event types): keeping a writer
    // open per partition beats sorting every task's rows before writing (Spark sorts past this many).
    conf.setIfMissing("spark.sql.maxConcurrentOutputFileWriters", String.valueOf(CONCURRENT_WRITERS));
    // A large log gives one big file per date and parse task. Spark reads a Parquet file in as many tasks
    // as it has row groups, so with the default 128 MiB groups the jobs reading log_events and
    // query_executions back ran on one core; 32 MiB groups let every core take a share.
    conf.setIfMissing("spark.hadoop.parquet.block.size", String.valueOf(ROW_GROUP_BYTES));
    // Timestamps as Parquet's INT64 microseconds rather than the legacy INT96: every reader knows them, and
    // INT96 values went through a fixed-length dictionary that every unique event time filled for nothing.
    conf.setIfMissing("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
