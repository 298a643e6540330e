package io.dblens.parsers.sqlserver;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchPrintTest {
  @Test
  void print() throws Exception {
    for (String f : System.getProperty("files", "").split(",")) {
      if (f.isBlank()) continue;
      ParsedFile r = ParsedFile.parse(Path.of(f), null, null, new ParseContext(f, null, null));
      System.out.println("=== " + f + " " + r.outcome() + " coverage: " + r.coverageProblems());
      for (LogEvent e : r.events()) {
        System.out.println(e.type() + " " + e.lineStart() + "-" + e.lineEnd() + " " + e.eventTime() + " raw=" + e.rawTime()
            + " s=" + e.sessionId() + " u=" + e.user() + " db=" + e.database() + " sev=" + e.severity() + " state=" + e.sqlState()
            + " calls=" + e.calls() + " dur=" + e.durationMs() + " msg=" + e.message() + " q=" + e.queryText());
        for (DeadlockParticipant p : e.deadlock()) System.out.println("   P " + p);
        if (e.lock() != null) System.out.println("   L " + e.lock());
        if (Boolean.getBoolean("attrs")) e.attributes().forEach((k, v) -> System.out.println("   A " + k + " = " + v));
        if (Boolean.getBoolean("detail")) System.out.println("   D " + e.detail());
      }
      r.quarantined().forEach(q -> System.out.println("Q " + q.start() + "-" + q.end() + " " + q.reason()));
    }
  }
}
