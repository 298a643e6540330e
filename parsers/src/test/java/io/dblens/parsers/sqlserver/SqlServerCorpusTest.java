package io.dblens.parsers.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public SQL Server corpus (MANIFEST.md): every file ingests with exact line accounting; the three
 * deadlock graphs give the victims, processes and resources read off the XML by hand; both showplans
 * give their operator trees. The corpus has no ERRORLOG (the manifest lists one, but it was not
 * staged): the ERRORLOG samples under data-samples/sqlserver stand in for it.
 */
class SqlServerCorpusTest {

  static final Path REAL = Path.of("../../shared/data/real");
  static final Path SHOWPLAN = REAL.resolve("sqltoolsservice/test/Microsoft.SqlTools.ServiceLayer.UnitTests/ShowPlan");
  static final Path COUNTERS = REAL.resolve("sqltoolsservice/test/Microsoft.SqlTools.Migration.IntegrationTests/Migration/Data");

  static ParsedFile parse(Path file) throws IOException {
    assumeTrue(Files.exists(file), "corpus file not present: " + file);
    ParsedFile r = ParsedFile.parse(file, null, null, new ParseContext(file.getFileName().toString(), null, null));
    assertThat(r.outcome().linesRead()).isEqualTo(r.outcome().linesParsed() + r.outcome().linesQuarantined());
    assertThat(r.coverageProblems()).as("line coverage of " + file).isEmpty();
    return r;
  }

  static LogEvent onlyDeadlock(ParsedFile r) {
    assertThat(r.outcome().status()).as(r.outcome().error()).isEqualTo(FileStatus.OK);
    assertThat(r.outcome().engine()).isEqualTo(Engine.SQLSERVER);
    assertThat(r.outcome().format()).isEqualTo("xml");
    assertThat(r.events()).hasSize(1);
    LogEvent e = r.events().get(0);
    assertThat(e.type()).isEqualTo(EventType.DEADLOCK);
    return e;
  }

  /** session, victim, waitMode, resource, lockType, table, index, waitsFor, heldMode, held resource. */
  static List<org.assertj.core.groups.Tuple> rows(LogEvent e) {
    return e.deadlock().stream().map(p -> tuple(p.session(), p.victim(), p.waitMode(), p.resource(), p.lockType(),
        p.tableName(), p.indexName(), p.waitsFor(), p.heldMode(), p.attributes().get(DeadlockGraph.HELD_RESOURCE)))
        .toList();
  }

  @Test
  void ridLockDeadlockOfTwoUpdates() throws IOException {
    LogEvent e = onlyDeadlock(parse(REAL.resolve("mssql-jokk-itu/deadlock.xdl")));
    assertThat(e.lineStart()).isEqualTo(1);
    assertThat(e.lineEnd()).isEqualTo(54);
    assertThat(e.attributes()).containsEntry("mssql.victims", "process11640a0108");
    assertThat(rows(e)).containsExactly(
        tuple("63", true, "U", "RID: 4:1:1731:0", "ridlock", "msdb.dbo.Employees", null, "65", "X", "RID: 4:1:1733:0"),
        tuple("65", false, "U", "RID: 4:1:1733:0", "ridlock", "msdb.dbo.Suppliers", null, "63", "X", "RID: 4:1:1731:0"));
    DeadlockParticipant victim = e.deadlock().get(0);
    assertThat(victim.statement()).isEqualTo("UPDATE Employees\nSET Phone = N'555-9999'\nWHERE EmpId = 1");
    assertThat(victim.user()).isEqualTo("sa");
    assertThat(victim.host()).isEqualTo("X1");
    assertThat(victim.database()).isEqualTo("msdb");
    assertThat(victim.transaction()).isEqualTo("51885");
    assertThat(victim.attributes()).containsEntry("mssql.process_id", "process11640a0108")
        .containsEntry("mssql.isolation_level", "read committed (2)").containsEntry("mssql.wait_time_ms", "2528")
        .containsEntry("mssql.transaction_name", "user_transaction").containsEntry("mssql.client_app", "azdata-Query")
        .containsEntry("mssql.waits_for_process", "process11640908c8");
    assertThat(victim.attributes().get("mssql.frames").lines()).hasSize(2)
        .first().asString().startsWith("adhoc line=1 stmtstart=60 stmtend=164 sqlhandle=0x02000000696fc60d");
    assertThat(e.deadlock().get(1).attributes()).containsEntry("mssql.wait_time_ms", "5617");
    // The .xdl has no time of its own: the latest batch start (13:48:03.740) stands in, and says so.
    assertThat(e.eventTime()).hasToString("2022-01-12T13:48:03.740Z");
    assertThat(e.attributes()).containsKey("mssql.time_source");
  }

