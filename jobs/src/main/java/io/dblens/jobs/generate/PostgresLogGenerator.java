package io.dblens.jobs.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes synthetic PostgreSQL stderr logs of a busy shop database, one file per instance and day, and
 * a ground-truth JSON of everything written (see {@code ground-truth.json}). The output depends only on
 * the configuration: the same seed gives the same bytes.
 */
public final class PostgresLogGenerator {

  /**
   * @param outDir     where {@code <instance>/postgresql-YYYY-MM-DD.log} and {@code ground-truth.json} go
   * @param days       number of daily files per instance, starting at {@code startDate}
   * @param instances  number of database instances, named pg-01, pg-02, ...
   * @param lines      total physical lines over all files (continuation lines included)
   * @param seed       seed of all randomness
   * @param startDate  first day (UTC)
   * @param linePrefix PostgreSQL {@code log_line_prefix}; null means the default {@code '%m [%p] %q%u@%d '}
   * @param deadlocks  also write deadlocks and blocking trees
   */
  public record Config(Path outDir, int days, int instances, long lines, long seed, LocalDate startDate,
      String linePrefix, boolean deadlocks) {
    public Config {
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(startDate, "startDate");
      if (days < 1 || instances < 1) {
        throw new IllegalArgumentException("days and instances must be at least 1");
      }
      if (lines < 0) {
        throw new IllegalArgumentException("lines must not be negative");
      }
    }
  }

  /**
   * @param files        the log files, instance by instance, day by day
   * @param groundTruth  the ground-truth JSON
   * @param linesWritten lines in all log files
   * @param bytesWritten bytes in all log files (the ground truth not included)
   */
  public record Result(List<Path> files, Path groundTruth, long linesWritten, long bytesWritten) {}

  private PostgresLogGenerator() {}

  public static Result generate(Config config) throws IOException {
    LinePrefix prefix = LinePrefix.compile(config.linePrefix() == null ? LinePrefix.POSTGRES_DEFAULT
        : config.linePrefix());
    ShapeCatalogue catalogue = ShapeCatalogue.postgres();
    DiurnalLoad load = new DiurnalLoad();
    Files.createDirectories(config.outDir());

    List<InstanceLogComposer> composers = new ArrayList<>();
    for (int i = 0; i < config.instances(); i++) {
      composers.add(new InstanceLogComposer(config, i, prefix, catalogue, load));
    }
    InstanceRuns.runAll(composers, InstanceRuns.split(config.lines(), config.instances(), config.days()),
        "pg-log-generator");

    List<InstanceTruth> truths = composers.stream().map(InstanceLogComposer::truth).toList();
    InstanceRuns.Written written = InstanceRuns.written(config.outDir(), truths);
    Path groundTruth = config.outDir().resolve(GroundTruth.FILE_NAME);
    GroundTruth.write(groundTruth, config, prefix, catalogue, truths);
    return new Result(written.files(), groundTruth, written.lines(), written.bytes());
  }
}
