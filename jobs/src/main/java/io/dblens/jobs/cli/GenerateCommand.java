package io.dblens.jobs.cli;

import io.dblens.common.DblensException;
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

  @Option(names = "--engine", defaultValue = "postgresql", description = "postgresql (default).")
  String engine;
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  String out;
  @Option(names = "--days", defaultValue = "1", description = "Days of logs (default: ${DEFAULT-VALUE}).")
  int days;
  @Option(names = "--instances", defaultValue = "1", description = "Instances, one directory each (default: ${DEFAULT-VALUE}).")
  int instances;
  @Option(names = "--lines", defaultValue = "100000", description = "Total lines (default: ${DEFAULT-VALUE}).")
  long lines;
  @Option(names = "--seed", defaultValue = "42", description = "Random seed; same seed, same files (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--start-date", defaultValue = "2025-03-03", description = "First day (default: ${DEFAULT-VALUE}).")
  String startDate;
  @Option(names = "--log-line-prefix", defaultValue = "%m [%p] %q%u@%d ",
      description = "log_line_prefix written (default: '${DEFAULT-VALUE}').")
  String linePrefix;
  @Option(names = "--deadlocks", description = "Also write deadlocks and blocking trees of known shape.")
  boolean deadlocks;

  @Override
  public Integer call() throws IOException {
    if (Engine.parse(engine) != Engine.POSTGRESQL) {
      throw DblensException.usage("generate does not support engine '" + engine + "' yet",
          "only the PostgreSQL generator exists so far", "use --engine postgresql");
    }
    long start = System.nanoTime();
    PostgresLogGenerator.Result r = PostgresLogGenerator.generate(new PostgresLogGenerator.Config(
        Paths.get(out), days, instances, lines, seed, LocalDate.parse(startDate), linePrefix, deadlocks));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("generated %d lines (%.1f MB) in %d files in %.1f s; ground truth: %s%n", r.linesWritten(),
        r.bytesWritten() / 1e6, r.files().size(), seconds, r.groundTruth());
    return 0;
  }
}
