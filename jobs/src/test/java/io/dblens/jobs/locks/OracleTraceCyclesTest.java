package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import io.dblens.parsers.io.BoundedLineReader;
import io.dblens.parsers.io.FileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The participants read from the sample Oracle traces make the wait-for graphs the lock analysis expects. */
class OracleTraceCyclesTest {

  static List<DeadlockParticipant> participants(String file) throws IOException {
    List<DeadlockParticipant> out = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void event(LogEvent e) {
        if (e.type() == EventType.DEADLOCK) {
          out.addAll(e.deadlock());
        }
      }

      @Override
      public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {}
    };
    Path path = Path.of("../data-samples/oracle", file);
    try (InputStream in = Files.newInputStream(path)) {
      new FileParser(ParserDispatcher.standard(), BoundedLineReader.DEFAULT_MAX_LINE_BYTES)
          .parse(in, Engine.ORACLE, null, new ParseContext(file, null, null), sink);
    }
    return out;
  }

  static RootCause cause(WaitForGraph g) {
    List<DeadlockCycle> cycles = new CycleFinder().find(g).cycles();
    assertThat(cycles).singleElement().satisfies(c -> assertThat(c.size()).isEqualTo(2));
    return new RootCauseClassifier().classify(g, cycles, Map.of());
  }

  @Test
  void rowLockTraceIsATwoSessionLockOrderInversion() throws IOException {
    WaitForGraph g = WaitForGraph.fromOracle(participants("orcl1_ora_4711.trc"), List.of());
    assertThat(g.nodes()).extracting(DeadlockNode::id).containsExactly("9", "136");
    assertThat(cause(g).cause()).isEqualTo(RootCauseClass.LOCK_ORDER_INVERSION);
  }

  @Test
  void tableLockTraceIsAnUnindexedForeignKey() throws IOException {
    WaitForGraph g = WaitForGraph.fromOracle(participants("CDB19_ora_5176.trc"), List.of());
    assertThat(cause(g).cause()).isEqualTo(RootCauseClass.UNINDEXED_FOREIGN_KEY);
  }
}
