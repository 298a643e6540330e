package io.dblens.parsers;

import java.util.Map;

/**
 * One session/transaction in a deadlock, engine-neutral. Fields an engine does not report are null.
 *
 * @param session      pid, thread id, spid or session id of the participant
 * @param transaction  transaction id where reported
 * @param user         login / user name
 * @param host         client host
 * @param database     database (schema for MySQL)
 * @param tableName    table involved in the lock this participant waits for (or holds)
 * @param indexName    index involved, where reported
 * @param lockType     relation, transactionid, tuple, RECORD, TABLE, keylock, pagelock, TX, TM ...
 * @param waitMode     lock mode requested and waited for
 * @param heldMode     lock mode held on the resource others wait for, where reported
 * @param resource     the resource waited for, as written
 * @param waitsFor     the session this participant waits for, where the engine names it
 * @param statement    the statement the participant was running
 * @param victim       whether the engine chose it as victim
 * @param attributes   engine-specific extras (isolation level, wait time, client app, frames ...)
 */
public record DeadlockParticipant(
    String session,
    String transaction,
    String user,
    String host,
    String database,
    String tableName,
    String indexName,
    String lockType,
    String waitMode,
    String heldMode,
    String resource,
    String waitsFor,
    String statement,
    boolean victim,
    Map<String, String> attributes) {

  public DeadlockParticipant {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
