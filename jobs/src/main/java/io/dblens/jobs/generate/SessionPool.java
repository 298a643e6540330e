package io.dblens.jobs.generate;

import java.util.SplittableRandom;

/**
 * The client sessions of one instance: a connection pool of web and API backends plus a few reporting
 * sessions. Sessions live across days; now and then one disconnects and a new one takes its slot.
 * Also hands out process ids and transaction ids, which only ever grow within an instance.
 */
final class SessionPool {
  private static final int OLTP_SESSIONS = 48;
  private static final int REPORTING_SESSIONS = 4;
  private static final int MAX_PID = 4_194_304;

  private final SplittableRandom random;
  private final PgProcess[] oltp = new PgProcess[OLTP_SESSIONS];
  private final PgProcess[] reporting = new PgProcess[REPORTING_SESSIONS];
  private int lastPid;
  private long lastXid;

  SessionPool(SplittableRandom random, long firstDayEpochMillis) {
    this.random = random;
    this.lastPid = 1_000 + random.nextInt(20_000);
    this.lastXid = 1_000_000 + random.nextInt(50_000_000);
    for (int i = 0; i < OLTP_SESSIONS; i++) {
      oltp[i] = newOltp(firstDayEpochMillis - random.nextInt(6 * 3_600_000));
    }
    for (int i = 0; i < REPORTING_SESSIONS; i++) {
      reporting[i] = newReporting(firstDayEpochMillis - random.nextInt(6 * 3_600_000));
    }
  }

  int nextPid() {
    lastPid += 1 + random.nextInt(37);
    if (lastPid >= MAX_PID) {
      lastPid = 300 + random.nextInt(1_000);
    }
    return lastPid;
  }

  long nextXid() {
    lastXid += 1 + random.nextInt(400);
    return lastXid;
  }

  PgProcess anyOltp() {
    return oltp[random.nextInt(OLTP_SESSIONS)];
  }

  PgProcess anyReporting() {
    return reporting[random.nextInt(REPORTING_SESSIONS)];
  }

  /** {@code count} different OLTP sessions, for scenarios with several parties. */
  PgProcess[] distinctOltp(int count) {
    PgProcess[] picked = new PgProcess[count];
    int start = random.nextInt(OLTP_SESSIONS);
    int step = 1 + random.nextInt(OLTP_SESSIONS / count - 1);
    for (int i = 0; i < count; i++) {
      picked[i] = oltp[(start + i * step) % OLTP_SESSIONS];
    }
    return picked;
  }

  /** Picks an OLTP session to end and returns {old, new}; the new one is not yet authenticated. */
  PgProcess[] replaceOltp(long nowEpochMillis) {
    int slot = random.nextInt(OLTP_SESSIONS);
    PgProcess old = oltp[slot];
    PgProcess fresh = newOltp(nowEpochMillis);
    fresh.authenticated = false;
    oltp[slot] = fresh;
    return new PgProcess[] {old, fresh};
  }

  private PgProcess newOltp(long startEpochMillis) {
    boolean api = random.nextInt(4) == 0;
    String host = "10.0." + (api ? 2 : 1) + "." + (10 + random.nextInt(40));
    return PgProcess.client(nextPid(), api ? "api" : "app", "shop", api ? "api-gateway" : "web", host,
        32_768 + random.nextInt(28_000), false, startEpochMillis);
  }

  private PgProcess newReporting(long startEpochMillis) {
    return PgProcess.client(nextPid(), "reporting", "shop", "metabase", "10.0.3." + (10 + random.nextInt(5)),
        32_768 + random.nextInt(28_000), true, startEpochMillis);
  }
}
