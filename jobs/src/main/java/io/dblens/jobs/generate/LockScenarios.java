package io.dblens.jobs.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Row-lock contention with a known shape: single lock waits (log_lock_waits), deadlocks among two or
 * three sessions, and a blocking tree three levels deep under an idle-in-transaction head. Every
 * deadlock and tree is recorded in the ground truth with its participants.
 */
final class LockScenarios {
  static final int MAX_LOCK_WAIT_LINES = 8;
  static final int MAX_DEADLOCK_LINES = 4 + 2 * 3 + 1;
  static final int BLOCKING_TREE_LINES = 2 + 5 * 4 + 5 * 3;

  private static final byte[] SQLSTATE_DEADLOCK = AsciiBuffer.ascii("40P01");
  private static final int DATABASE_OID = 16385;
  private static final String[] UPDATE_SHAPES = {"decrement stock", "update order status", "reserve stock",
      "capture payment", "rename customer"};
  private static final String[] UPDATE_TABLES = {"products", "orders", "inventory", "payments", "customers"};
  private static final int ORDERS_OID = 16412;

  /** Scenarios recur with the same statement shapes: a detector should group them. */
  private static final String[] DEADLOCK_SCENARIOS = {"transfer-2", "reserve-3", "order-payment-2"};

  private final SplittableRandom random;
  private final SessionPool sessions;
  private final InstanceTruth truth;
  private final StatementLogger statements;
  private final LogClock clock;
  private final ShapeCatalogue catalogue;
  private final AsciiBuffer scratch = new AsciiBuffer(1024);
  private int deadlocksWritten;

  LockScenarios(SplittableRandom random, SessionPool sessions, InstanceTruth truth, StatementLogger statements,
      LogClock clock, ShapeCatalogue catalogue) {
    this.random = random;
    this.sessions = sessions;
    this.truth = truth;
    this.statements = statements;
    this.clock = clock;
    this.catalogue = catalogue;
  }

  /**
   * One session waits past deadlock_timeout for another's row lock, gets it, and its statement then
   * finishes with a correspondingly long duration.
   */
  void lockWait(LogFileWriter out) throws IOException {
    PgProcess[] pair = sessions.distinctOltp(2);
    PgProcess waiter = pair[0];
    int which = random.nextInt(UPDATE_SHAPES.length);
    QueryShape shape = catalogue.byName(UPDATE_SHAPES[which]);
    scratch.clear();
    shape.renderStatement(random, scratch);
    String statement = scratch.toString();
    String resource = "transaction " + sessions.nextXid();
    String context = "while updating tuple (" + random.nextInt(5_000) + "," + (1 + random.nextInt(60))
        + ") in relation \"" + UPDATE_TABLES[which] + "\"";
    long reported = 1_000_000 + random.nextInt(300);
    long acquired = reported + random.nextInt(4_000_000);
    writeStillWaiting(out, waiter, "ShareLock", resource, reported, pair[1].pid, String.valueOf(waiter.pid),
        context, statement);
    clock.advanceTo(clock.millisOfDay() + (int) ((acquired - reported) / 1000));
    writeAcquired(out, waiter, "ShareLock", resource, acquired, context, statement);
    statements.log(out, waiter, shape, scratch, null, acquired + shape.drawDurationMicros(random));
  }

