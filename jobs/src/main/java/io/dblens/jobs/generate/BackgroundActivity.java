package io.dblens.jobs.generate;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The server's own messages: timed checkpoints from the checkpointer and autovacuum workers vacuuming
 * and analysing the busy tables, in the PostgreSQL 16 wording. Background processes have no user or
 * database, so %q cuts their prefix short.
 */
final class BackgroundActivity {
  /** Lines of one autovacuum worker run at most: a vacuum report and an analyze report. */
  static final int MAX_AUTOVACUUM_LINES = 13 + 5;
  private static final int SHARED_BUFFERS = 131_072;
  private static final String[] TABLES = {"orders", "order_items", "sessions", "events", "cart_items", "inventory",
      "products", "payments", "audit_log", "page_views", "customers"};

  private final SplittableRandom random;
  private final SessionPool sessions;
  private final InstanceTruth truth;
  private final PgProcess checkpointer;
  private long estimateKb = 500_000;

  BackgroundActivity(SplittableRandom random, SessionPool sessions, InstanceTruth truth, long startEpochMillis) {
    this.random = random;
    this.sessions = sessions;
    this.truth = truth;
    this.checkpointer = PgProcess.background(sessions.nextPid(), startEpochMillis);
  }

  void checkpointStarting(LogFileWriter out) throws IOException {
    out.begin(checkpointer, LogFileWriter.LOG).append("checkpoint starting: time");
    out.end();
    truth.count(EventKind.CHECKPOINT_STARTS);
  }

  void checkpointComplete(LogFileWriter out, long writeMillis) throws IOException {
    int buffers = 50 + random.nextInt(40_000);
    long syncMillis = 1 + random.nextInt(400);
    long distanceKb = 10_000 + random.nextInt(1_500_000);
    estimateKb = (estimateKb * 9 + distanceKb) / 10;
    int syncFiles = 5 + random.nextInt(120);
    out.begin(checkpointer, LogFileWriter.LOG).append("checkpoint complete: wrote ").append(buffers)
        .append(" buffers (").appendFixed(buffers * 1000L / SHARED_BUFFERS, 1).append("%); 0 WAL file(s) added, ")
        .append(random.nextInt(20)).append(" removed, ").append(random.nextInt(40)).append(" recycled; write=")
        .appendFixed(writeMillis, 3).append(" s, sync=").appendFixed(syncMillis, 3).append(" s, total=")
        .appendFixed(writeMillis + syncMillis + random.nextInt(50), 3).append(" s; sync files=").append(syncFiles)
        .append(", longest=").appendFixed(Math.max(1, syncMillis / 3), 3).append(" s, average=")
        .appendFixed(syncMillis / syncFiles, 3).append(" s; distance=").append(distanceKb).append(" kB, estimate=")
        .append(estimateKb).append(" kB");
    out.end();
    truth.count(EventKind.CHECKPOINTS);
  }

  /** One worker run: a vacuum, an analyze, or (most often) both, on the same table. */
  void autovacuumRun(LogFileWriter out, long startEpochMillis) throws IOException {
    PgProcess worker = PgProcess.background(sessions.nextPid(), startEpochMillis);
    String table = TABLES[random.nextInt(TABLES.length)];
    int choice = random.nextInt(10);
    if (choice < 8) {
      vacuum(out, worker, table);
    }
    if (choice >= 3) {
      analyze(out, worker, table);
    }
  }

  private void vacuum(LogFileWriter out, PgProcess worker, String table) throws IOException {
    boolean indexScan = random.nextInt(3) > 0;
    long remain = 100 + random.nextInt(200_000);
    long scanned = 1 + random.nextInt((int) Math.min(remain, 20_000));
    long removedTuples = random.nextInt(50_000);
    long cutoff = sessions.nextXid();
    long deadPages = Math.max(1, scanned / (2 + random.nextInt(8)));
    out.begin(worker, LogFileWriter.LOG).append("automatic vacuum of table \"shop.public.").append(table)
        .append("\": index scans: ").append(indexScan ? 1 : 0);
    out.continuation().append("pages: ").append(random.nextInt(10)).append(" removed, ").append(remain)
        .append(" remain, ").append(scanned).append(" scanned (").appendFixed(scanned * 10_000 / remain, 2)
        .append("% of total)");
    out.continuation().append("tuples: ").append(removedTuples).append(" removed, ").append(remain * 40)
        .append(" remain, ").append(random.nextInt(500)).append(" are dead but not yet removable");
    out.continuation().append("removable cutoff: ").append(cutoff).append(", which was ")
        .append(random.nextInt(2_000)).append(" XIDs old when operation ended");
    out.continuation().append("new relfrozenxid: ").append(cutoff - random.nextInt(5_000)).append(", which is ")
        .append(1 + random.nextInt(5_000)).append(" XIDs ahead of previous value");
    out.continuation().append("new relminmxid: ").append(3_700_000 + random.nextInt(100_000))
        .append(", which is ").append(random.nextInt(100)).append(" MXIDs ahead of previous value");
    if (indexScan) {
      out.continuation().append("index scan needed: ").append(deadPages).append(" pages from table (")
          .appendFixed(deadPages * 10_000 / remain, 2).append("% of total) had ").append(removedTuples)
          .append(" dead item identifiers removed");
    } else {
      out.continuation().append("index scan bypassed: ").append(deadPages).append(" pages from table (")
          .appendFixed(deadPages * 10_000 / remain, 2).append("% of total) have ").append(removedTuples)
          .append(" dead item identifiers");
    }
    out.continuation().append("index \"").append(table).append("_pkey\": pages: ").append(remain / 4 + 1)
        .append(" in total, ").append(random.nextInt(5)).append(" newly deleted, ").append(random.nextInt(50))
        .append(" currently deleted, ").append(random.nextInt(50)).append(" reusable");
    appendUsage(out, true);
    out.end();
    truth.count(EventKind.AUTOVACUUMS);
  }

  private void analyze(LogFileWriter out, PgProcess worker, String table) throws IOException {
    out.begin(worker, LogFileWriter.LOG).append("automatic analyze of table \"shop.public.").append(table)
        .append('"');
    appendUsage(out, false);
    out.end();
    truth.count(EventKind.AUTOANALYZES);
  }

  private void appendUsage(LogFileWriter out, boolean withWal) {
    int elapsedCenti = 1 + random.nextInt(300);
    out.continuation().append("I/O timings: read: ").appendFixed(random.nextInt(50_000), 3).append(" ms, write: ")
        .appendFixed(random.nextInt(5_000), 3).append(" ms");
    out.continuation().append("avg read rate: ").appendFixed(random.nextInt(80_000), 3)
        .append(" MB/s, avg write rate: ").appendFixed(random.nextInt(20_000), 3).append(" MB/s");
    out.continuation().append("buffer usage: ").append(random.nextInt(100_000)).append(" hits, ")
        .append(random.nextInt(5_000)).append(" misses, ").append(random.nextInt(2_000)).append(" dirtied");
    if (withWal) {
      out.continuation().append("WAL usage: ").append(random.nextInt(20_000)).append(" records, ")
          .append(random.nextInt(2_000)).append(" full page images, ").append(random.nextInt(9_000_000))
          .append(" bytes");
    }
    out.continuation().append("system usage: CPU: user: ").appendFixed(random.nextInt(elapsedCenti), 2)
        .append(" s, system: ").appendFixed(random.nextInt(elapsedCenti / 4 + 1), 2).append(" s, elapsed: ")
        .appendFixed(elapsedCenti, 2).append(" s");
  }
}
