package io.dblens.jobs.cli;

import io.dblens.common.DblensException;
import io.dblens.jobs.generate.MysqlSlowLogGenerator;
import io.dblens.jobs.generate.PostgresLogGenerator;
import io.dblens.parsers.Engine;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: synthetic logs with a ground-truth file, for benchmarks and tests. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write realistic synthetic logs and a ground-truth file (ground-truth.json) of what they hold.")
final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--engine", defaultValue = "postgresql",
      description = "postgresql (stderr log, default) or mysql (MySQL 8.0 slow query log).")
  String engine;
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  String out;
  @Option(names = "--days", defaultValue = "1", description = "Days of logs (default: ${DEFAULT-VALUE}).")
  int days;
  @Option(names = "--instances", defaultValue = "1", description = "Instances, one directory each (default: ${DEFAULT-VALUE}).")
  int instances;
  @Option(names = "--lines", description = "Total lines (default: 100000 when --entries is not given).")
  Long lines;
  @Option(names = "--entries", description = "mysql: total slow-log entries (statements), instead of --lines.")
  Long entries;
  @Option(names = "--seed", defaultValue = "42", description = "Random seed; same seed, same files (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--start-date", defaultValue = "2025-03-03", description = "First day (default: ${DEFAULT-VALUE}).")
  String startDate;
  @Option(names = "--log-line-prefix", defaultValue = "%m [%p] %q%u@%d ",
      description = "postgresql: log_line_prefix written (default: '${DEFAULT-VALUE}').")
  String linePrefix;
  @Option(names = "--deadlocks", description = "postgresql: also write deadlocks and blocking trees of known shape.")
  boolean deadlocks;
  @Option(names = "--slow-extra", description = "mysql: write what log_slow_extra=ON adds to each entry.")
  boolean slowExtra;

  @Override
  public Integer call() throws IOException {
    Engine e;
    try {
      e = Engine.parse(engine);
    } catch (IllegalArgumentException ex) {
      throw DblensException.usage("unknown engine '" + engine + "'", ex.getMessage(),
          "use --engine postgresql or --engine mysql");
    }
    if (lines != null && entries != null) {
      throw DblensException.usage("--lines and --entries both given", "a log is sized by one of them",
          "keep one of the two");
    }
    long start = System.nanoTime();
    switch (e) {
      case POSTGRESQL -> {
        if (entries != null || slowExtra) {
          throw DblensException.usage("--entries and --slow-extra are MySQL options",
              "the PostgreSQL log is sized in lines", "use --lines, or --engine mysql");
        }
        PostgresLogGenerator.Result r = PostgresLogGenerator.generate(new PostgresLogGenerator.Config(
            Paths.get(out), days, instances, lines == null ? 100_000 : lines, seed, LocalDate.parse(startDate),
            linePrefix, deadlocks));
        System.out.printf("generated %d lines (%.1f MB) in %d files in %.1f s; ground truth: %s%n", r.linesWritten(),
            r.bytesWritten() / 1e6, r.files().size(), seconds(start), r.groundTruth());
      }
      case MYSQL -> {
        if (deadlocks) {
          throw DblensException.usage("--deadlocks is not available for MySQL",
              "a slow query log holds statements only (InnoDB deadlocks go to the error log)", "leave it out");
        }
        MysqlSlowLogGenerator.Result r = MysqlSlowLogGenerator.generate(new MysqlSlowLogGenerator.Config(
            Paths.get(out), days, instances, entries == null ? 0 : entries,
            entries == null ? (lines == null ? 100_000 : lines) : 0, seed, LocalDate.parse(startDate), slowExtra));
        System.out.printf("generated %d slow-log entries, %d lines (%.1f MB) in %d files in %.1f s; ground truth: %s%n",
            r.entriesWritten(), r.linesWritten(), r.bytesWritten() / 1e6, r.files().size(), seconds(start),
            r.groundTruth());
      }
      default -> throw DblensException.usage("generate does not support engine '" + engine + "' yet",
          "generators exist for PostgreSQL and MySQL", "use --engine postgresql or --engine mysql");
    }
    return 0;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
