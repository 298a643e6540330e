package io.dblens.jobs.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes slow-log entries as MySQL 8.0 does ({@code File_query_log::write_slow}) and records each one in
 * the ground truth with the exact Query_time printed:
 *
 * <pre>
 * # Time: 2025-03-03T08:15:02.123456Z
 * # User@Host: app[app] @  [10.0.1.23]  Id:  4242
 * # Query_time: 0.000345  Lock_time: 0.000002 Rows_sent: 1  Rows_examined: 1
 * use shop;
 * SET insert_id=1001,timestamp=1740989702;
 * INSERT INTO ...;
 * </pre>
 *
 * {@code # Time} is when the statement ended, {@code SET timestamp} the second it started; {@code use} only
 * when the database differs from the last one written to the file; {@code insert_id} for INSERTs, which
 * here all fill an auto-increment key. With {@code log_slow_extra} the Query_time line goes on with the
 * thread id, handler counters and start and end times.
 */
final class SlowEntryWriter {
  private static final byte[] TIME = AsciiBuffer.ascii("# Time: ");
  private static final byte[] USER_HOST = AsciiBuffer.ascii("# User@Host: ");
  private static final byte[] AT_NO_HOST = AsciiBuffer.ascii(" @  [");
  private static final byte[] ID = AsciiBuffer.ascii("]  Id: ");
  private static final byte[] QUERY_TIME = AsciiBuffer.ascii("# Query_time: ");
  private static final byte[] LOCK_TIME = AsciiBuffer.ascii("  Lock_time: ");
  private static final byte[] ROWS_SENT = AsciiBuffer.ascii(" Rows_sent: ");
  private static final byte[] ROWS_EXAMINED = AsciiBuffer.ascii("  Rows_examined: ");
  private static final byte[] USE = AsciiBuffer.ascii("use ");
  private static final byte[] SET_TIMESTAMP = AsciiBuffer.ascii("SET timestamp=");
  private static final byte[] SET_INSERT_ID = AsciiBuffer.ascii("SET insert_id=");
  private static final byte[] TIMESTAMP = AsciiBuffer.ascii(",timestamp=");
  private static final byte[][] PREAMBLE = {
      AsciiBuffer.ascii("/usr/sbin/mysqld, Version: " + MysqlSlowLogGenerator.SERVER_VERSION
          + " (MySQL Community Server - GPL). started with:"),
      AsciiBuffer.ascii("Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock"),
      AsciiBuffer.ascii("Time                 Id Command    Argument")};
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final InstanceTruth truth;
  private final SplittableRandom random;
  private final boolean slowExtra;
  private long lastEndMicros;
  private long insertId = 1_000;
  private byte[] database;
  private long inFile;
  /** Per shape, the most rows one execution sends; 0 until first needed. */
  private final int[] mostRows;
  private long cachedDay = Long.MIN_VALUE;
  private byte[] cachedDate;

  SlowEntryWriter(InstanceTruth truth, SplittableRandom random, boolean slowExtra) {
    this.truth = truth;
    this.mostRows = new int[truth.shapeCounts.length];
    this.random = random;
    this.slowExtra = slowExtra;
  }

  /** The lines the server writes when it opens (or, after a FLUSH SLOW LOGS, reopens) the file. */
  void startFile(LogFile out) throws IOException {
    for (byte[] line : PREAMBLE) {
      out.buffer.append(line);
      out.end();
    }
    database = null;
    inFile = 0;
  }

  /** Entries written to the current file. */
  long inFile() {
    return inFile;
  }

  /**
   * Writes one entry that ends around {@code nowMillis}, or right after the previous one when
   * {@code followsPrevious} (the next statement of the same transaction); {@code micros} is its Query_time in
   * microseconds, {@code statement} its text as the flavour renders it.
   */
  void write(LogFile out, PgProcess session, QueryShape shape, AsciiBuffer statement, long micros, long nowMillis,
      boolean followsPrevious) throws IOException {
    long end = followsPrevious ? lastEndMicros + micros + 20 + random.nextInt(300)
        : Math.max(lastEndMicros + 1, nowMillis * 1000 + random.nextInt(1000));
    lastEndMicros = end;
    long start = end - micros;
    Rows rows = rows(shape, micros);
    AsciiBuffer b = out.buffer;

    appendIso(b.append(TIME), end);
    out.end();
    b.append(USER_HOST).append(session.user).append('[').append(session.user).append(']').append(AT_NO_HOST)
        .append(session.host).append(ID);
    appendWidth5(b, session.pid);
    out.end();
    b.append(QUERY_TIME).appendFixed(micros, 6).append(LOCK_TIME).appendFixed(rows.lockMicros, 6).append(ROWS_SENT)
        .append(rows.sent).append(ROWS_EXAMINED).append(rows.examined);
    if (slowExtra) {
      appendExtra(b, session, statement, rows, start, end);
    }
    out.end();
    if (!Arrays.equals(database, session.database)) {
      database = session.database;
      b.append(USE).append(database).append(';');
      out.end();
    }
    if (shape.command.equals("INSERT")) {
      insertId += 1 + random.nextInt(3);
      b.append(SET_INSERT_ID).append(insertId).append(TIMESTAMP);
    } else {
      b.append(SET_TIMESTAMP);
    }
    b.append(Math.floorDiv(start, 1_000_000)).append(';');
    out.end();
    b.append(statement).append(';');
    out.end();
    inFile++;

    int s = shape.index;
    truth.shapeCounts[s]++;
    truth.shapeMicros[s] += micros;
    if (truth.examples[s] == null) {
      truth.examples[s] = statement.toString();
    }
  }

  private record Rows(long sent, long examined, long lockMicros) {}

  /**
   * Plausible counters: a lookup by key sends one row (now and then none), lists and reports more; reads
   * examine more rows the longer they run; writes take row locks.
   */
  private Rows rows(QueryShape shape, long micros) {
    switch (shape.command) {
      case "SELECT", "WITH" -> {
        int most = mostRows[shape.index];
        if (most == 0) {
          mostRows[shape.index] = most = mostRows(shape);
        }
        long sent = most == 1 ? (random.nextInt(10) == 0 ? 0 : 1) : random.nextInt(most + 1);
        long examined = shape.template.contains(" FROM ") ? sent + micros / (shape.reporting ? 2 : 25) : 0;
        return new Rows(sent, examined, Math.min(micros, 1 + random.nextInt(30)));
      }
      case "INSERT" -> {
        return new Rows(0, 0, Math.min(micros, 5 + random.nextInt(60)));
      }
      case "UPDATE", "DELETE" -> {
        return new Rows(0, 1 + micros / 40, Math.min(micros, 5 + random.nextInt(200)));
      }
      default -> {
        return new Rows(0, 0, 0);
      }
    }
  }

  private static int mostRows(QueryShape shape) {
    String t = shape.template;
    if (shape.reporting) {
      return 400;
    }
    return t.contains("LIMIT") || t.contains(" IN ") || t.contains("JOIN") || t.contains("GROUP BY") ? 20 : 1;
  }

  /** What log_slow_extra=ON appends (MySQL 8.0.14 and later), on the same line. */
  private void appendExtra(AsciiBuffer b, PgProcess session, AsciiBuffer statement, Rows rows, long start, long end) {
    boolean read = rows.examined > 0 && rows.sent > 0;
    b.append(" Thread_id: ").append(session.pid).append(" Errno: 0 Killed: 0 Bytes_received: ")
        .append(statement.length() + 1).append(" Bytes_sent: ").append(rows.sent == 0 ? 11 : 60 + rows.sent * 48)
        .append(" Read_first: 0 Read_last: 0 Read_key: ").append(read ? 1 : 0).append(" Read_next: ")
        .append(read ? rows.examined - 1 : 0).append(" Read_prev: 0 Read_rnd: 0 Read_rnd_next: 0")
        .append(" Sort_merge_passes: 0 Sort_range_count: 0 Sort_rows: 0 Sort_scan_count: 0")
        .append(" Created_tmp_disk_tables: 0 Created_tmp_tables: 0 Start: ");
    appendIso(b, start);
    b.append(" End: ");
    appendIso(b, end);
  }

  /** {@code 2025-03-03T08:15:02.123456Z}, UTC, as log_timestamps=UTC writes it. */
  private void appendIso(AsciiBuffer b, long epochMicros) {
    long day = Math.floorDiv(epochMicros, MICROS_PER_DAY);
    if (day != cachedDay) {
      cachedDay = day;
      cachedDate = AsciiBuffer.ascii(LocalDate.ofEpochDay(day) + "T");
    }
    long ofDay = Math.floorMod(epochMicros, MICROS_PER_DAY);
    long seconds = ofDay / 1_000_000;
    b.append(cachedDate).appendTwoDigits((int) (seconds / 3600)).append(':')
        .appendTwoDigits((int) (seconds / 60 % 60)).append(':').appendTwoDigits((int) (seconds % 60)).append('.')
        .appendPadded(ofDay % 1_000_000, 6).append('Z');
  }

  /** {@code %5u}: right-aligned in five columns, wider when needed. */
  private static void appendWidth5(AsciiBuffer b, long value) {
    for (long bound = 10; bound <= 10_000; bound *= 10) {
      if (value < bound) {
        b.append(' ');
      }
    }
    b.append(value);
  }
}
