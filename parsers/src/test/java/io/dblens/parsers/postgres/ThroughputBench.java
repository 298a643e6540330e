package io.dblens.parsers.postgres;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;

/** Throwaway main: lines per second on simple stderr duration lines, single thread, lines in memory. */
public class ThroughputBench {
  public static void main(String[] args) throws Exception {
    int n = 2_000_000;
    Line[] lines = new Line[n];
    for (int i = 0; i < n; i++) {
      int sec = i / 1000;
      lines[i] = new Line(i + 1, String.format("2024-03-01 %02d:%02d:%02d.%03d UTC [%d]: [%d-1] user=app,db=shop,app=web,client=10.0.0.%d "
          + "LOG:  duration: %d.%03d ms  statement: SELECT * FROM orders WHERE id = %d", (sec / 3600) % 24, (sec / 60) % 60,
          sec % 60, i % 1000, 1000 + i % 50, i, i % 200, i % 90, i % 1000, i));
    }
    LinePrefix prefix = LinePrefix.compile("%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ");
    for (int round = 0; round < 5; round++) {
      long[] count = {0};
      EventSink sink = new EventSink() {
        @Override
        public void event(LogEvent event) {
          count[0]++;
        }

        @Override
        public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
          throw new IllegalStateException(reason);
        }
      };
      int[] pos = {0};
      LineSource src = () -> pos[0] < n ? lines[pos[0]++] : null;
      long t0 = System.nanoTime();
      new PostgresLogParser(PgFormat.STDERR, prefix, new ParseContext("bench", null, null), 0).parse(src, sink);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("round %d: %d events, %.0f lines/s%n", round, count[0], n / s);
    }
  }
}
