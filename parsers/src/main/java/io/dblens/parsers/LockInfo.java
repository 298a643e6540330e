package io.dblens.parsers;

import java.util.List;

/**
 * A lock wait or acquisition as the engine reported it.
 *
 * @param lockType   what is locked: relation, transactionid, tuple, object, advisory, key, page ...
 * @param lockMode   the mode asked for (ShareLock, X, LCK_M_U ...)
 * @param object     the locked object as written (relation name, "transaction 123", "tuple (1,2) of relation 3")
 * @param waitMs     how long the session had waited when the line was written
 * @param holders    sessions holding the lock (pids or engine session ids), in the order given
 * @param waitQueue  sessions queued on the lock, in the order given
 */
public record LockInfo(
    String lockType,
    String lockMode,
    String object,
    Double waitMs,
    List<String> holders,
    List<String> waitQueue) {

  public LockInfo {
    holders = holders == null ? List.of() : List.copyOf(holders);
    waitQueue = waitQueue == null ? List.of() : List.copyOf(waitQueue);
  }
}
