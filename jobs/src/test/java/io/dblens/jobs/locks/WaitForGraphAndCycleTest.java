package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitForGraphAndCycleTest {

  private final CycleFinder finder = new CycleFinder();

  @Test
  void postgresTwoPartyCycleStartsAtTheSmallestSession() {
    WaitForGraph g = Scenarios.pgTwoAccounts("22015", "22007", "88123", "88130", 7, 9);
    CycleFinder.Result r = finder.find(g);
    assertThat(r.complete()).isTrue();
    assertThat(r.cycles()).hasSize(1);
    DeadlockCycle c = r.cycles().get(0);
    assertThat(c.nodeIds()).containsExactly("22007", "22015");
    assertThat(c.resources()).extracting(LockResource::id).containsExactly("transaction 88130", "transaction 88123");
    assertThat(c.edges()).extracting(WaitEdge::requestedMode, WaitEdge::heldMode)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("ShareLock", "ExclusiveLock"));
    assertThat(g.node("22015").victim()).isTrue();
  }

  @Test
  void oracleThreePartyRingFromResourceRows() {
    DeadlockCycle c = single(Scenarios.oracleRing("X"));
    assertThat(c.nodeIds()).containsExactly("130", "140", "150");
    assertThat(c.edges()).extracting(WaitEdge::waiter, WaitEdge::blocker, e -> e.resource().id()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("130", "140", "TX-00090001-00000a01"),
        org.assertj.core.groups.Tuple.tuple("140", "150", "TX-00090002-00000a02"),
        org.assertj.core.groups.Tuple.tuple("150", "130", "TX-00090003-00000a03"));
  }

  @Test
  void sqlServerEdgesComeFromOwnerAndWaiterLists() {
    WaitForGraph g = Scenarios.all().stream().filter(s -> s.name().equals("sql server two tables in opposite order"))
        .findFirst().orElseThrow().graph();
    assertThat(g.nodes()).extracting(DeadlockNode::id, DeadlockNode::session)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("process1", "51"),
            org.assertj.core.groups.Tuple.tuple("process2", "52"));
    DeadlockCycle c = single(g);
    assertThat(c.edges()).extracting(e -> e.waiter() + "->" + e.blocker() + " " + e.resource().table() + " "
        + e.requestedMode() + "/" + e.heldMode())
        .containsExactly("process1->process2 dbo.Stock U/X", "process2->process1 dbo.Orders U/X");
  }

  /**
   * The resource-list of "sql server two tables in opposite order" carried by deadlock_events rows alone:
   * one row per (process, resource) with the process id attribute, statement and victim on one row each.
   */
  @Test
  void sqlServerParticipantRowsAloneGiveTheResourceListGraph() {
    List<DeadlockParticipant> rows = List.of(
        mssqlRow("process1", "51", "KEY: 7:72057594043105280 (8194443284a0)", "dbo.Orders", "PK_Orders", null, "X",
            null, "UPDATE dbo.Stock SET qty = qty - 1 WHERE sku = @p", true),
        mssqlRow("process1", "51", "KEY: 7:72057594043170816 (61a06abd401c)", "dbo.Stock", "PK_Stock", "U", null,
            "process2", null, false),
        mssqlRow("process2", "52", "KEY: 7:72057594043170816 (61a06abd401c)", "dbo.Stock", "PK_Stock", null, "X",
            null, "UPDATE dbo.Orders SET total = @t WHERE id = @id", false),
        mssqlRow("process2", "52", "KEY: 7:72057594043105280 (8194443284a0)", "dbo.Orders", "PK_Orders", "U", null,
            null, null, false));
    WaitForGraph fromRows = WaitForGraph.fromParticipants(Engine.SQLSERVER, rows);
    WaitForGraph fromResourceList = Scenarios.all().stream()
        .filter(s -> s.name().equals("sql server two tables in opposite order")).findFirst().orElseThrow().graph();
    assertThat(fromRows.edges()).extracting(e -> e.waiter() + "->" + e.blocker() + " " + e.resource().id() + " "
        + e.resource().table() + " " + e.resource().lockType() + " " + e.requestedMode() + "/" + e.heldMode())
        .containsExactlyElementsOf(fromResourceList.edges().stream().map(e -> e.waiter() + "->" + e.blocker() + " "
            + e.resource().id() + " " + e.resource().table() + " " + e.resource().lockType() + " " + e.requestedMode()
            + "/" + e.heldMode()).toList());
    assertThat(fromRows.nodes()).extracting(DeadlockNode::id, DeadlockNode::session, DeadlockNode::victim,
        DeadlockNode::statement).containsExactly(
            org.assertj.core.groups.Tuple.tuple("process1", "51", true, "UPDATE dbo.Stock SET qty = qty - 1 WHERE sku = @p"),
            org.assertj.core.groups.Tuple.tuple("process2", "52", false, "UPDATE dbo.Orders SET total = @t WHERE id = @id"));
    assertThat(single(fromRows).nodeIds()).containsExactly("process1", "process2");
    DeadlockAnalysis a = DeadlockAnalysis.of(Engine.SQLSERVER, rows, java.util.Map.of(), List.of());
    assertThat(a.rootCause().cause()).isEqualTo(RootCauseClass.LOCK_ORDER_INVERSION);
  }

  /** The least a SQL Server row can carry: one row per process naming the process it waits for. */
  @Test
  void sqlServerRowsWithOnlyWaitsForStillCloseTheCycle() {
    List<DeadlockParticipant> rows = List.of(
        mssqlRow("process7", "70", "RID: 5:1:312:0", "dbo.T", null, "U", null, "process8", "UPDATE dbo.T SET a = 1", true),
        mssqlRow("process8", "80", "RID: 5:1:312:1", "dbo.T", null, "U", null, "process7", "UPDATE dbo.T SET a = 2", false));
    DeadlockCycle c = single(WaitForGraph.fromParticipants(Engine.SQLSERVER, rows));
    assertThat(c.edges()).extracting(e -> e.waiter() + "->" + e.blocker() + " " + e.resource().lockType())
        .containsExactly("process7->process8 ridlock", "process8->process7 ridlock");
  }

  @Test
  void anOpenPathOfWaitsIsClosedOnAnUnreportedResource() {
    LockResource r = LockResource.of("transaction 5", "transactionid");
    WaitForGraph path = WaitForGraph.builder(Engine.POSTGRESQL).waitsFor("1", "2", r, "ShareLock", null)
        .waitsFor("2", "3", r, "ShareLock", null).build();
    WaitForGraph closed = path.closingOpenPath();
    assertThat(single(closed).edges()).extracting(e -> e.waiter() + "->" + e.blocker() + " " + e.resource().id())
        .containsExactly("1->2 transaction 5", "2->3 transaction 5", "3->1 " + WaitForGraph.NOT_REPORTED);
    WaitForGraph fork = WaitForGraph.builder(Engine.POSTGRESQL).waitsFor("1", "2", r, "ShareLock", null)
        .waitsFor("1", "3", r, "ShareLock", null).build();
    assertThat(fork.closingOpenPath()).isNull();
    assertThat(WaitForGraph.builder(Engine.POSTGRESQL).build().closingOpenPath()).isNull();
    assertThat(closed.closingOpenPath()).isNull();
  }

  private static DeadlockParticipant mssqlRow(String process, String spid, String resource, String table, String index,
      String waitMode, String heldMode, String waitsFor, String statement, boolean victim) {
    return new DeadlockParticipant(spid, null, "app", "web01", "shop", table, index, null, waitMode, heldMode, resource,
        waitsFor, statement, victim, java.util.Map.of(WaitForGraph.MSSQL_PROCESS_ID, process));
  }

  @Test
  void innoDbEdgesAreDerivedFromConflictingModesOnTheSameIndex() {
    WaitForGraph g = Scenarios.all().stream().filter(s -> s.name().startsWith("innodb two range locks"))
        .findFirst().orElseThrow().graph();
    DeadlockCycle c = single(g);
    assertThat(c.nodeIds()).containsExactly("31", "32");
    assertThat(c.resources()).extracting(LockResource::shape).containsOnly("record:shop.slots/idx_day");
    assertThat(c.edges().get(0).heldMode()).isEqualTo("lock_mode X locks gap before rec");
  }

  @Test
  void innoDbTwoPartyReportWithoutHeldLocksIsStillACycle() {
    WaitForGraph g = Scenarios.all().stream().filter(s -> s.name().startsWith("innodb old report"))
        .findFirst().orElseThrow().graph();
    DeadlockCycle c = single(g);
    assertThat(c.edges()).extracting(WaitEdge::waiter, WaitEdge::heldMode).containsExactly(
        org.assertj.core.groups.Tuple.tuple("51", "lock_mode X"), org.assertj.core.groups.Tuple.tuple("52", null));
  }

  @Test
  void compatibleHoldersAreNotBlockers() {
    LockResource r = LockResource.of("relation 1 of database 2", "relation");
    WaitForGraph g = WaitForGraph.builder(Engine.POSTGRESQL)
        .holds("1", r, "AccessShareLock").holds("2", r, "RowExclusiveLock")
        .waits("3", r, "ShareLock").build();
    assertThat(g.edges()).extracting(e -> e.waiter() + "->" + e.blocker()).containsExactly("3->2");
    assertThat(finder.find(g).cycles()).isEmpty();
  }

  @Test
  void aReportedWaiterNoModeExplainsWaitsForAllOtherHolders() {
    LockResource r = LockResource.of("relation 1 of database 2", "relation");
    WaitForGraph g = WaitForGraph.builder(Engine.POSTGRESQL)
        .holds("1", r, "AccessShareLock").holds("2", r, "RowExclusiveLock").waits("4", r, "RowShareLock").build();
    assertThat(g.edges()).extracting(e -> e.waiter() + "->" + e.blocker()).containsExactly("4->1", "4->2");
  }

  @Test
  void numericSessionsOrderByValue() {
    WaitForGraph g = Scenarios.pg(new String[][] {
        {"10", "ShareLock", "transaction 1", "9", "UPDATE t SET a = 1"},
        {"9", "ShareLock", "transaction 2", "100", "UPDATE t SET a = 2"},
        {"100", "ShareLock", "transaction 3", "10", "UPDATE t SET a = 3"}});
    assertThat(single(g).nodeIds()).containsExactly("9", "100", "10");
    assertThat(g.nodes()).extracting(DeadlockNode::id).containsExactly("9", "10", "100");
  }

  @Test
  void severalCyclesAreOrderedByLengthThenNodes() {
    LockResource r = LockResource.of("x", "relation");
    WaitForGraph g = WaitForGraph.builder(Engine.POSTGRESQL)
        .waitsFor("c", "a", r, "X", null).waitsFor("a", "b", r, "X", null).waitsFor("b", "c", r, "X", null)
        .waitsFor("b", "a", r, "X", null).waitsFor("d", "d", r, "X", null).build();
    assertThat(finder.find(g).cycles()).extracting(DeadlockCycle::nodeIds)
        .containsExactly(List.of("d"), List.of("a", "b"), List.of("a", "b", "c"));
  }

  @Test
  void waitsOnTwoResourcesBetweenTheSameNodesGiveOneHopWithTheFirstResource() {
    WaitForGraph g = WaitForGraph.builder(Engine.SQLSERVER)
        .waitsFor("p1", "p2", LockResource.of("KEY: 1 (b)", "keylock"), "X", "S")
        .waitsFor("p1", "p2", LockResource.of("KEY: 1 (a)", "keylock"), "X", "S")
        .waitsFor("p2", "p1", LockResource.of("KEY: 1 (c)", "keylock"), "X", "S").build();
    assertThat(g.edges()).hasSize(3);
    assertThat(single(g).resources()).extracting(LockResource::id).containsExactly("KEY: 1 (a)", "KEY: 1 (c)");
  }

  @Test
  void searchStopsAtTheCycleBound() {
    WaitForGraph.Builder b = WaitForGraph.builder(Engine.POSTGRESQL);
    LockResource r = LockResource.of("x", "relation");
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        if (i != j) {
          b.waitsFor(String.valueOf(i), String.valueOf(j), r, "ExclusiveLock", null);
        }
      }
    }
    CycleFinder.Result r10 = new CycleFinder(10).find(b.build());
    assertThat(r10.complete()).isFalse();
    assertThat(r10.cycles()).hasSize(10);
    assertThat(r10.cycles()).allSatisfy(c -> assertThat(c.nodeIds().get(0)).isEqualTo("0"));
  }

  private DeadlockCycle single(WaitForGraph g) {
    List<DeadlockCycle> cycles = finder.find(g).cycles();
    assertThat(cycles).hasSize(1);
    return cycles.get(0);
  }
}