  void deadlock(LogFileWriter out, String file) throws IOException {
    String scenario = DEADLOCK_SCENARIOS[deadlocksWritten++ % DEADLOCK_SCENARIOS.length];
    int parties = scenario.endsWith("3") ? 3 : 2;
    PgProcess[] processes = sessions.distinctOltp(parties);
    long[] xids = new long[parties];
    for (int i = 0; i < parties; i++) {
      xids[i] = sessions.nextXid();
    }
    String[] statementTexts = new String[parties];
    String relation;
    switch (scenario) {
      case "transfer-2" -> {
        int from = 1 + random.nextInt(100_000);
        int to = 1 + random.nextInt(100_000);
        long cents = 100 + random.nextInt(100_000);
        String amount = (cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + (cents % 100);
        statementTexts[0] = "UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + to;
        statementTexts[1] = "UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + from;
        relation = "accounts";
      }
      case "reserve-3" -> {
        for (int i = 0; i < parties; i++) {
          statementTexts[i] = "UPDATE inventory SET reserved = reserved + " + (1 + random.nextInt(5))
              + " WHERE sku = 'SKU-" + String.format("%06d", random.nextInt(100_000)) + "'";
        }
        relation = "inventory";
      }
      default -> {
        int order = 1 + random.nextInt(2_000_000);
        statementTexts[0] = "UPDATE payments SET status = 'captured', captured_at = now() WHERE order_id = " + order;
        statementTexts[1] = "UPDATE orders SET status = 'paid', updated_at = now() WHERE id = " + order;
        relation = "payments";
      }
    }
    PgProcess victim = processes[0];
    byte[] state = SQLSTATE_DEADLOCK;
    String time = clock.isoTime();
    out.begin(victim, state, LogFileWriter.ERROR).append("deadlock detected");
    out.end();
    AsciiBuffer detail = out.begin(victim, state, LogFileWriter.DETAIL);
    List<GroundTruth.DeadlockParticipant> participants = new ArrayList<>();
    for (int i = 0; i < parties; i++) {
      int next = (i + 1) % parties;
      if (i > 0) {
        detail = out.continuation();
      }
      detail.append("Process ").append(processes[i].pid).append(" waits for ShareLock on transaction ")
          .append(xids[next]).append("; blocked by process ").append(processes[next].pid).append('.');
      participants.add(new GroundTruth.DeadlockParticipant(processes[i].pid, statementTexts[i], processes[next].pid,
          "ShareLock", "transaction " + xids[next], i == 0));
    }
    for (int i = 0; i < parties; i++) {
      out.continuation().append("Process ").append(processes[i].pid).append(": ").append(statementTexts[i]);
    }
    out.end();
    out.begin(victim, state, LogFileWriter.HINT).append("See server log for query details.");
    out.end();
    out.begin(victim, state, LogFileWriter.CONTEXT).append("while updating tuple (").append(random.nextInt(5_000))
        .append(',').append(1 + random.nextInt(60)).append(") in relation \"").append(relation).append('"');
    out.end();
    out.begin(victim, state, LogFileWriter.STATEMENT).append(statementTexts[0]);
    out.end();
    truth.count(EventKind.ERRORS);
    truth.count(EventKind.DEADLOCKS);
    truth.deadlocks.add(new GroundTruth.Deadlock(time, truth.name, file, scenario, parties, victim.pid, relation,
        participants));
  }

  /**
   * head (idle in transaction after updating an order and its payment)
   *   w1 waits on head's transaction (same order row)     w2 waits on head's transaction (payment row)
   *   w3 waits on w1's tuple lock (same order row)        w4 waits on w2's tuple lock (payment row)
   *   w5 waits on w3's transaction (a customer row w3 updated earlier)
   */
  void blockingTree(LogFileWriter out, String file) throws IOException {
    PgProcess[] p = sessions.distinctOltp(6);
    PgProcess head = p[0];
    long headXid = sessions.nextXid();
    long w3Xid = sessions.nextXid();
    int order = 1 + random.nextInt(2_000_000);
    int customer = 1 + random.nextInt(250_000);
    int orderPage = random.nextInt(20_000);
    int orderItem = 1 + random.nextInt(60);
    int paymentPage = random.nextInt(8_000);
    int paymentItem = 1 + random.nextInt(60);
    String orderUpdate = "UPDATE orders SET status = 'shipped', updated_at = now() WHERE id = " + order;
    String headStatement = "UPDATE orders SET status = 'paid', updated_at = now() WHERE id = " + order;
    String paymentUpdate = "UPDATE payments SET status = 'captured', captured_at = now() WHERE order_id = " + order;
    String customerUpdate = "UPDATE customers SET name = 'Nora O''Neill', updated_at = now() WHERE id = " + customer;
    String orderContext = "while updating tuple (" + orderPage + "," + orderItem + ") in relation \"orders\"";
    String paymentContext = "while updating tuple (" + paymentPage + "," + paymentItem + ") in relation \"payments\"";
    String customerContext = "while updating tuple (" + random.nextInt(9_000) + "," + (1 + random.nextInt(60))
        + ") in relation \"customers\"";
    String headResource = "transaction " + headXid;
    String orderTuple = "tuple (" + orderPage + "," + orderItem + ") of relation " + ORDERS_OID + " of database "
        + DATABASE_OID;
    String paymentTuple = "tuple (" + paymentPage + "," + paymentItem + ") of relation " + (ORDERS_OID + 28)
        + " of database " + DATABASE_OID;

    int start = clock.millisOfDay();
    String time = clock.isoTime();
    scratch.clear().append(headStatement);
    QueryShape statusShape = catalogue.byName("update order status");
    statements.log(out, head, statusShape, scratch, null, statusShape.drawDurationMicros(random));

    // Waiters start waiting at these offsets (ms after the head's update) and report a second later.
    int[] waitStart = {200 + random.nextInt(100), 600 + random.nextInt(100), 1_100 + random.nextInt(100),
        1_500 + random.nextInt(100), 2_100 + random.nextInt(100)};
    PgProcess[] waiters = {p[1], p[2], p[3], p[4], p[5]};
    int[] levels = {1, 1, 2, 2, 3};
    int[] blockers = {head.pid, head.pid, p[1].pid, p[2].pid, p[3].pid};
    String[] modes = {"ShareLock", "ShareLock", "ExclusiveLock", "ExclusiveLock", "ShareLock"};
    String[] resources = {headResource, headResource, orderTuple, paymentTuple, "transaction " + w3Xid};
    String[] queues = {String.valueOf(p[1].pid), p[1].pid + ", " + p[2].pid, String.valueOf(p[3].pid),
        String.valueOf(p[4].pid), String.valueOf(p[5].pid)};
    String[] texts = {orderUpdate, paymentUpdate, orderUpdate, paymentUpdate, customerUpdate};
    String[] contexts = {orderContext, paymentContext, orderContext, paymentContext, customerContext};
    long[] reported = new long[5];
    for (int i = 0; i < 5; i++) {
      reported[i] = 1_000_000 + random.nextInt(200);
      clock.advanceTo(start + waitStart[i] + 1_000);
      writeStillWaiting(out, waiters[i], modes[i], resources[i], reported[i], blockers[i], queues[i], contexts[i],
          texts[i]);
    }

    int commitAt = start + 5_000 + random.nextInt(20_000);
    clock.advanceTo(commitAt);
    scratch.clear().append("COMMIT");
    statements.log(out, head, catalogue.commit, scratch, null, catalogue.commit.drawDurationMicros(random));
    // Released in order: head's commit frees w1 and w2, they free w3 and w4, w3's commit frees w5.
    int[] acquiredAt = {commitAt + 1, commitAt + 2, commitAt + 40, commitAt + 45, commitAt + 90};
    List<GroundTruth.BlockedProcess> blocked = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long after = (acquiredAt[i] - start - waitStart[i]) * 1000L + random.nextInt(1_000);
      clock.advanceTo(acquiredAt[i]);
      writeAcquired(out, waiters[i], modes[i], resources[i], after, contexts[i], texts[i]);
      blocked.add(new GroundTruth.BlockedProcess(waiters[i].pid, levels[i], blockers[i], modes[i], resources[i],
          texts[i], GroundTruth.millis(reported[i]), GroundTruth.millis(after)));
    }
    truth.count(EventKind.BLOCKING_TREES);
    truth.blockingTrees.add(new GroundTruth.BlockingTree(time, truth.name, file, head.pid, headStatement, headXid, 3,
        blocked));
  }

