package io.dblens.jobs.locks;

import io.dblens.parsers.Engine;

/**
 * One engine's lock-mode vocabulary: which requested mode must wait for which held mode, and which
 * modes only read. Mode names are accepted as the engine's logs spell them; a name an engine table does
 * not know conflicts with everything, because a missing wait-for edge hides a deadlock while an extra
 * one only costs a longer cycle search.
 */
interface LockModes {

  /** Whether a request in {@code requested} must wait while another session holds {@code held}. */
  boolean conflicts(String requested, String held);

  /** The spelling used in signatures, so that synonyms ("4", "S") group together. */
  String canonical(String mode);

  /** Whether the mode lets other readers in (a shared or intent-shared lock). */
  boolean isShared(String mode);

  static LockModes forEngine(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> new PostgresLockModes();
      case MYSQL -> new InnoDbLockModes();
      case SQLSERVER -> new SqlServerLockModes();
      case ORACLE -> new OracleLockModes();
      case MONGODB -> new UnknownLockModes();
    };
  }

  /** For engines without a table: every pair conflicts, modes are kept as written. */
  final class UnknownLockModes implements LockModes {
    @Override
    public boolean conflicts(String requested, String held) {
      return true;
    }

    @Override
    public String canonical(String mode) {
      return mode == null ? "" : mode.strip();
    }

    @Override
    public boolean isShared(String mode) {
      return false;
    }
  }
}
