package io.dblens.jobs.locks;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What dblens says about one deadlock, computed from its participants alone: the wait-for graph, its
 * cycles, the root cause with its evidence and the signature that groups recurrences.
 *
 * @param graph          the wait-for graph, with the closing edge when {@code cycleInferred}
 * @param cycles         the elementary cycles, in {@link CycleFinder}'s order
 * @param searchComplete false when the cycle search stopped at its bound
 * @param cycleInferred  the report showed an open path of waits, closed on an unreported resource
 *                       ({@link WaitForGraph#closingOpenPath()})
 * @param rootCause      the class and its evidence
 * @param signature      groups recurring deadlocks; null for a report without participants
 */
public record DeadlockAnalysis(WaitForGraph graph, List<DeadlockCycle> cycles, boolean searchComplete,
    boolean cycleInferred, RootCause rootCause, DeadlockSignature signature) {

  private static final CycleFinder FINDER = new CycleFinder();
  private static final RootCauseClassifier CLASSIFIER = new RootCauseClassifier();

  public DeadlockAnalysis {
    cycles = List.copyOf(cycles);
  }

  /**
   * @param statements   what is known of each node's statement, by node id ({@link WaitForGraph#nodeId});
   *                     nodes without an entry are guessed from their statement text
   * @param foreignKeys  catalogue foreign keys, possibly empty
   */
  public static DeadlockAnalysis of(Engine engine, List<DeadlockParticipant> participants,
      Map<String, StatementInfo> statements, List<ForeignKey> foreignKeys) {
    WaitForGraph graph = WaitForGraph.fromParticipants(engine, participants);
    CycleFinder.Result found = FINDER.find(graph);
    boolean inferred = false;
    if (found.cycles().isEmpty()) {
      WaitForGraph closed = graph.closingOpenPath();
      if (closed != null) {
        graph = closed;
        found = FINDER.find(closed);
        inferred = true;
      }
    }
    RootCause cause = CLASSIFIER.classify(graph, found.cycles(), statements, foreignKeys);
    DeadlockSignature signature = graph.nodes().isEmpty() ? null
        : DeadlockSignature.of(graph, found.cycles(), statements);
    return new DeadlockAnalysis(graph, found.cycles(), found.complete(), inferred, cause, signature);
  }

  /** For a report the analysis failed on: no graph, root cause unknown, the failure as evidence. */
  static DeadlockAnalysis failed(Engine engine, RuntimeException e) {
    return new DeadlockAnalysis(WaitForGraph.builder(engine).build(), List.of(), false, false,
        new RootCause(RootCauseClass.UNKNOWN, "The report could not be analysed: " + e, Map.of()), null);
  }

  /** The edges on at least one cycle. */
  public Set<WaitEdge> cycleEdges() {
    Set<WaitEdge> edges = new LinkedHashSet<>();
    cycles.forEach(c -> edges.addAll(c.edges()));
    return edges;
  }

  /** Tables of the waited resources and of the participants' statements, bare names ({@code orders}), sorted. */
  public Set<String> tables(Map<String, StatementInfo> statements) {
    Set<String> tables = new TreeSet<>();
    graph.edges().forEach(e -> {
      if (e.resource().table() != null) {
        tables.add(StatementInfo.bareName(e.resource().table()));
      }
    });
    graph.nodes().forEach(n -> {
      StatementInfo s = statements.get(n.id());
      (s != null ? s : StatementInfo.guess(n.statement())).tables().forEach(tables::add);
    });
    return tables;
  }

  /** Indexes of the waited resources, sorted. */
  public Set<String> indexes() {
    Set<String> indexes = new TreeSet<>();
    graph.edges().forEach(e -> {
      if (e.resource().index() != null) {
        indexes.add(e.resource().index());
      }
    });
    return indexes;
  }
}