  @Test
  void utf16KeyLockConversionDeadlockOfFourProcesses() throws IOException {
    LogEvent e = onlyDeadlock(parse(REAL.resolve("mssql-plukawski/deadlock.xdl")));
    assertThat(e.lineEnd()).isEqualTo(104);
    String key = "KEY: 10:72057594044612608 (c7130c4ceb33)";
    // Four resource-list entries for one key: 52 and 58 hold S and ask for X; 57 and 54 queue behind them.
    assertThat(rows(e)).containsExactly(
        tuple("58", false, "X", key, "keylock", "Northwind.dbo.Products", "PK_Products", "52", "S", key),
        tuple("57", true, "X", key, "keylock", "Northwind.dbo.Products", "PK_Products", "52", null, null),
        tuple("54", false, "X", key, "keylock", "Northwind.dbo.Products", "PK_Products", "58", null, null),
        tuple("52", false, "X", key, "keylock", "Northwind.dbo.Products", "PK_Products", "58", "S", key));
    assertThat(e.deadlock()).allSatisfy(p -> {
      assertThat(p.attributes()).containsEntry("mssql.isolation_level", "serializable (4)");
      assertThat(p.user()).isEqualTo("MicrosoftAccount\\przemyslaw.luk@outlook.com");
      assertThat(p.database()).as("no currentdbname: taken from the three-part object name").isEqualTo("Northwind");
      assertThat(p.statement()).startsWith("(@p1 int,@p0 smallint)SET NOCOUNT ON;\nUPDATE [Products]");
    });
    assertThat(e.deadlock().get(0).attributes().get("mssql.held_locks"))
        .isEqualTo("S\tkeylock\t" + key + "\tNorthwind.dbo.Products\tPK_Products");
    assertThat(sessionCycles(e)).containsExactly(Set.of("52", "58"));
  }

  @Test
  void extendedEventsKeyLockDeadlock() throws IOException {
    LogEvent e = onlyDeadlock(parse(REAL.resolve("datadog-integrations-core/sqlserver/tests/deadlocks/sqlserver_deadlock_event.xml")));
    assertThat(e.lineEnd()).isEqualTo(140);
    assertThat(e.eventTime()).hasToString("2024-09-19T06:27:39.856Z");
    assertThat(e.attributes()).containsEntry("mssql.xe_event", "xml_deadlock_report").doesNotContainKey("mssql.time_source");
    String a = "KEY: 7:72057594045923328 (8194443284a0)";
    String b = "KEY: 7:72057594045923328 (61a06abd401c)";
    assertThat(rows(e)).containsExactly(
        tuple("62", true, "X", a, "keylock", "datadog_test-1.dbo.t", "PK__t__3BD01993ACD05C2D", "63", "X", b),
        tuple("63", false, "X", b, "keylock", "datadog_test-1.dbo.t", "PK__t__3BD01993ACD05C2D", "62", "X", a));
    assertThat(e.deadlock()).extracting(DeadlockParticipant::database, DeadlockParticipant::host,
        p -> p.attributes().get("mssql.wait_time_ms"))
        .containsExactly(tuple("master", "COMP-M54N44LRFG", "4335"), tuple("master", "COMP-M54N44LRFG", "9902"));
    assertThat(e.deadlock().get(0).statement())
        .isEqualTo("update [datadog_test-1].[dbo].[t] set n=1 where n=1\n\nrollback");
    assertThat(sessionCycles(e)).containsExactly(Set.of("62", "63"));
  }

  /** Cycles of the session graph (session -> waitsFor), as a generic wait-for graph sees them. */
  static List<Set<String>> sessionCycles(LogEvent e) {
    Map<String, String> next = e.deadlock().stream().filter(p -> p.waitsFor() != null)
        .collect(Collectors.toMap(DeadlockParticipant::session, DeadlockParticipant::waitsFor, (x, y) -> x));
    List<Set<String>> cycles = new java.util.ArrayList<>();
    for (String start : next.keySet()) {
      java.util.LinkedHashSet<String> path = new java.util.LinkedHashSet<>();
      String s = start;
      while (s != null && path.add(s)) {
        s = next.get(s);
      }
      if (s != null) {
        List<String> all = List.copyOf(path);
        Set<String> cycle = new java.util.TreeSet<>(all.subList(all.indexOf(s), all.size()));
        if (!cycles.contains(cycle)) {
          cycles.add(cycle);
        }
      }
    }
    return cycles;
  }

