package io.dblens.jobs.locks;

import java.util.Locale;

/**
 * An InnoDB lock as the deadlock report ("lock_mode X locks gap before rec insert intention waiting")
 * or performance_schema.data_locks ("X,GAP,INSERT_INTENTION") spells it: the base mode plus, for record
 * locks, which part of the index it covers.
 */
record InnoDbLockMode(Base base, Coverage coverage) {

  enum Base { IS, IX, S, X, AUTO_INC }

  /** For record locks: the record, the gap before it, both (next-key), or an insert intention. */
  enum Coverage { TABLE, NEXT_KEY, REC_NOT_GAP, GAP, INSERT_INTENTION }

  /** Null when no base mode can be read. {@code recordLock} decides what a bare "X" covers. */
  static InnoDbLockMode parse(String text, boolean recordLock) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.toUpperCase(Locale.ROOT).replace('_', ' ').replace(',', ' ');
    Base base = null;
    if (t.contains("AUTO-INC") || t.contains("AUTO INC")) {
      base = Base.AUTO_INC;
    } else {
      for (String token : t.replace("LOCK MODE", " ").split("\\s+")) {
        switch (token) {
          case "IS" -> base = Base.IS;
          case "IX" -> base = Base.IX;
          case "S" -> base = Base.S;
          case "X" -> base = Base.X;
          default -> { }
        }
        if (base != null) {
          break;
        }
      }
    }
    if (base == null) {
      return null;
    }
    Coverage coverage;
    if (t.contains("INSERT INTENTION")) {
      coverage = Coverage.INSERT_INTENTION;
    } else if (t.contains("REC BUT NOT GAP") || t.contains("REC NOT GAP")) {
      coverage = Coverage.REC_NOT_GAP;
    } else if (t.contains("GAP")) {
      coverage = Coverage.GAP;
    } else {
      boolean intentOrAutoInc = base == Base.IS || base == Base.IX || base == Base.AUTO_INC;
      coverage = recordLock && !intentOrAutoInc ? Coverage.NEXT_KEY : Coverage.TABLE;
    }
    return new InnoDbLockMode(base, coverage);
  }

  /** Whether this lock locks a gap: the gap-locking behaviour that REPEATABLE READ adds. */
  boolean locksGap() {
    return coverage == Coverage.NEXT_KEY || coverage == Coverage.GAP || coverage == Coverage.INSERT_INTENTION;
  }

  /** The data_locks spelling: "X", "X,REC_NOT_GAP", "X,GAP,INSERT_INTENTION". */
  String canonical() {
    String b = base == Base.AUTO_INC ? "AUTO_INC" : base.name();
    return switch (coverage) {
      case TABLE, NEXT_KEY -> b;
      case REC_NOT_GAP -> b + ",REC_NOT_GAP";
      case GAP -> b + ",GAP";
      case INSERT_INTENTION -> b + ",GAP,INSERT_INTENTION";
    };
  }
}
