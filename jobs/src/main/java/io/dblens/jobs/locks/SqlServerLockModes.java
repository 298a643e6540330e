package io.dblens.jobs.locks;

import java.util.List;
import java.util.Locale;

/**
 * SQL Server lock compatibility. The documented matrix for S/U/X/IS/IX/SIX plus schema and bulk-update
 * locks is encoded directly; the combined modes are read as the locks they stand for (SIX = S + IX,
 * SIU = S + IU, UIX = U + IX; IU behaves like IX except that the U locks it announces, unlike X, still
 * admit readers). Key-range modes "RangeA-B" split into a range part A (S, I, X: shared ranges coexist,
 * insert ranges coexist, the two exclude each other, X excludes all) and a key part B checked with the
 * S/U/X matrix (N = no key lock); two locks conflict when either part does. That reproduces the
 * documented key-range table and gives a consistent answer for the conversion modes (RangeI-S ...).
 * Modes may be written as in the XML report ("RangeS-S", "Sch-M") or as wait types ("LCK_M_RS_S").
 */
final class SqlServerLockModes implements LockModes {

  /** Atomic modes combined modes are made of. */
  private static final List<String> ATOMS = List.of("IS", "IU", "IX", "S", "U", "X");
  /** ATOM_CONFLICTS[requested] bit held, in the order of {@link #ATOMS}. */
  private static final int[] ATOM_CONFLICTS = {
      0b100000, // IS: X
      0b110000, // IU: U, X
      0b111000, // IX: S, U, X
      0b100100, // S: IX, X
      0b110110, // U: IU, IX, U, X
      0b111111}; // X: everything

  @Override
  public boolean conflicts(String requested, String held) {
    String r = canonical(requested);
    String h = canonical(held);
    if (r.equals("Sch-M") || h.equals("Sch-M")) {
      return true;
    }
    if (r.equals("Sch-S") || h.equals("Sch-S")) {
      return false;
    }
    if (r.equals("BU") || h.equals("BU")) {
      return !(r.equals("BU") && h.equals("BU"));
    }
    if (r.startsWith("Range") || h.startsWith("Range")) {
      return rangeConflicts(r, h);
    }
    List<String> ra = atoms(r);
    List<String> ha = atoms(h);
    if (ra.isEmpty() || ha.isEmpty()) {
      return true;
    }
    for (String a : ra) {
      for (String b : ha) {
        if ((ATOM_CONFLICTS[ATOMS.indexOf(a)] & (1 << ATOMS.indexOf(b))) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean rangeConflicts(String r, String h) {
    String[] rp = rangeParts(r);
    String[] hp = rangeParts(h);
    if (rp == null || hp == null) {
      return true;
    }
    return rangePartConflicts(rp[0], hp[0]) || keyPartConflicts(rp[1], hp[1]);
  }

  /** {range part or "" for a plain key lock, key part}; null for anything else. */
  private static String[] rangeParts(String mode) {
    if (mode.startsWith("Range") && mode.length() == 8 && mode.charAt(6) == '-') {
      return new String[] {mode.substring(5, 6), mode.substring(7)};
    }
    if (mode.equals("S") || mode.equals("U") || mode.equals("X")) {
      return new String[] {"", mode};
    }
    return null;
  }

  private static boolean rangePartConflicts(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    return a.equals("X") || b.equals("X") || !a.equals(b);
  }

  private static boolean keyPartConflicts(String a, String b) {
    if (a.equals("N") || b.equals("N")) {
      return false;
    }
    return a.equals("X") || b.equals("X") || (a.equals("U") && b.equals("U"));
  }

  private static List<String> atoms(String mode) {
    return switch (mode) {
      case "IS", "IU", "IX", "S", "U", "X" -> List.of(mode);
      case "SIX" -> List.of("S", "IX");
      case "SIU" -> List.of("S", "IU");
      case "UIX" -> List.of("U", "IX");
      default -> List.of();
    };
  }

  @Override
  public String canonical(String mode) {
    if (mode == null) {
      return "";
    }
    String m = mode.strip();
    String u = m.toUpperCase(Locale.ROOT);
    if (u.startsWith("LCK_M_")) {
      u = u.substring(6).replaceAll("_(LOW_PRIORITY|ABORT_BLOCKERS)$", "");
      if (u.startsWith("R") && u.length() == 4 && u.charAt(2) == '_') {
        return "Range" + u.charAt(1) + "-" + u.charAt(3); // LCK_M_RS_S -> RangeS-S
      }
      return switch (u) {
        case "SCH_S" -> "Sch-S";
        case "SCH_M" -> "Sch-M";
        default -> u;
      };
    }
    if (u.startsWith("RANGE") && u.length() == 8) {
      return "Range" + u.charAt(5) + "-" + u.charAt(7);
    }
    return switch (u) {
      case "SCH-S", "SCH_S" -> "Sch-S";
      case "SCH-M", "SCH_M" -> "Sch-M";
      default -> u;
    };
  }

  @Override
  public boolean isShared(String mode) {
    String m = canonical(mode);
    return m.equals("S") || m.equals("IS") || m.equals("RangeS-S") || m.equals("Sch-S");
  }
}