  private void writeStillWaiting(LogFileWriter out, PgProcess waiter, String mode, String resource, long afterMicros,
      int holder, String queue, String context, String statement) throws IOException {
    out.begin(waiter, LogFileWriter.LOG).append("process ").append(waiter.pid).append(" still waiting for ")
        .append(mode).append(" on ").append(resource).append(" after ").appendFixed(afterMicros, 3).append(" ms");
    out.end();
    out.begin(waiter, LogFileWriter.DETAIL).append("Process holding the lock: ").append(holder)
        .append(". Wait queue: ").append(queue).append('.');
    out.end();
    out.begin(waiter, LogFileWriter.CONTEXT).append(context);
    out.end();
    out.begin(waiter, LogFileWriter.STATEMENT).append(statement);
    out.end();
    truth.count(EventKind.LOCK_WAITS);
  }

  private void writeAcquired(LogFileWriter out, PgProcess waiter, String mode, String resource, long afterMicros,
      String context, String statement) throws IOException {
    out.begin(waiter, LogFileWriter.LOG).append("process ").append(waiter.pid).append(" acquired ").append(mode)
        .append(" on ").append(resource).append(" after ").appendFixed(afterMicros, 3).append(" ms");
    out.end();
    out.begin(waiter, LogFileWriter.CONTEXT).append(context);
    out.end();
    out.begin(waiter, LogFileWriter.STATEMENT).append(statement);
    out.end();
    truth.count(EventKind.LOCK_ACQUIRED);
  }
}
