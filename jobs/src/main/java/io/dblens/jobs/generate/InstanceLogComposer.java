package io.dblens.jobs.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Writes all daily files of one instance. Each day gets an exact line budget; the share of it already
 * written decides the time of day (through the diurnal curve), and time-driven events (checkpoints,
 * autovacuum, deadlocks, blocking trees) fire when the clock passes their schedule. Multi-line events
 * are only started while enough budget remains, and the day ends with single-line statements so the
 * budget is met exactly.
 */
final class InstanceLogComposer extends InstanceComposer {
  /** Room kept for the largest multi-line event; below it only single statements are written. */
  private static final int RESERVE_LINES = 100;
  private static final byte[] SQLSTATE_UNIQUE = AsciiBuffer.ascii("23505");
  private static final byte[] SQLSTATE_CANCELED = AsciiBuffer.ascii("57014");

  private final PostgresLogGenerator.Config config;
  private final LinePrefix prefix;
  private final ShapeCatalogue catalogue;
  private final DiurnalLoad load;
  private final StatementLogger statements;
  private final BackgroundActivity background;
  private final LockScenarios locks;
  private final AsciiBuffer statement = new AsciiBuffer(8192);
  private final AsciiBuffer parameters = new AsciiBuffer(1024);
  private final AsciiBuffer scratch = new AsciiBuffer(1024);

  InstanceLogComposer(PostgresLogGenerator.Config config, int instanceIndex, LinePrefix prefix,
      ShapeCatalogue catalogue, DiurnalLoad load) {
    super(config.outDir(), instanceName(instanceIndex), config.seed(), instanceIndex, config.startDate(),
        catalogue.size());
    this.config = config;
    this.prefix = prefix;
    this.catalogue = catalogue;
    this.load = load;
    this.statements = new StatementLogger(truth);
    this.background = new BackgroundActivity(random, sessions, truth, clock.epochMillis() - 86_400_000L);
    this.locks = new LockScenarios(random, sessions, truth, statements, clock, catalogue);
  }

  static String instanceName(int index) {
    return String.format("pg-%02d", index + 1);
  }

  @Override
  void writeDay(LocalDate date, long budget) throws IOException {
    clock.startDay(date);
    String fileName = "postgresql-" + date + ".log";
    String relative = name + "/" + fileName;
    truth.files.add(relative);
    int[] checkpoints = evenlySpaced(clamp(budget / 400, 1, 288));
    int[] autovacuums = randomTimes(clamp(budget / 1400, 1, 2_000));
    int[] deadlocks = config.deadlocks() ? randomTimes(clamp(2 + budget / 100_000, 2, 12)) : new int[0];
    int[] trees = config.deadlocks() ? randomTimes(clamp(1 + budget / 250_000, 1, 6)) : new int[0];
    int nextCheckpoint = 0;
    int nextAutovacuum = 0;
    int nextDeadlock = 0;
    int nextTree = 0;
    int checkpointCompleteAt = -1;

    try (LogFileWriter out = new LogFileWriter(directory.resolve(fileName), prefix, clock)) {
      long written;
      while ((written = out.lines()) < budget) {
        long remaining = budget - written;
        clock.advanceTo(load.millisOfDayAt((double) written / budget));
        int now = clock.millisOfDay();
        boolean roomy = remaining >= RESERVE_LINES;

        if (checkpointCompleteAt >= 0 && now >= checkpointCompleteAt) {
          checkpointCompleteAt = -1;
          background.checkpointComplete(out, 30_000 + random.nextInt(200_000));
          continue;
        }
        if (nextCheckpoint < checkpoints.length && now >= checkpoints[nextCheckpoint]) {
          int interval = nextCheckpoint + 1 < checkpoints.length
              ? checkpoints[nextCheckpoint + 1] - checkpoints[nextCheckpoint] : 300_000;
          nextCheckpoint++;
          if (roomy) {
            background.checkpointStarting(out);
            // Spread writes over most of the interval, as checkpoint_completion_target = 0.9 does.
            checkpointCompleteAt = now + (int) (interval * (0.5 + 0.4 * random.nextDouble()));
          }
          continue;
        }
        if (nextAutovacuum < autovacuums.length && now >= autovacuums[nextAutovacuum]) {
          nextAutovacuum++;
          if (roomy) {
            background.autovacuumRun(out, clock.epochMillis());
          }
          continue;
        }
        if (nextDeadlock < deadlocks.length && now >= deadlocks[nextDeadlock]) {
          nextDeadlock++;
          if (roomy) {
            locks.deadlock(out, relative);
          }
          continue;
        }
        if (nextTree < trees.length && now >= trees[nextTree]) {
          nextTree++;
          if (roomy) {
            locks.blockingTree(out, relative);
          }
          continue;
        }
        if (roomy) {
          writeTrafficEvent(out);
        } else {
          QueryShape shape = catalogue.pick(random);
          writeStatement(out, sessionFor(shape), shape, remaining);
        }
      }
      truth.lines += out.lines();
      truth.bytes += out.bytes();
    }
  }

