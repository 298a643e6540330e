package io.dblens.jobs.locks;

import io.dblens.common.JobResult;
import io.dblens.common.JobRunner;
import io.dblens.common.ParallelWrites;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code lock-analysis}: from {@code deadlock_events}, every deadlock's wait-for graph, cycles, root cause
 * and signature ({@code deadlock_cycles}) and the recurring ones grouped ({@code deadlock_signatures});
 * from {@code lock_events}, blocking trees per instance and window ({@code blocking_chains}) and hourly
 * wait statistics with their throughput impact ({@code lock_wait_stats}). The algorithms are the pure
 * classes of this package; this class only reads, groups and writes. All four tables are rewritten whole
 * on every run.
 */
public final class LockAnalysisJob {

  public static final String NAME = "lock-analysis";

  private LockAnalysisJob() {}

  /**
   * @param warehouse        the warehouse directory
   * @param heavyHourWaitMs  lock waits beginning in one hour of an instance that make it a heavy hour
   */
  public record Config(String warehouse, double heavyHourWaitMs) {

    public static Config of(String warehouse) {
      return new Config(warehouse, 60_000);
    }
  }

  public record Result(long deadlockEvents, long lockEvents, long deadlocks, long signatures, long chains,
      long statRows) implements JobResult {
    @Override
    public long rowsIn() {
      return deadlockEvents + lockEvents;
    }

    @Override
    public long rowsOut() {
      return deadlocks + signatures + chains + statRows;
    }

    @Override
    public String summary() {
      return String.format("%d deadlocks (%d signatures), %d lock events -> %d blocking chains, %d wait stat rows",
          deadlocks, signatures, lockEvents, chains, statRows);
    }
  }

  /** spark-submit entry point: {@code --warehouse DIR}, as {@code dblens analyze lock-analysis}. */
  public static void main(String[] args) {
    io.dblens.jobs.cli.DblensCli.exitWith("analyze", args, NAME);
  }

  public static Result run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return JobRunner.execute(spark, warehouse, NAME, config, () -> analyse(warehouse, config));
  }

  private static Result analyse(Warehouse warehouse, Config config) {
    Dataset<Row> lockEvents = warehouse.read(Tables.LOCK_EVENTS);
    Dataset<Row> deadlockEvents = warehouse.read(Tables.DEADLOCK_EVENTS);
    Dataset<Row> waits = LockWaits.of(lockEvents).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ParallelWrites.run(List.of(
          () -> {
            warehouse.overwrite(Tables.DEADLOCK_CYCLES,
                DeadlockCycles.cycles(deadlockEvents, warehouse.read(Tables.QUERY_FINGERPRINTS)).coalesce(1));
            warehouse.overwrite(Tables.DEADLOCK_SIGNATURES,
                DeadlockCycles.signatures(warehouse.read(Tables.DEADLOCK_CYCLES)).coalesce(1));
          },
          () -> warehouse.overwrite(Tables.BLOCKING_CHAINS,
              BlockingChains.of(waits, warehouse.read(Tables.LOG_EVENTS)).coalesce(1)),
          () -> warehouse.overwrite(Tables.LOCK_WAIT_STATS,
              LockWaitStats.of(waits, warehouse.read(Tables.QUERY_EXECUTIONS), config.heavyHourWaitMs()).coalesce(1))));
      return new Result(deadlockEvents.count(), lockEvents.count(), warehouse.rowsWritten(Tables.DEADLOCK_CYCLES),
          warehouse.rowsWritten(Tables.DEADLOCK_SIGNATURES), warehouse.rowsWritten(Tables.BLOCKING_CHAINS),
          warehouse.rowsWritten(Tables.LOCK_WAIT_STATS));
    } finally {
      waits.unpersist();
    }
  }
}
