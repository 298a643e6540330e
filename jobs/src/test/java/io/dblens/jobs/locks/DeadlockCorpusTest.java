package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParserDispatcher;
import io.dblens.parsers.io.BoundedLineReader;
import io.dblens.parsers.io.FileParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every deadlock the parsers read from the real corpus yields a cycle: the InnoDB status captures of
 * percona-toolkit and innotop (the twelve files holding a LATEST DETECTED DEADLOCK section), pgBadger's
 * logplex fixture and pganalyze's deadlock case.
 */
class DeadlockCorpusTest {

  private static final Path REAL = Path.of("../../shared/data/real");
  private static final List<String> INNODB = List.of(
      "innotop/t/innodb-status-004",
      "innotop/t/innodb-status-007",
      "percona-toolkit/t/pt-deadlock-logger/samples/bug_1082104.txt",
      "percona-toolkit/t/pt-deadlock-logger/samples/bug_1195034.txt",
      "percona-toolkit/t/pt-deadlock-logger/samples/bug_903443.txt",
      "percona-toolkit/t/pt-fk-error-logger/samples/is001.txt",
      "percona-toolkit/src/go/pt-secure-collect/testdata/2018_03_05_13_24_55-innodbstatus1",
      "percona-toolkit/src/go/pt-secure-collect/testdata/2018_03_05_13_24_55-innodbstatus2",
      "percona-toolkit/src/go/pt-secure-collect/testdata/2018_03_05_13_29_55-innodbstatus1",
      "percona-toolkit/src/go/pt-secure-collect/testdata/2018_03_05_13_29_55-innodbstatus2",
      "percona-toolkit/src/go/pt-secure-collect/testdata/2018_03_05_13_34_55-innodbstatus1",
      "percona-toolkit/src/go/pt-secure-collect/testdata/2018_03_05_13_34_55-innodbstatus2");

  @Test
  void everyInnoDbDeadlockYieldsACycle() throws IOException {
    assumeTrue(Files.isDirectory(REAL.resolve("percona-toolkit")), "real corpus not present at " + REAL);
    List<String> report = new ArrayList<>();
    int deadlocks = 0;
    int empty = 0;
    for (String file : INNODB) {
      for (LogEvent e : deadlocks(REAL.resolve(file))) {
        if (e.deadlock().isEmpty()) {
          empty++; // "TOO DEEP OR LONG SEARCH IN THE LOCK TABLE WAITS-FOR GRAPH": InnoDB names nobody
          continue;
        }
        deadlocks++;
        report.add(file + " " + describe(e));
      }
    }
    report.forEach(System.out::println);
    assertThat(report).allSatisfy(line -> assertThat(line).doesNotContain("cycles=0"));
    assertThat(deadlocks).isEqualTo(11);
    assertThat(empty).isEqualTo(1);
  }

  @Test
  void everyPostgresDeadlockYieldsACycle() throws IOException {
    Path logplex = REAL.resolve("pgbadger/t/fixtures/logplex.gz");
    assumeTrue(Files.exists(logplex), "pgBadger fixtures not present");
    List<LogEvent> fromLogplex = deadlocks(logplex);
    assertThat(fromLogplex).hasSize(1);
    DeadlockAnalysis three = analyse(Engine.POSTGRESQL, fromLogplex.get(0));
    assertThat(three.cycleInferred()).isFalse();
    assertThat(three.cycles()).singleElement().satisfies(c -> {
      assertThat(c.nodeIds()).containsExactly("4796", "4849", "4821");
      assertThat(c.resources()).extracting(LockResource::id).containsExactly("transaction 259635423",
          "transaction 259635360", "transaction 259635221");
    });
    assertThat(three.graph().node("4849").victim()).isTrue();

    // pganalyze's case 46 lists only the victim's wait: the cycle closes on a resource the report omits.
    List<LogEvent> fromPganalyze = pganalyzeDeadlocks();
    assertThat(fromPganalyze).hasSize(1);
    DeadlockAnalysis cut = analyse(Engine.POSTGRESQL, fromPganalyze.get(0));
    assertThat(cut.cycleInferred()).isTrue();
    assertThat(cut.cycles()).singleElement().satisfies(c -> {
      assertThat(c.nodeIds()).containsExactly("91", "9788");
      assertThat(c.resources()).extracting(LockResource::id)
          .containsExactly(WaitForGraph.NOT_REPORTED, "transaction 1035");
    });
  }

