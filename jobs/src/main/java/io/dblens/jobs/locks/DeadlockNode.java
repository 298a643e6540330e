package io.dblens.jobs.locks;

import java.util.Map;

/**
 * One participant of a deadlock as a graph node.
 *
 * @param id          node id, unique within the deadlock: the session, or the SQL Server process id
 *                    (several processes of one parallel query share a spid)
 * @param session     pid, thread id, spid or session id
 * @param transaction transaction id where reported
 * @param statement   the statement it was running
 * @param victim      whether the engine chose it as victim
 * @param attributes  engine extras (isolation level ...)
 */
public record DeadlockNode(String id, String session, String transaction, String statement, boolean victim,
    Map<String, String> attributes) {

  public DeadlockNode {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A node with only an id, for graphs built by hand. */
  public static DeadlockNode of(String id) {
    return new DeadlockNode(id, id, null, null, false, Map.of());
  }
}
