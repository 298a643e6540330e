package io.dblens.jobs.locks;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Converts between table rows and the pure lock classes: a {@code deadlock_events} row into participants
 * and its {@link DeadlockAnalysis} into a {@code deadlock_cycles} row, and a {@code deadlock_cycles} row
 * back into the graph and cycles it describes (for the graph export), so the export shows exactly what
 * the table holds.
 */
final class DeadlockRows {

  private DeadlockRows() {}

  /** What query_fingerprints says of a statement shape. */
  record Catalogued(String statementType, List<String> tables) implements Serializable {
    private static final long serialVersionUID = 1L;

    Catalogued {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /** One participant row with the fingerprint ingest gave its statement. */
  record Participant(DeadlockParticipant participant, String fingerprintId) {}

  static List<Participant> participants(Row deadlock) {
    int i = deadlock.fieldIndex("participants");
    if (deadlock.isNullAt(i)) {
      return List.of();
    }
    List<Participant> out = new ArrayList<>();
    for (Row p : deadlock.<Row>getList(i)) {
      Boolean victim = p.getAs("victim");
      int a = p.fieldIndex("attributes");
      Map<String, String> attributes = p.isNullAt(a) ? Map.of() : p.getJavaMap(a);
      out.add(new Participant(new DeadlockParticipant(p.getAs("session"), p.getAs("transaction"),
          p.getAs("user_name"), p.getAs("host"), p.getAs("database_name"), p.getAs("table_name"),
          p.getAs("index_name"), p.getAs("lock_type"), p.getAs("wait_mode"), p.getAs("held_mode"),
          p.getAs("resource"), p.getAs("waits_for"), p.getAs("statement"), Boolean.TRUE.equals(victim), attributes),
          p.getAs("fingerprint_id")));
    }
    return out;
  }

  /** Each node's statement: the catalogue's type and tables for its fingerprint, completed from its text. */
  static Map<String, StatementInfo> statements(List<Participant> participants, Map<String, Catalogued> catalogue) {
    Map<String, StatementInfo> out = new LinkedHashMap<>();
    for (Participant p : participants) {
      String id = WaitForGraph.nodeId(p.participant());
      if (id == null || out.containsKey(id) || p.participant().statement() == null) {
        continue;
      }
      Catalogued c = p.fingerprintId() == null ? null : catalogue.get(p.fingerprintId());
      out.put(id, StatementInfo.of(p.fingerprintId(), c == null ? null : c.statementType(),
          c == null ? null : c.tables(), p.participant().statement()));
    }
    return out;
  }

  /**
   * The {@code deadlock_cycles} row of one {@code deadlock_events} row. A report the analysis cannot
   * handle still gets its row, with root cause {@code unknown} and the failure as evidence.
   */
  static Row cycleRow(Row deadlock, Map<String, Catalogued> catalogue) {
    Engine engine = Engine.parse(deadlock.getAs("engine"));
    List<Participant> participants = participants(deadlock).stream()
        .filter(p -> WaitForGraph.nodeId(p.participant()) != null).toList();
    Map<String, StatementInfo> statements = statements(participants, catalogue);
    DeadlockAnalysis a;
    try {
      a = DeadlockAnalysis.of(engine, participants.stream().map(Participant::participant).toList(), statements,
          List.of());
    } catch (RuntimeException e) {
      a = DeadlockAnalysis.failed(engine, e);
    }
    Set<WaitEdge> onCycle = a.cycleEdges();
    List<Row> nodes = new ArrayList<>();
    for (DeadlockNode n : a.graph().nodes()) {
      DeadlockParticipant p = firstOf(participants, n.id());
      StatementInfo s = statements.get(n.id());
      nodes.add(RowFactory.create(n.id(), n.session(), n.transaction(), p == null ? null : p.user(), n.statement(),
          s == null ? null : s.fingerprintId(), s == null ? null : s.statementType(),
          s == null ? null : seq(s.tables()), p == null ? null : p.tableName(), p == null ? null : p.indexName(),
          n.victim(), n.attributes().isEmpty() ? null : CollectionConverters.asScala(n.attributes())));
    }
    List<Row> edges = new ArrayList<>();
    for (WaitEdge e : a.graph().edges()) {
      LockResource r = e.resource();
      edges.add(RowFactory.create(e.waiter(), e.blocker(), r.id(), r.lockType(), r.database(), r.table(), r.index(),
          e.requestedMode(), e.heldMode(), onCycle.contains(e)));
    }
    List<Row> cycles = new ArrayList<>();
    for (DeadlockCycle c : a.cycles()) {
      cycles.add(RowFactory.create(seq(c.nodeIds()), seq(c.resources().stream().map(LockResource::id).toList())));
    }
    RootCause cause = a.rootCause();
    DeadlockSignature signature = a.signature();
    return RowFactory.create(deadlock.getAs("deadlock_id"), deadlock.getAs("instance"), engine.id(),
        deadlock.getAs("event_time"), deadlock.getAs("database_name"), deadlock.getAs("victim_session"),
        a.graph().nodes().size(), seq(nodes), seq(edges), seq(cycles), a.cycles().size(), a.searchComplete(),
        a.cycleInferred(), seq(List.copyOf(a.tables(statements))), seq(List.copyOf(a.indexes())),
        cause.cause().id(), cause.evidence(), CollectionConverters.asScala(cause.facts()),
        signature == null ? null : signature.hash(), signature == null ? null : signature.readable());
  }

  /** The participant row a node came from (the first, when a process has several). */
  private static DeadlockParticipant firstOf(List<Participant> participants, String nodeId) {
    for (Participant p : participants) {
      if (nodeId.equals(WaitForGraph.nodeId(p.participant()))) {
        return p.participant();
      }
    }
    return null;
  }

  /** A deadlock as stored in {@code deadlock_cycles}: its graph and cycles, rebuilt. */
  record StoredDeadlock(String deadlockId, String instance, Timestamp eventTime, String signature,
      WaitForGraph graph, List<DeadlockCycle> cycles) {}

  static StoredDeadlock stored(Row row) {
    WaitForGraph.Builder b = WaitForGraph.builder(Engine.parse(row.getAs("engine")));
    for (Row n : row.<Row>getList(row.fieldIndex("nodes"))) {
      int a = n.fieldIndex("attributes");
      b.node(new DeadlockNode(n.getAs("node_id"), n.getAs("session"), n.getAs("transaction"), n.getAs("statement"),
          Boolean.TRUE.equals(n.getAs("victim")), n.isNullAt(a) ? Map.of() : n.getJavaMap(a)));
    }
    for (Row e : row.<Row>getList(row.fieldIndex("edges"))) {
      b.waitsFor(e.getAs("waiter"), e.getAs("blocker"), new LockResource(e.getAs("resource"), e.getAs("lock_type"),
          e.getAs("database_name"), e.getAs("table_name"), e.getAs("index_name")), e.getAs("requested_mode"),
          e.getAs("held_mode"));
    }
    WaitForGraph graph = b.build();
    List<DeadlockCycle> cycles = new ArrayList<>();
    for (Row c : row.<Row>getList(row.fieldIndex("cycles"))) {
      List<String> nodes = c.getList(c.fieldIndex("nodes"));
      List<String> resources = c.getList(c.fieldIndex("resources"));
      List<WaitEdge> edges = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        String waiter = nodes.get(i);
        String blocker = nodes.get((i + 1) % nodes.size());
        String resource = resources.get(i);
        graph.graph().getAllEdges(waiter, blocker).stream().filter(e -> e.resource().id().equals(resource))
            .min(WaitForGraph.EDGE_ORDER).ifPresent(edges::add);
      }
      cycles.add(new DeadlockCycle(edges));
    }
    return new StoredDeadlock(row.getAs("deadlock_id"), row.getAs("instance"), row.getAs("event_time"),
        row.getAs("signature"), graph, cycles);
  }

  /** A Java list as the Scala sequence Spark rows hold for arrays. */
  static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }
}
