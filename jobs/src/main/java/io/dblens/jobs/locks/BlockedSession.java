package io.dblens.jobs.locks;

import java.util.List;

/**
 * A session in a blocking chain.
 *
 * @param session        the blocked session
 * @param blockedBy      its parent in the tree: the blocker through which the head reaches it first
 * @param level          1 for sessions the head blocks directly, 2 for those waiting on them, ...
 * @param waitMs         its wait; 0 when only seen in another session's wait queue
 * @param resource       the lock it waits for
 * @param lockMode       the mode it asks for; null when only seen in a wait queue
 * @param statement      its statement, where known
 * @param fromWaitQueue  true when the session was only seen in a wait queue, never logged waiting
 * @param queuedBehind   waiters ahead of it in the queue of the same lock whose requests conflict with
 *                       its own: they will be granted first (information only, not tree edges)
 */
public record BlockedSession(String session, String blockedBy, int level, double waitMs, String resource,
    String lockMode, String statement, boolean fromWaitQueue, List<String> queuedBehind) {

  public BlockedSession {
    queuedBehind = queuedBehind == null ? List.of() : List.copyOf(queuedBehind);
  }
}
