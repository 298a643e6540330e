package io.dblens.jobs.locks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.JohnsonSimpleCycles;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * Finds the elementary cycles of a wait-for graph (Johnson's algorithm, which is linear per cycle).
 * A deadlock report has a handful of nodes, but a blocking snapshot of a busy server can hold thousands
 * of sessions whose cycle count grows exponentially, so the search stops after {@code maxCycles} and
 * says so. Output is deterministic: each cycle starts at its smallest node id, cycles are ordered by
 * length then by node ids, and between two nodes joined by several waits the first edge in
 * (resource, modes) order represents the hop.
 */
public final class CycleFinder {

  public static final int DEFAULT_MAX_CYCLES = 1_000;

  private final int maxCycles;

  public CycleFinder() {
    this(DEFAULT_MAX_CYCLES);
  }

  public CycleFinder(int maxCycles) {
    if (maxCycles < 1) {
      throw new IllegalArgumentException("maxCycles must be at least 1; got " + maxCycles);
    }
    this.maxCycles = maxCycles;
  }

  /** The cycles found and whether the search ran to the end. */
  public record Result(List<DeadlockCycle> cycles, boolean complete) {}

  public Result find(WaitForGraph waitFor) {
    Graph<String, WaitEdge> g = waitFor.graph();
    // Plain objects as edges: JohnsonSimpleCycles re-adds edges to its own subgraphs, which JGraphT's
    // intrusive DefaultEdge (it stores its endpoints) rejects once a graph has several components.
    Graph<String, Object> simple = new DefaultDirectedGraph<>(null, Object::new, false);
    g.vertexSet().stream().sorted(WaitForGraph.SESSION_ORDER).forEach(simple::addVertex);
    for (WaitEdge e : waitFor.edges()) {
      simple.addEdge(e.waiter(), e.blocker());
    }
    List<List<String>> found = new ArrayList<>();
    boolean complete = true;
    try {
      new JohnsonSimpleCycles<>(simple).findSimpleCycles(cycle -> {
        if (found.size() >= maxCycles) {
          throw new LimitReached();
        }
        found.add(List.copyOf(cycle));
      });
    } catch (LimitReached stop) {
      complete = false;
    }
    List<DeadlockCycle> cycles = new ArrayList<>();
    for (List<String> nodes : found) {
      List<String> rotated = rotateToSmallest(nodes);
      List<WaitEdge> edges = new ArrayList<>();
      for (int i = 0; i < rotated.size(); i++) {
        String from = rotated.get(i);
        String to = rotated.get((i + 1) % rotated.size());
        edges.add(g.getAllEdges(from, to).stream().min(WaitForGraph.EDGE_ORDER).orElseThrow());
      }
      cycles.add(new DeadlockCycle(edges));
    }
    cycles.sort(Comparator.comparingInt(DeadlockCycle::size).thenComparing(DeadlockCycle::nodeIds, CycleFinder::compareLists));
    return new Result(List.copyOf(cycles), complete);
  }

  private static List<String> rotateToSmallest(List<String> cycle) {
    int start = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (WaitForGraph.SESSION_ORDER.compare(cycle.get(i), cycle.get(start)) < 0) {
        start = i;
      }
    }
    List<String> out = new ArrayList<>(cycle.subList(start, cycle.size()));
    out.addAll(cycle.subList(0, start));
    return out;
  }

  private static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = WaitForGraph.SESSION_ORDER.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Ends the enumeration early; JGraphT offers no other way to stop a consumer-driven search. */
  private static final class LimitReached extends RuntimeException {
    LimitReached() {
      super(null, null, false, false);
    }
  }
}