  /**
   * The three real SQL Server graphs (checked by hand: a RID deadlock, four processes on one key of which
   * two deadlock, an XE event) and the bundled multi-victim and parallel-query samples. Nodes are process
   * ids; the cycle is compared by the spids of its processes.
   */
  @Test
  void everySqlServerDeadlockYieldsACycle() throws IOException {
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    expected.put("mssql-jokk-itu/deadlock.xdl", Set.of("63", "65"));
    expected.put("mssql-plukawski/deadlock.xdl", Set.of("52", "58"));
    expected.put("datadog-integrations-core/sqlserver/tests/deadlocks/sqlserver_deadlock_event.xml",
        Set.of("62", "63"));
    for (Map.Entry<String, Set<String>> file : expected.entrySet()) {
      Path path = REAL.resolve(file.getKey());
      assumeTrue(Files.exists(path), "SQL Server corpus not present at " + path);
      List<LogEvent> found = deadlocks(path);
      assertThat(found).as(file.getKey()).hasSize(1);
      DeadlockAnalysis a = analyse(Engine.SQLSERVER, found.get(0));
      assertThat(a.cycleInferred()).as(file.getKey()).isFalse();
      assertThat(a.cycles()).as(file.getKey()).isNotEmpty();
      Set<String> spids = new TreeSet<>();
      for (String id : a.cycles().get(0).nodeIds()) {
        spids.add(a.graph().node(id).session());
      }
      assertThat(spids).as(file.getKey()).isEqualTo(file.getValue());
    }
    Path samples = Path.of("../data-samples/sqlserver");
    int sampled = 0;
    try (var files = Files.list(samples)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().contains(".expected.")).sorted().toList()) {
        for (LogEvent e : deadlocks(f)) {
          sampled++;
          assertThat(analyse(Engine.SQLSERVER, e).cycles()).as(f.getFileName() + " line " + e.lineStart()).isNotEmpty();
        }
      }
    }
    assertThat(sampled).isGreaterThanOrEqualTo(3);
  }

  private static DeadlockAnalysis analyse(Engine engine, LogEvent e) {
    return DeadlockAnalysis.of(engine, e.deadlock(), Map.of(), List.of());
  }

  private static String describe(LogEvent e) {
    DeadlockAnalysis a = analyse(Engine.MYSQL, e);
    return "participants=" + e.deadlock().size() + " cycles=" + a.cycles().size() + " inferred=" + a.cycleInferred()
        + " " + a.cycles().stream().map(c -> String.join("->", c.nodeIds())).toList() + " " + a.rootCause().cause().id();
  }

  /** pganalyze-collector's deadlock case, written as stderr lines with a simple prefix. */
  private static List<LogEvent> pganalyzeDeadlocks() throws IOException {
    Path cases = REAL.resolve("pganalyze-collector/_derived/analyze_test_cases.jsonl");
    assumeTrue(Files.exists(cases), "pganalyze cases not present");
    ObjectMapper json = new ObjectMapper();
    List<LogEvent> out = new ArrayList<>();
    for (String line : Files.readAllLines(cases)) {
      JsonNode c = json.readTree(line);
      if (!c.toString().contains("\"deadlock detected\"")) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      for (JsonNode in : c.get("input_lines")) {
        String[] parts = in.path("Content").asText().stripTrailing().split("\n", -1);
        text.append("2024-01-01 00:00:00 UTC [123] ").append(in.path("LogLevel").asText("LOG")).append(":  ")
            .append(parts[0]).append('\n');
        for (int i = 1; i < parts.length; i++) {
          text.append('\t').append(parts[i]).append('\n');
        }
      }
      out.addAll(deadlocks(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), "pganalyze"));
    }
    return out;
  }

  static List<LogEvent> deadlocks(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return deadlocks(in, file.toString());
    }
  }

  private static List<LogEvent> deadlocks(InputStream in, String name) {
    List<LogEvent> events = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void event(LogEvent event) {
        if (event.type() == EventType.DEADLOCK) {
          events.add(event);
        }
      }

      @Override
      public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {}
    };
    new FileParser(ParserDispatcher.standard(), BoundedLineReader.DEFAULT_MAX_LINE_BYTES)
        .parse(in, null, null, new ParseContext(name, null, null), sink);
    return events;
  }
}
