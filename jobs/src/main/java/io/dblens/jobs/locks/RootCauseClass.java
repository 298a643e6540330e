package io.dblens.jobs.locks;

import java.util.Locale;

/** Why a deadlock happened, one class per deadlock; {@link #id()} is what tables store. */
public enum RootCauseClass {
  LOCK_ORDER_INVERSION,
  UNINDEXED_FOREIGN_KEY,
  GAP_LOCK_REPEATABLE_READ,
  LOCK_ESCALATION_OR_PAGE_LOCK,
  SERIALIZABLE_READ_THEN_UPDATE,
  PARALLEL_QUERY_SELF_DEADLOCK,
  ITL_OR_UNIQUE_KEY_CONTENTION,
  UNKNOWN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