  @Test
  void estimatedShowplanGivesItsOperatorTree() throws IOException {
    ParsedFile r = parse(SHOWPLAN.resolve("TestShowPlan.xml"));
    assertThat(r.outcome().status()).isEqualTo(FileStatus.OK);
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.PLAN);
      assertThat(e.lineStart()).isEqualTo(1);
      assertThat(e.lineEnd()).isEqualTo(6860);
      assertThat(e.queryText()).isEqualTo("select * from sys.all_objects CROSS JOIN sys.databases");
      assertThat(e.plan().format()).isEqualTo("xml");
      assertThat(e.plan().planText()).startsWith("<ShowPlanXML").contains("Build=\"15.0.2080.9\"");
      assertThat(e.attributes()).containsEntry("mssql.plan.kind", "estimated")
          .containsEntry("mssql.query_hash", "0x40F52DA07C516988").containsEntry("mssql.plan.cost", "0.19349")
          .containsEntry("mssql.plan.warnings", "PlanAffectingConvert").doesNotContainKey("mssql.plan.missing_indexes");
      List<String[]> ops = operators(e);
      assertThat(ops).hasSize(54);
      assertThat(ops.get(0)).containsExactly("1", "0", "", "0", "Compute Scalar", "Compute Scalar", "2623.32", "", "",
          "0.19349", "");
      assertThat(ops.get(53)).containsExactly("1", "53", "52", "7", "Clustered Index Scan", "Clustered Index Scan",
          "2559", "", "", "0.034245", "[master].[sys].[sysschobjs].[clst]");
      assertTree(ops);
      assertThat(ops.stream().filter(o -> o[4].equals("Nested Loops")).count()).isEqualTo(19);
      assertThat(ops.stream().filter(o -> o[4].equals("Clustered Index Seek")).count()).isEqualTo(15);
    });
  }

  @Test
  void showplanWithFourStatementsAndMissingIndexes() throws IOException {
    ParsedFile r = parse(SHOWPLAN.resolve("TestShowPlanRecommendations.xml"));
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.attributes()).containsEntry("mssql.plan.statements", "4");
      assertThat(e.queryText()).startsWith("SELECT *\r\nFROM dbo.t1 t1");
      List<String[]> ops = operators(e);
      assertThat(ops).hasSize(24);
      assertTree(ops);
      assertThat(ops.subList(0, 3)).extracting(o -> o[1] + " " + o[4] + " " + o[10])
          .containsExactly("0 Nested Loops ", "1 Table Scan [tempdb].[dbo].[t2]", "2 Table Scan [tempdb].[dbo].[t1]");
      assertThat(e.attributes().get("mssql.plan.missing_indexes").lines().toList()).containsExactly(
          "1\t49.3232\t[tempdb].[dbo].[t1]\t[rowId]\t\t",
          "1\t49.3232\t[tempdb].[dbo].[t2]\t[rowId]\t\t",
          "1\t49.3239\t[tempdb].[dbo].[t1]\t[rowId]\t\t");
    });
  }

  static List<String[]> operators(LogEvent e) {
    return e.attributes().get("mssql.plan.operators").lines().map(l -> l.split("\t", -1)).toList();
  }

  /** Every operator's parent is an earlier operator of its statement, one level up. */
  static void assertTree(List<String[]> ops) {
    for (int i = 0; i < ops.size(); i++) {
      String[] o = ops.get(i);
      if (o[2].isEmpty()) {
        assertThat(o[3]).isEqualTo("0");
        continue;
      }
      String[] parent = ops.subList(0, i).stream().filter(p -> p[0].equals(o[0]) && p[1].equals(o[2])).findFirst()
          .orElseThrow(() -> new AssertionError("no parent " + Arrays.toString(o)));
      assertThat(Integer.parseInt(o[3])).isEqualTo(Integer.parseInt(parent[3]) + 1);
    }
  }

  @Test
  void filesDblensDoesNotReadAreAccountedFor() throws IOException {
    // The .xel capture is binary; the assessment counter CSVs are not a log or statistics export.
    ParsedFile xel = parse(REAL.resolve("sqltoolsservice/test/Microsoft.SqlTools.ServiceLayer.UnitTests/Profiler/TestXel_0.xel"));
    assertThat(xel.outcome().status()).isEqualTo(FileStatus.REJECTED);
    assertThat(xel.quarantined()).singleElement().extracting(ParsedFile.Quarantined::reason).asString()
        .startsWith("binary content");
    Map<String, Long> lines = Map.of("TEST,MSSQLSERVER_CommonDbLevel_Counters.csv", 5L,
        "TEST,MSSQLSERVER_CommonInstanceLevel_Counters.csv", 2L,
        "TEST,MSSQLSERVER_PerformanceAggregated_Counters.csv", 2853L);
    for (Map.Entry<String, Long> f : lines.entrySet()) {
      ParsedFile r = parse(COUNTERS.resolve(f.getKey()));
      assertThat(r.outcome().status()).isEqualTo(FileStatus.UNRECOGNISED);
      assertThat(r.outcome().linesRead()).isEqualTo(f.getValue());
      assertThat(r.outcome().linesQuarantined()).isEqualTo(f.getValue());
    }
  }
}
