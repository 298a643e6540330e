package io.dblens.jobs.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Writes synthetic MySQL 8.0 slow query logs ({@code long_query_time=0}, so every statement is logged) of
 * the same shop workload as the PostgreSQL generator, one file per instance and day, and a ground-truth
 * JSON of every statement shape's count and total Query_time. The output depends only on the
 * configuration: the same seed gives the same bytes.
 */
public final class MysqlSlowLogGenerator {

  /**
   * @param outDir     where {@code <instance>/slow-YYYY-MM-DD.log} and {@code ground-truth.json} go
   * @param days       number of daily files per instance, starting at {@code startDate}
   * @param instances  number of servers, named mysql-01, mysql-02, ...
   * @param entries    total slow-log entries over all files; 0 to size by {@code lines} instead
   * @param lines      total lines over all files, when {@code entries} is 0 (the last entry of each file
   *                   is completed, so files end up to one entry longer)
   * @param seed       seed of all randomness
   * @param startDate  first day (UTC)
   * @param slowExtra  write what {@code log_slow_extra=ON} adds to the Query_time line (8.0.14+)
   */
  public record Config(Path outDir, int days, int instances, long entries, long lines, long seed, LocalDate startDate,
      boolean slowExtra) {
    public Config {
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(startDate, "startDate");
      if (days < 1 || instances < 1) {
        throw new IllegalArgumentException("days and instances must be at least 1");
      }
      if (entries < 0 || lines < 0) {
        throw new IllegalArgumentException("entries and lines must not be negative");
      }
    }

    boolean byEntries() {
      return entries > 0 || lines == 0;
    }
  }

  /**
   * @param files          the log files, instance by instance, day by day
   * @param groundTruth    the ground-truth JSON
   * @param entriesWritten slow-log entries (statements) in all files
   * @param linesWritten   lines in all log files
   * @param bytesWritten   bytes in all log files (the ground truth not included)
   */
  public record Result(List<Path> files, Path groundTruth, long entriesWritten, long linesWritten,
      long bytesWritten) {}

  /** The ground truth's {@code config}. */
  record Settings(int days, int instances, long entries, long lines, long seed, String startDate,
      boolean logSlowExtra, String serverVersion, String timeZone) {}

  static final String SERVER_VERSION = "8.0.36";

  private MysqlSlowLogGenerator() {}

  public static Result generate(Config config) throws IOException {
    ShapeCatalogue catalogue = ShapeCatalogue.mysql();
    DiurnalLoad load = new DiurnalLoad();
    Files.createDirectories(config.outDir());
    List<SlowLogComposer> composers = new ArrayList<>();
    for (int i = 0; i < config.instances(); i++) {
      composers.add(new SlowLogComposer(config, i, catalogue, load));
    }
    InstanceRuns.runAll(composers, InstanceRuns.split(config.byEntries() ? config.entries() : config.lines(),
        config.instances(), config.days()), "mysql-log-generator");

    List<InstanceTruth> truths = composers.stream().map(SlowLogComposer::truth).toList();
    InstanceRuns.Written written = InstanceRuns.written(config.outDir(), truths);
    long entries = 0;
    for (InstanceTruth truth : truths) {
      for (long count : truth.shapeCounts) {
        entries += count;
      }
    }
    Path groundTruth = config.outDir().resolve(GroundTruth.FILE_NAME);
    GroundTruth.write(groundTruth, "dblens synthetic MySQL " + SERVER_VERSION + " slow query log",
        new Settings(config.days(), config.instances(), config.entries(), config.lines(), config.seed(),
            config.startDate().toString(), config.slowExtra(), SERVER_VERSION, "UTC"),
        catalogue, truths, EnumSet.noneOf(EventKind.class));
    return new Result(written.files(), groundTruth, entries, written.lines(), written.bytes());
  }
}
