package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.Engine;
import org.junit.jupiter.api.Test;

class LockModesTest {

  private final LockModes pg = LockModes.forEngine(Engine.POSTGRESQL);
  private final LockModes innodb = LockModes.forEngine(Engine.MYSQL);
  private final LockModes mssql = LockModes.forEngine(Engine.SQLSERVER);
  private final LockModes oracle = LockModes.forEngine(Engine.ORACLE);

  @Test
  void postgresTableMatrixIsSymmetricAndMatchesTheDocumentation() {
    String[] modes = {"AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};
    for (String a : modes) {
      for (String b : modes) {
        assertThat(pg.conflicts(a, b)).as(a + " vs " + b).isEqualTo(pg.conflicts(b, a));
      }
    }
    assertThat(pg.conflicts("AccessShareLock", "ExclusiveLock")).isFalse();
    assertThat(pg.conflicts("AccessShareLock", "AccessExclusiveLock")).isTrue();
    assertThat(pg.conflicts("RowExclusiveLock", "RowExclusiveLock")).isFalse();
    assertThat(pg.conflicts("ShareLock", "ShareLock")).isFalse();
    assertThat(pg.conflicts("ShareLock", "RowExclusiveLock")).isTrue();
    assertThat(pg.conflicts("ShareUpdateExclusiveLock", "ShareUpdateExclusiveLock")).isTrue();
    assertThat(pg.conflicts("SHARE ROW EXCLUSIVE", "ShareRowExclusiveLock")).isTrue();
    assertThat(pg.conflicts("ShareLock", "ExclusiveLock")).as("waiting on a transaction id").isTrue();
    assertThat(pg.canonical("access exclusive")).isEqualTo("AccessExclusiveLock");
  }

  @Test
  void postgresRowLevelModes() {
    assertThat(pg.conflicts("FOR KEY SHARE", "FOR NO KEY UPDATE")).isFalse();
    assertThat(pg.conflicts("FOR KEY SHARE", "FOR UPDATE")).isTrue();
    assertThat(pg.conflicts("FOR SHARE", "FOR SHARE")).isFalse();
    assertThat(pg.conflicts("FOR SHARE", "FOR NO KEY UPDATE")).isTrue();
    assertThat(pg.conflicts("ForNoKeyUpdate", "ForNoKeyUpdate")).isTrue();
    assertThat(pg.isShared("FOR KEY SHARE")).isTrue();
    assertThat(pg.isShared("FOR UPDATE")).isFalse();
  }

  @Test
  void innoDbTableLevelMatrix() {
    assertThat(innodb.conflicts("lock mode IS", "lock mode IX")).isFalse();
    assertThat(innodb.conflicts("lock mode IX", "lock mode IX")).isFalse();
    assertThat(innodb.conflicts("lock mode S", "lock mode IX")).isTrue();
    assertThat(innodb.conflicts("lock mode AUTO-INC", "lock mode AUTO-INC")).isTrue();
    assertThat(innodb.conflicts("lock mode IX", "lock mode AUTO-INC")).isFalse();
  }

  @Test
  void innoDbGapRules() {
    String nextKeyX = "lock_mode X";
    String recX = "lock_mode X locks rec but not gap";
    String gapX = "lock_mode X locks gap before rec";
    String insert = "lock_mode X locks gap before rec insert intention waiting";
    assertThat(innodb.conflicts(recX, recX)).isTrue();
    assertThat(innodb.conflicts("lock mode S locks rec but not gap", "lock mode S")).isFalse();
    assertThat(innodb.conflicts(gapX, nextKeyX)).as("gap requests never wait").isFalse();
    assertThat(innodb.conflicts(recX, gapX)).as("record requests ignore gap-only locks").isFalse();
    assertThat(innodb.conflicts(insert, gapX)).isTrue();
    assertThat(innodb.conflicts(insert, "lock mode S")).as("insert intention vs next-key").isTrue();
    assertThat(innodb.conflicts(insert, recX)).as("insert intention ignores record-only locks").isFalse();
    assertThat(innodb.conflicts(nextKeyX, insert)).as("nobody waits for an insert intention").isFalse();
    assertThat(innodb.conflicts("X,REC_NOT_GAP", "S,REC_NOT_GAP")).isTrue();
    assertThat(innodb.canonical(insert)).isEqualTo("X,GAP,INSERT_INTENTION");
    assertThat(innodb.canonical("lock mode S")).isEqualTo("S");
  }

  @Test
  void sqlServerMainAndKeyRangeMatrices() {
    assertThat(mssql.conflicts("S", "S")).isFalse();
    assertThat(mssql.conflicts("U", "S")).isFalse();
    assertThat(mssql.conflicts("U", "U")).isTrue();
    assertThat(mssql.conflicts("X", "IS")).isTrue();
    assertThat(mssql.conflicts("IX", "IX")).isFalse();
    assertThat(mssql.conflicts("IX", "S")).isTrue();
    assertThat(mssql.conflicts("SIX", "IS")).isFalse();
    assertThat(mssql.conflicts("SIX", "IX")).isTrue();
    assertThat(mssql.conflicts("Sch-S", "X")).isFalse();
    assertThat(mssql.conflicts("Sch-S", "Sch-M")).isTrue();
    assertThat(mssql.conflicts("LCK_M_X", "S")).isTrue();
    // the documented key-range table
    assertThat(mssql.conflicts("RangeS-S", "S")).isFalse();
    assertThat(mssql.conflicts("RangeS-S", "RangeI-N")).isTrue();
    assertThat(mssql.conflicts("RangeI-N", "RangeS-S")).isTrue();
    assertThat(mssql.conflicts("RangeI-N", "X")).isFalse();
    assertThat(mssql.conflicts("RangeS-U", "U")).isTrue();
    assertThat(mssql.conflicts("S", "RangeS-U")).isFalse();
    assertThat(mssql.conflicts("RangeX-X", "RangeS-S")).isTrue();
    assertThat(mssql.conflicts("LCK_M_RI_N", "RangeI-N")).isFalse();
    assertThat(mssql.canonical("LCK_M_RS_S")).isEqualTo("RangeS-S");
  }

  @Test
  void oracleModes() {
    assertThat(oracle.conflicts("SS", "SX")).isFalse();
    assertThat(oracle.conflicts("SX", "SX")).isFalse();
    assertThat(oracle.conflicts("S", "SX")).as("share table lock vs DML").isTrue();
    assertThat(oracle.conflicts("4", "4")).isFalse();
    assertThat(oracle.conflicts("SSX", "SS")).isFalse();
    assertThat(oracle.conflicts("5", "3")).isTrue();
    assertThat(oracle.conflicts("X", "X")).isTrue();
    assertThat(oracle.conflicts("S", "X")).as("TX wait in share mode").isTrue();
    assertThat(oracle.canonical("5")).isEqualTo("SSX");
  }

  @Test
  void unknownModesConflictSoNoWaitIsLost() {
    assertThat(pg.conflicts("Whatever", "ShareLock")).isTrue();
    assertThat(mssql.conflicts("??", "S")).isTrue();
    assertThat(oracle.conflicts("9", "S")).isTrue();
  }
}
