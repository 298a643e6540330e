package io.dblens.jobs.locks;

import io.dblens.parsers.Engine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds who blocks whom from the lock waits of one time window.
 *
 * <p>Tree edges go from a waiter to the holders of its lock only. PostgreSQL grants a lock queue in
 * order, so a waiter also waits for conflicting requests queued ahead of it; those are reported in
 * {@link BlockedSession#queuedBehind()} but not made edges, because the earlier waiter is itself blocked
 * by the same holder: the head blocker, the count of blocked sessions and the waits are the same
 * either way, and keeping one kind of edge keeps levels meaning "holder of my lock". Sessions seen only
 * in a wait queue are added as waiting for the holders of that lock, flagged {@code fromWaitQueue}.
 *
 * <p>A session waiting for two head blockers (a shared lock with two holders) belongs to both chains:
 * each head really blocks it. Within a chain each session appears once, under the blocker through which
 * a breadth-first walk from the head reaches it first (blockers visited in session order).
 */
public final class BlockingTree {

  private BlockingTree() {}

  /**
   * The chains of the window, ordered by head session.
   *
   * @param observations  the waits; a session logged several times keeps its longest wait
   * @param statements    statements of sessions that never waited (head blockers), by session; may be empty
   */
  public static List<BlockingChain> build(List<LockWaitObservation> observations, Map<String, String> statements) {
    Map<String, LockWaitObservation> latest = new TreeMap<>(WaitForGraph.SESSION_ORDER);
    for (LockWaitObservation o : observations) {
      latest.merge(o.waitingSession(), o, (a, b) -> b.waitMs() > a.waitMs()
          || (b.waitMs() == a.waitMs() && b.time() != null && a.time() != null && b.time().isAfter(a.time())) ? b : a);
    }
    Map<String, BlockedInfo> waiting = new TreeMap<>(WaitForGraph.SESSION_ORDER);
    Map<String, Set<String>> waitersOf = new TreeMap<>(WaitForGraph.SESSION_ORDER);
    for (LockWaitObservation o : latest.values()) {
      waiting.put(o.waitingSession(), new BlockedInfo(o.waitMs(), o.resource(), o.lockMode(), o.statement(), false,
          queuedBehind(o, latest)));
      for (String h : o.holders()) {
        if (!h.equals(o.waitingSession())) {
          waitersOf.computeIfAbsent(h, k -> new TreeSet<>(WaitForGraph.SESSION_ORDER)).add(o.waitingSession());
        }
      }
    }
    for (LockWaitObservation o : latest.values()) {
      for (String q : o.waitQueue()) {
        if (latest.containsKey(q) || o.holders().contains(q)) {
          continue;
        }
        waiting.putIfAbsent(q, new BlockedInfo(0, o.resource(), null, statements.get(q), true, List.of()));
        for (String h : o.holders()) {
          waitersOf.computeIfAbsent(h, k -> new TreeSet<>(WaitForGraph.SESSION_ORDER)).add(q);
        }
      }
    }
    List<BlockingChain> chains = new ArrayList<>();
    Set<String> reached = new HashSet<>();
    for (String blocker : waitersOf.keySet()) {
      if (!waiting.containsKey(blocker)) {
        chains.add(chain(blocker, false, waitersOf, waiting, statements, reached));
      }
    }
    // What no head reaches waits in a cycle (or behind one): start at its smallest blocker.
    for (String blocker : waitersOf.keySet()) {
      if (!reached.contains(blocker) && waiting.containsKey(blocker)) {
        chains.add(chain(blocker, true, waitersOf, waiting, statements, reached));
      }
    }
    chains.sort(Comparator.comparing(BlockingChain::headSession, WaitForGraph.SESSION_ORDER));
    return List.copyOf(chains);
  }

  private static BlockingChain chain(String head, boolean deadlocked, Map<String, Set<String>> waitersOf,
      Map<String, BlockedInfo> waiting, Map<String, String> statements, Set<String> reached) {
    reached.add(head);
    Map<String, BlockedSession> seen = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(head));
    Map<String, Integer> level = new LinkedHashMap<>(Map.of(head, 0));
    while (!queue.isEmpty()) {
      String blocker = queue.poll();
      for (String w : waitersOf.getOrDefault(blocker, Set.of())) {
        if (level.containsKey(w)) {
          continue;
        }
        level.put(w, level.get(blocker) + 1);
        reached.add(w);
        BlockedInfo i = waiting.get(w);
        seen.put(w, new BlockedSession(w, blocker, level.get(w), i.waitMs, i.resource, i.lockMode,
            i.statement != null ? i.statement : statements.get(w), i.fromWaitQueue, i.queuedBehind));
        queue.add(w);
      }
    }
    List<BlockedSession> blocked = seen.values().stream()
        .sorted(Comparator.comparingInt(BlockedSession::level)
            .thenComparing(BlockedSession::session, WaitForGraph.SESSION_ORDER))
        .toList();
    String headStatement = statements.get(head);
    if (headStatement == null && waiting.containsKey(head)) {
      headStatement = waiting.get(head).statement;
    }
    return new BlockingChain(head, headStatement, deadlocked,
        blocked.stream().mapToInt(BlockedSession::level).max().orElse(0), blocked.size(),
        blocked.stream().mapToDouble(BlockedSession::waitMs).sum(),
        blocked.stream().mapToDouble(BlockedSession::waitMs).max().orElse(0), blocked);
  }

  /** Earlier queued waiters on the same lock whose logged modes conflict with this one's. */
  private static List<String> queuedBehind(LockWaitObservation o, Map<String, LockWaitObservation> latest) {
    int self = o.waitQueue().indexOf(o.waitingSession());
    if (self <= 0 || o.lockMode() == null) {
      return List.of();
    }
    LockModes modes = LockModes.forEngine(Engine.POSTGRESQL);
    List<String> ahead = new ArrayList<>();
    for (String earlier : o.waitQueue().subList(0, self)) {
      LockWaitObservation e = latest.get(earlier);
      if (e != null && e.lockMode() != null && o.resource() != null && o.resource().equals(e.resource())
          && modes.conflicts(o.lockMode(), e.lockMode())) {
        ahead.add(earlier);
      }
    }
    return ahead;
  }

  private record BlockedInfo(double waitMs, String resource, String lockMode, String statement,
      boolean fromWaitQueue, List<String> queuedBehind) {}
}
