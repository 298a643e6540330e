package io.dblens.jobs.locks;

import java.util.Locale;

/**
 * Oracle enqueue modes 0-6 (none, null, row share SS, row exclusive SX, share S, share row exclusive
 * SSX, exclusive X), with the documented TM compatibility matrix. TX enqueues use the same numbers: the
 * owner of a transaction holds it in X (6), a row-lock waiter asks for X and an ITL / unique-key /
 * bitmap waiter asks for S (4) - both conflict with X, which the matrix gives.
 */
final class OracleLockModes implements LockModes {

  private static final String[] NAMES = {"none", "N", "SS", "SX", "S", "SSX", "X"};
  /** CONFLICTS[requested] bit held, by mode number. */
  private static final int[] CONFLICTS = {
      0, 0,
      0b1000000, // SS: X
      0b1110000, // SX: S, SSX, X
      0b1101000, // S: SX, SSX, X
      0b1111000, // SSX: SX, S, SSX, X
      0b1111100}; // X: SS and stronger

  @Override
  public boolean conflicts(String requested, String held) {
    int r = number(requested);
    int h = number(held);
    if (r < 0 || h < 0) {
      return true;
    }
    return (CONFLICTS[r] & (1 << h)) != 0;
  }

  @Override
  public String canonical(String mode) {
    int n = number(mode);
    return n < 0 ? (mode == null ? "" : mode.strip()) : NAMES[n];
  }

  @Override
  public boolean isShared(String mode) {
    int n = number(mode);
    return n == 2 || n == 4;
  }

  /** The mode number from "4", "S", "RS", "SRX", "row share" ...; -1 when unknown. */
  static int number(String mode) {
    if (mode == null || mode.isBlank()) {
      return -1;
    }
    String m = mode.strip().toUpperCase(Locale.ROOT).replace('_', ' ');
    if (m.length() == 1 && Character.isDigit(m.charAt(0))) {
      int n = m.charAt(0) - '0';
      return n <= 6 ? n : -1;
    }
    return switch (m) {
      case "NONE" -> 0;
      case "N", "NULL", "NL" -> 1;
      case "SS", "RS", "ROW SHARE" -> 2;
      case "SX", "RX", "ROW EXCLUSIVE", "ROW EXCL" -> 3;
      case "S", "SHARE" -> 4;
      case "SSX", "SRX", "SHARE ROW EXCLUSIVE", "S/ROW-X" -> 5;
      case "X", "EXCLUSIVE", "EXCL" -> 6;
      default -> -1;
    };
  }
}
