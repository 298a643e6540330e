package io.dblens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** The session's defaults reach Spark: a misspelt key would be silently ignored. */
class SessionsTest {

  @Test
  void writesKeepAFileOpenPerPartitionInsteadOfSortingAndUseSmallRowGroups() {
    SQLConf conf = TestSpark.get().sessionState().conf();
    assertThat(conf.maxConcurrentOutputFileWriters()).isEqualTo(32);
    assertThat(TestSpark.get().sparkContext().hadoopConfiguration().getLong("parquet.block.size", 0))
        .isEqualTo(32L << 20);
  }
}
