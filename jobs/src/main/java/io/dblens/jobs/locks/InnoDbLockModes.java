package io.dblens.jobs.locks;

import io.dblens.jobs.locks.InnoDbLockMode.Base;
import io.dblens.jobs.locks.InnoDbLockMode.Coverage;

/**
 * InnoDB compatibility: the table-level IS/IX/S/X/AUTO-INC matrix, then, for record locks whose base
 * modes clash, the gap rules of lock_rec_has_to_wait: a plain gap request never waits (gaps are only
 * there to stop inserts), a record request ignores gap-only locks, a gap request ignores record-only
 * locks, and nobody waits for an insert intention. So an insert intention is what waits on a gap held
 * by a next-key or gap lock, the usual shape of REPEATABLE READ insert deadlocks.
 */
final class InnoDbLockModes implements LockModes {

  /** CONFLICTS[requested] bit held, in the order of {@link Base}: IS, IX, S, X, AUTO_INC. */
  private static final int[] CONFLICTS = {
      0b01000, // IS: X
      0b01100, // IX: S, X
      0b11010, // S: IX, X, AUTO_INC
      0b11111, // X: everything
      0b11100}; // AUTO_INC: S, X, AUTO_INC

  @Override
  public boolean conflicts(String requested, String held) {
    InnoDbLockMode r = InnoDbLockMode.parse(requested, true);
    InnoDbLockMode h = InnoDbLockMode.parse(held, true);
    if (r == null || h == null) {
      return true;
    }
    return conflicts(r, h);
  }

  static boolean conflicts(InnoDbLockMode r, InnoDbLockMode h) {
    if ((CONFLICTS[r.base().ordinal()] & (1 << h.base().ordinal())) == 0) {
      return false;
    }
    if (r.coverage() == Coverage.TABLE || h.coverage() == Coverage.TABLE) {
      return true;
    }
    boolean requestIsGapOnly = r.coverage() == Coverage.GAP;
    boolean requestIsInsert = r.coverage() == Coverage.INSERT_INTENTION;
    if (requestIsGapOnly) {
      return false;
    }
    if (!requestIsInsert && h.coverage() == Coverage.GAP) {
      return false;
    }
    if (requestIsInsert && h.coverage() == Coverage.REC_NOT_GAP) {
      return false;
    }
    return h.coverage() != Coverage.INSERT_INTENTION;
  }

  @Override
  public String canonical(String mode) {
    InnoDbLockMode m = InnoDbLockMode.parse(mode, true);
    return m == null ? (mode == null ? "" : mode.strip()) : m.canonical();
  }

  @Override
  public boolean isShared(String mode) {
    InnoDbLockMode m = InnoDbLockMode.parse(mode, true);
    return m != null && (m.base() == Base.S || m.base() == Base.IS);
  }
}
