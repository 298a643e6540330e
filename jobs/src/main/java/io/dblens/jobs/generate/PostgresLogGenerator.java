package io.dblens.jobs.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    ShapeCatalogue catalogue = new ShapeCatalogue();
    DiurnalLoad load = new DiurnalLoad();
    Files.createDirectories(config.outDir());

    long files = (long) config.days() * config.instances();
    long perFile = config.lines() / files;
    long extra = config.lines() % files;
    List<InstanceLogComposer> composers = new ArrayList<>();
    List<long[]> budgets = new ArrayList<>();
    for (int i = 0; i < config.instances(); i++) {
      composers.add(new InstanceLogComposer(config, i, prefix, catalogue, load));
      long[] days = new long[config.days()];
      for (int d = 0; d < days.length; d++) {
        long fileIndex = (long) i * config.days() + d;
        days[d] = perFile + (fileIndex < extra ? 1 : 0);
      }
      budgets.add(days);
    }

    runAll(composers, budgets);

    List<InstanceTruth> truths = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    long lines = 0;
    long bytes = 0;
    for (InstanceLogComposer composer : composers) {
      InstanceTruth truth = composer.truth();
      truths.add(truth);
      for (String file : truth.files) {
        written.add(config.outDir().resolve(file));
      }
      lines += truth.lines;
      bytes += truth.bytes;
    }
    Path groundTruth = config.outDir().resolve(GroundTruth.FILE_NAME);
    GroundTruth.write(groundTruth, config, prefix, catalogue, truths);
    return new Result(List.copyOf(written), groundTruth, lines, bytes);
  }

  /** Instances are independent, so they are written in parallel, one per core. */
  private static void runAll(List<InstanceLogComposer> composers, List<long[]> budgets) throws IOException {
    int threads = Math.max(1, Math.min(composers.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "pg-log-generator");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < composers.size(); i++) {
        InstanceLogComposer composer = composers.get(i);
        long[] days = budgets.get(i);
        futures.add(pool.submit(() -> {
          try {
            composer.writeAll(days);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating logs", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IOException("log generation failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
