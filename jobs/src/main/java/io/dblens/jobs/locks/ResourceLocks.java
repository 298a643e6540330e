package io.dblens.jobs.locks;

import java.util.List;

/**
 * The resource-level view of a deadlock report (SQL Server resource-list, Oracle deadlock graph rows):
 * one resource with the participants owning it and those waiting for it, each with its mode. Ids are
 * node ids (SQL Server process ids such as "process2c8a1f4c8", Oracle session ids).
 */
public record ResourceLocks(LockResource resource, List<SessionMode> owners, List<SessionMode> waiters) {

  public ResourceLocks {
    owners = owners == null ? List.of() : List.copyOf(owners);
    waiters = waiters == null ? List.of() : List.copyOf(waiters);
  }

  /** A node id and a lock mode. */
  public record SessionMode(String id, String mode) {}
}