  private void writeTrafficEvent(LogFileWriter out) throws IOException {
    int roll = random.nextInt(10_000);
    if (roll < 40) {
      reconnect(out);
    } else if (roll < 60) {
      duplicateKey(out);
    } else if (roll < 65) {
      statementTimeout(out);
    } else if (roll < 80) {
      tempFile(out);
    } else if (roll < 90) {
      locks.lockWait(out);
    } else if (roll < 700) {
      transaction(out);
    } else {
      QueryShape shape = catalogue.pick(random);
      writeStatement(out, sessionFor(shape), shape, Long.MAX_VALUE);
    }
  }

  private PgProcess sessionFor(QueryShape shape) {
    return shape.reporting ? sessions.anyReporting() : sessions.anyOltp();
  }

  /** Writes one execution if it fits in {@code room} lines, else the one-line fallback shape. */
  private void writeStatement(LogFileWriter out, PgProcess session, QueryShape shape, long room) throws IOException {
    render(shape);
    if (StatementLogger.lineCost(shape, statement) > room) {
      shape = catalogue.oneLineFallback;
      session = sessions.anyOltp();
      render(shape);
    }
    statements.log(out, session, shape, statement, parameters, shape.drawDurationMicros(random));
  }

  private void render(QueryShape shape) {
    statement.clear();
    shape.renderStatement(random, statement);
    if (shape.protocol == QueryShape.Protocol.EXTENDED) {
      parameters.clear();
      shape.renderParameters(random, parameters);
    }
  }

  /** BEGIN, one to three writes from the same session, then COMMIT (now and then ROLLBACK). */
  private void transaction(LogFileWriter out) throws IOException {
    PgProcess session = sessions.anyOltp();
    writeStatement(out, session, catalogue.begin, Long.MAX_VALUE);
    int writes = 1 + random.nextInt(3);
    for (int i = 0; i < writes; i++) {
      writeStatement(out, session, catalogue.pickInTransaction(random), Long.MAX_VALUE);
    }
    writeStatement(out, session, random.nextInt(50) == 0 ? catalogue.rollback : catalogue.commit, Long.MAX_VALUE);
  }

  private void reconnect(LogFileWriter out) throws IOException {
    PgProcess[] swap = sessions.replaceOltp(clock.epochMillis());
    PgProcess old = swap[0];
    PgProcess fresh = swap[1];
    long sessionMillis = Math.max(0, clock.epochMillis() - old.startEpochMillis);
    long seconds = sessionMillis / 1000;
    out.begin(old, LogFileWriter.LOG).append("disconnection: session time: ").append(seconds / 3600).append(':')
        .appendTwoDigits((int) (seconds / 60 % 60)).append(':').appendTwoDigits((int) (seconds % 60)).append('.')
        .appendPadded(sessionMillis % 1000, 3).append(" user=").append(old.user).append(" database=")
        .append(old.database).append(" host=").append(old.host).append(" port=").append(old.port);
    out.end();
    truth.count(EventKind.DISCONNECTIONS);
    out.begin(fresh, LogFileWriter.LOG).append("connection received: host=").append(fresh.host).append(" port=")
        .append(fresh.port);
    out.end();
    truth.count(EventKind.CONNECTIONS);
    fresh.authenticated = true;
    out.begin(fresh, LogFileWriter.LOG).append("connection authorized: user=").append(fresh.user)
        .append(" database=").append(fresh.database).append(" application_name=").append(fresh.application);
    out.end();
    truth.count(EventKind.CONNECTIONS_AUTHORIZED);
  }

