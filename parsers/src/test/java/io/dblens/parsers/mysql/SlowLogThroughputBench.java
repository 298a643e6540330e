package io.dblens.parsers.mysql;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import java.util.ArrayList;
import java.util.List;

/** Throwaway main: slow-log entries per second, single thread, lines in memory, no fingerprinting. */
public class SlowLogThroughputBench {
  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<Line> lines = new ArrayList<>(entries * 6);
    long n = 0;
    for (int i = 0; i < entries; i++) {
      lines.add(new Line(++n, "# Time: 2019-01-01T10:00:" + String.format("%02d", i % 60) + ".123456Z"));
      lines.add(new Line(++n, "# User@Host: app[app] @ web1 [10.0.0." + (i % 250) + "]  Id: " + i));
      lines.add(new Line(++n, "# Query_time: 0.001234  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: " + i));
      lines.add(new Line(++n, "SET timestamp=1546336800;"));
      lines.add(new Line(++n, "SELECT * FROM orders WHERE id = " + i + ";"));
    }
    for (int round = 0; round < 3; round++) {
      long[] events = new long[1];
      EventSink sink = new EventSink() {
        @Override
        public void event(LogEvent event) {
          events[0]++;
        }

        @Override
        public void quarantine(long s, long e, String raw, String reason) {}
      };
      var it = lines.iterator();
      LineSource source = () -> it.hasNext() ? it.next() : null;
      long t0 = System.nanoTime();
      new SlowLogParser(new ParseContext("bench", null, null)).parse(source, sink);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%d entries in %.2f s: %.0f entries/s%n", events[0], s, events[0] / s);
    }
  }
}
