package io.dblens.jobs.locks;

import java.util.List;

/**
 * One head blocker and everything waiting on it, directly or transitively.
 *
 * @param headSession      the session at the root: it blocks others and waits for nobody
 * @param headStatement    its statement, where known
 * @param deadlocked       true when every session here also waits (a cycle in progress); the head is
 *                         then the smallest session id of the cycle
 * @param depth            the deepest level
 * @param blockedSessions  how many sessions it blocks, transitively
 * @param totalWaitMs      sum of their waits
 * @param maxWaitMs        the longest of their waits
 * @param blocked          the blocked sessions, by level then session id
 */
public record BlockingChain(String headSession, String headStatement, boolean deadlocked, int depth,
    int blockedSessions, double totalWaitMs, double maxWaitMs, List<BlockedSession> blocked) {

  public BlockingChain {
    blocked = List.copyOf(blocked);
  }
}