  /** A sign-up with an e-mail address that already exists. */
  private void duplicateKey(LogFileWriter out) throws IOException {
    PgProcess session = sessions.anyOltp();
    scratch.clear();
    Literal.EMAIL.render(random, scratch);
    String email = scratch.toString();
    scratch.clear();
    Literal.NAME.render(random, scratch);
    out.begin(session, SQLSTATE_UNIQUE, LogFileWriter.ERROR)
        .append("duplicate key value violates unique constraint \"customers_email_key\"");
    out.end();
    out.begin(session, SQLSTATE_UNIQUE, LogFileWriter.DETAIL).append("Key (email)=(")
        .append(email.substring(1, email.length() - 1)).append(") already exists.");
    out.end();
    out.begin(session, SQLSTATE_UNIQUE, LogFileWriter.STATEMENT)
        .append("INSERT INTO customers (name, email, created_at) VALUES (").append(scratch).append(", ")
        .append(email).append(", now())");
    out.end();
    truth.count(EventKind.ERRORS);
    truth.count(EventKind.DUPLICATE_KEY_ERRORS);
  }

  /** A reporting query cancelled by statement_timeout: an error, and no duration line. */
  private void statementTimeout(LogFileWriter out) throws IOException {
    PgProcess session = sessions.anyReporting();
    render(catalogue.pickReporting(random));
    out.begin(session, SQLSTATE_CANCELED, LogFileWriter.ERROR).append("canceling statement due to statement timeout");
    out.end();
    out.begin(session, SQLSTATE_CANCELED, LogFileWriter.STATEMENT).append(statement);
    out.end();
    truth.count(EventKind.ERRORS);
    truth.count(EventKind.STATEMENT_TIMEOUTS);
  }

  /** A reporting query that spilled a sort to disk: temp file line, its STATEMENT, then the duration. */
  private void tempFile(LogFileWriter out) throws IOException {
    PgProcess session = sessions.anyReporting();
    QueryShape shape = catalogue.pickReporting(random);
    render(shape);
    int files = 1 + random.nextInt(2);
    for (int i = 0; i < files; i++) {
      long size = 8192L * (16 + random.nextInt(60_000));
      out.begin(session, LogFileWriter.LOG).append("temporary file: path \"base/pgsql_tmp/pgsql_tmp")
          .append(session.pid).append('.').append(i).append("\", size ").append(size);
      out.end();
      out.begin(session, LogFileWriter.STATEMENT).append(statement);
      out.end();
      truth.count(EventKind.TEMP_FILES);
      truth.add(EventKind.TEMP_FILE_BYTES, size);
    }
    statements.log(out, session, shape, statement, parameters, shape.drawDurationMicros(random));
  }

  private int[] evenlySpaced(long count) {
    int[] times = new int[(int) count];
    long step = LogClock.MILLIS_PER_DAY / count;
    long offset = random.nextInt((int) Math.min(step, Integer.MAX_VALUE));
    for (int i = 0; i < count; i++) {
      times[i] = (int) (offset + i * step);
    }
    return times;
  }

  /** Sorted random times, none in the last hour so the events still find line budget left. */
  private int[] randomTimes(long count) {
    int[] times = new int[(int) count];
    for (int i = 0; i < count; i++) {
      times[i] = 600_000 + random.nextInt(LogClock.MILLIS_PER_DAY - 3_600_000 - 600_000);
    }
    Arrays.sort(times);
    return times;
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }
}
