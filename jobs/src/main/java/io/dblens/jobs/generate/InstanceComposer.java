package io.dblens.jobs.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * What every generated instance has: its name and directory, its own random stream (instances are
 * independent, so they can be written in parallel and stay deterministic), the ground-truth recorder,
 * the clock and the client sessions; subclasses write one day's file in their server's format.
 */
abstract class InstanceComposer {
  final String name;
  final Path directory;
  final LocalDate firstDay;
  final SplittableRandom random;
  final InstanceTruth truth;
  final LogClock clock = new LogClock();
  final SessionPool sessions;

  InstanceComposer(Path outDir, String name, long seed, int index, LocalDate firstDay, int shapes) {
    this.name = name;
    this.directory = outDir.resolve(name);
    this.firstDay = firstDay;
    this.random = InstanceRuns.random(seed, index);
    this.truth = new InstanceTruth(name, shapes);
    clock.startDay(firstDay);
    this.sessions = new SessionPool(random, clock.epochMillis());
  }

  InstanceTruth truth() {
    return truth;
  }

  /** Writes the file of {@code date} with {@code budget} lines or entries. */
  abstract void writeDay(LocalDate date, long budget) throws IOException;

  /** All days, {@code budgets[d]} for day d. */
  void writeAll(long[] budgets) throws IOException {
    Files.createDirectories(directory);
    for (int day = 0; day < budgets.length; day++) {
      writeDay(firstDay.plusDays(day), budgets[day]);
    }
  }
}
