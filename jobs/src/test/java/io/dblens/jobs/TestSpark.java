package io.dblens.jobs;

import io.dblens.common.Sessions;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test run: every Spark test shares it (a session costs seconds). */
public final class TestSpark {

  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      System.setProperty("spark.master", "local[2]");
      System.setProperty("spark.sql.shuffle.partitions", "2");
      System.setProperty("spark.default.parallelism", "2");
      spark = Sessions.getOrCreate("dblens-tests");
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
