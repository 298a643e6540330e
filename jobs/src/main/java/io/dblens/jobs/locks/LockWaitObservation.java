package io.dblens.jobs.locks;

import java.time.Instant;
import java.util.List;

/**
 * One lock wait as logged (PostgreSQL "process 123 still waiting for ShareLock on transaction 456 after
 * 1000.1 ms", DETAIL "Process holding the lock: 789. Wait queue: 123, 555.") or sampled from a blocking
 * view.
 *
 * @param time            when it was observed
 * @param waitingSession  the session waiting
 * @param resource        the lock waited for, as written
 * @param lockMode        the mode requested
 * @param holders         sessions holding the lock: the direct blockers
 * @param waitQueue       sessions queued on the lock, in queue order (may include the waiter itself)
 * @param waitMs          how long it had waited
 * @param statement       the waiting session's statement
 */
public record LockWaitObservation(Instant time, String waitingSession, String resource, String lockMode,
    List<String> holders, List<String> waitQueue, double waitMs, String statement) {

  public LockWaitObservation {
    holders = holders == null ? List.of() : List.copyOf(holders);
    waitQueue = waitQueue == null ? List.of() : List.copyOf(waitQueue);
  }
}
