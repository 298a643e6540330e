package io.dblens.jobs.locks;

import java.util.List;

/**
 * One cycle of waits, starting at its smallest node id: edges.get(0).waiter() is that node and each
 * edge's blocker is the next edge's waiter, the last blocker being the first waiter again.
 */
public record DeadlockCycle(List<WaitEdge> edges) {

  public DeadlockCycle {
    edges = List.copyOf(edges);
  }

  /** The participants in cycle order. */
  public List<String> nodeIds() {
    return edges.stream().map(WaitEdge::waiter).toList();
  }

  /** The resource of each wait, in cycle order. */
  public List<LockResource> resources() {
    return edges.stream().map(WaitEdge::resource).toList();
  }

  public int size() {
    return edges.size();
  }
}
