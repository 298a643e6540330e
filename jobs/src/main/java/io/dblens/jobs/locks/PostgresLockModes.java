package io.dblens.jobs.locks;

import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's two lock families: the eight table-level modes (also used for transaction ids, tuples
 * and advisory locks) and the four row-level modes that SELECT ... FOR and UPDATE/DELETE take. The
 * conflict sets are the documented matrices ("Explicit Locking"). A table-level mode against a
 * row-level one never meets in one lock table, so such a pair is treated as unknown (conflicting).
 */
final class PostgresLockModes implements LockModes {

  private static final List<String> TABLE = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
      "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
  /** TABLE_CONFLICTS[i] has bit j set when mode i conflicts with mode j. */
  private static final int[] TABLE_CONFLICTS = {
      0b10000000, // AccessShare: only AccessExclusive
      0b11000000, // RowShare: Exclusive, AccessExclusive
      0b11110000, // RowExclusive: Share and stronger
      0b11111000, // ShareUpdateExclusive: itself and stronger
      0b11101100, // Share: RowExclusive, ShareUpdateExclusive, ShareRowExclusive and stronger
      0b11111100, // ShareRowExclusive: RowExclusive and stronger
      0b11111110, // Exclusive: everything but AccessShare
      0b11111111}; // AccessExclusive: everything

  private static final List<String> ROW = List.of("FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR UPDATE");
  private static final int[] ROW_CONFLICTS = {
      0b1000, // KEY SHARE: UPDATE
      0b1100, // SHARE: NO KEY UPDATE, UPDATE
      0b1110, // NO KEY UPDATE: SHARE, NO KEY UPDATE, UPDATE
      0b1111}; // UPDATE: everything

  @Override
  public boolean conflicts(String requested, String held) {
    int r = tableIndex(requested);
    int h = tableIndex(held);
    if (r >= 0 && h >= 0) {
      return (TABLE_CONFLICTS[r] & (1 << h)) != 0;
    }
    r = rowIndex(requested);
    h = rowIndex(held);
    if (r >= 0 && h >= 0) {
      return (ROW_CONFLICTS[r] & (1 << h)) != 0;
    }
    return true;
  }

  @Override
  public String canonical(String mode) {
    int t = tableIndex(mode);
    if (t >= 0) {
      return TABLE.get(t);
    }
    int r = rowIndex(mode);
    return r >= 0 ? ROW.get(r) : mode == null ? "" : mode.strip();
  }

  @Override
  public boolean isShared(String mode) {
    int t = tableIndex(mode);
    int r = rowIndex(mode);
    return (t >= 0 && t <= 1) || t == 4 || r == 0 || r == 1;
  }

  /** Accepts "ShareLock", "SHARE", "share lock" and "ACCESS EXCLUSIVE". */
  static int tableIndex(String mode) {
    if (mode == null) {
      return -1;
    }
    String m = mode.replaceAll("[\\s_]", "").toLowerCase(Locale.ROOT);
    if (!m.endsWith("lock")) {
      m = m + "lock";
    }
    for (int i = 0; i < TABLE.size(); i++) {
      if (TABLE.get(i).toLowerCase(Locale.ROOT).equals(m)) {
        return i;
      }
    }
    return -1;
  }

  /** Accepts "FOR KEY SHARE", "KeyShare", "ForNoKeyUpdate" (pg_locks / pgrowlocks spellings). */
  static int rowIndex(String mode) {
    if (mode == null) {
      return -1;
    }
    String m = mode.replaceAll("[\\s_]", "").toLowerCase(Locale.ROOT);
    m = m.startsWith("for") ? m.substring(3) : m;
    return switch (m) {
      case "keyshare" -> 0;
      case "share" -> mode.toLowerCase(Locale.ROOT).contains("for") ? 1 : -1;
      case "nokeyupdate" -> 2;
      case "update" -> 3;
      default -> -1;
    };
  }
}
