package io.dblens.jobs.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shares a generator's budget (lines or entries) over instances and days, and writes the instances in
 * parallel: each one is an independent random stream, so the output stays the same for a seed.
 */
final class InstanceRuns {

  /** What all instances wrote: the files (instance by instance, day by day), their lines and bytes. */
  record Written(List<Path> files, long lines, long bytes) {}

  private InstanceRuns() {}

  /** Instance {@code index}'s own random stream: independent of the others, fixed by the seed. */
  static SplittableRandom random(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }

  static Written written(Path outDir, List<InstanceTruth> truths) {
    List<Path> files = new ArrayList<>();
    long lines = 0;
    long bytes = 0;
    for (InstanceTruth truth : truths) {
      for (String file : truth.files) {
        files.add(outDir.resolve(file));
      }
      lines += truth.lines;
      bytes += truth.bytes;
    }
    return new Written(List.copyOf(files), lines, bytes);
  }

  /** budgets[instance][day]: an even share each, the remainder going to the first files. */
  static long[][] split(long total, int instances, int days) {
    long files = (long) days * instances;
    long perFile = total / files;
    long extra = total % files;
    long[][] budgets = new long[instances][days];
    for (int i = 0; i < instances; i++) {
      for (int d = 0; d < days; d++) {
        long fileIndex = (long) i * days + d;
        budgets[i][d] = perFile + (fileIndex < extra ? 1 : 0);
      }
    }
    return budgets;
  }

  /** Runs each writer on its budgets, one instance per core at most. */
  static void runAll(List<? extends InstanceComposer> writers, long[][] budgets, String threadName) throws IOException {
    int threads = Math.max(1, Math.min(writers.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, threadName);
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < writers.size(); i++) {
        InstanceComposer writer = writers.get(i);
        long[] days = budgets[i];
        futures.add(pool.submit(() -> {
          try {
            writer.writeAll(days);
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
