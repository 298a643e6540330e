package io.dblens.jobs.generate;

import java.io.IOException;
import java.time.LocalDate;

/**
 * Writes all daily slow logs of one MySQL server. Each day gets a budget of entries (or lines); the share
 * already written decides the time of day through the diurnal curve, as in the PostgreSQL generator.
 * Traffic is single statements picked by weight and transactions (BEGIN, one to three writes of one
 * connection, COMMIT or now and then ROLLBACK); with an entry budget a transaction only starts while it
 * still fits, so the budget is met exactly.
 */
final class SlowLogComposer extends InstanceComposer {
  /** Entries of the longest transaction: BEGIN, three writes, COMMIT. */
  private static final int LONGEST_TRANSACTION = 5;

  private final MysqlSlowLogGenerator.Config config;
  private final ShapeCatalogue catalogue;
  private final DiurnalLoad load;
  private final SlowEntryWriter entries;
  private final AsciiBuffer statement = new AsciiBuffer(8192);

  SlowLogComposer(MysqlSlowLogGenerator.Config config, int instanceIndex, ShapeCatalogue catalogue, DiurnalLoad load) {
    // MySQL connections: the session pool's process ids serve as connection (thread) ids.
    super(config.outDir(), String.format("mysql-%02d", instanceIndex + 1), config.seed(), instanceIndex,
        config.startDate(), catalogue.size());
    this.config = config;
    this.catalogue = catalogue;
    this.load = load;
    this.entries = new SlowEntryWriter(truth, random, config.slowExtra());
  }

  @Override
  void writeDay(LocalDate date, long budget) throws IOException {
    clock.startDay(date);
    String fileName = "slow-" + date + ".log";
    truth.files.add(name + "/" + fileName);
    boolean byEntries = config.byEntries();
    try (LogFile out = new LogFile(directory.resolve(fileName))) {
      entries.startFile(out);
      long written = 0;
      while ((written = byEntries ? entries.inFile() : out.lines()) < budget) {
        clock.advanceTo(load.millisOfDayAt((double) written / budget));
        boolean fits = !byEntries || budget - written >= LONGEST_TRANSACTION;
        if (fits && random.nextInt(10_000) < 700) {
          transaction(out);
        } else {
          QueryShape shape = catalogue.pick(random);
          write(out, shape.reporting ? sessions.anyReporting() : sessions.anyOltp(), shape, false);
        }
      }
      truth.lines += out.lines();
      truth.bytes += out.bytes();
    }
  }

  private void transaction(LogFile out) throws IOException {
    PgProcess session = sessions.anyOltp();
    write(out, session, catalogue.begin, false);
    int writes = 1 + random.nextInt(3);
    for (int i = 0; i < writes; i++) {
      write(out, session, catalogue.pickInTransaction(random), true);
    }
    write(out, session, random.nextInt(50) == 0 ? catalogue.rollback : catalogue.commit, true);
  }

  private void write(LogFile out, PgProcess session, QueryShape shape, boolean followsPrevious) throws IOException {
    statement.clear();
    shape.renderStatement(random, statement);
    entries.write(out, session, shape, statement, shape.drawDurationMicros(random), clock.epochMillis(),
        followsPrevious);
  }
}
