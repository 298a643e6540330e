package io.dblens.jobs.locks;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * A lockable thing in one deadlock.
 *
 * @param id        identifies the resource within the deadlock: holders and waiters of the same id
 *                  meet on it. As written by the engine ("transaction 501", "KEY: 5:7205... (a0c9)",
 *                  "TX-0009000e-00000a3f"), or a derived key where the engine gives none (InnoDB)
 * @param lockType  transactionid, tuple, relation, RECORD, TABLE, keylock, pagelock, objectlock,
 *                  ridlock, exchangeEvent, TX, TM ...
 * @param database  database or schema, where known
 * @param table     table (or object) name, where known
 * @param index     index name, where known
 */
public record LockResource(String id, String lockType, String database, String table, String index) {

  public LockResource {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a lock resource needs an id; got " + id);
    }
  }

  /** A resource known only by its id and type. */
  public static LockResource of(String id, String lockType) {
    return new LockResource(id, lockType, null, null, null);
  }

  /**
   * What stays the same when the deadlock recurs: lock type, table and index, without key values,
   * transaction ids or page numbers. Falls back to the id with its numbers masked when no table is known.
   */
  public String shape() {
    StringJoiner j = new StringJoiner(":");
    j.add(lockType == null ? "?" : lockType.toLowerCase(Locale.ROOT));
    if (table != null) {
      j.add((database == null ? "" : database + ".") + table + (index == null ? "" : "/" + index));
    } else if (!isTransactionLock()) {
      j.add(maskNumbers(id));
    }
    return j.toString();
  }

  /** Whether the resource is a transaction (PostgreSQL transactionid, Oracle TX): nothing to keep. */
  boolean isTransactionLock() {
    String t = lockType == null ? "" : lockType.toLowerCase(Locale.ROOT);
    return t.equals("transactionid") || t.equals("virtualxid") || t.equals("tx");
  }

  /**
   * Masks instance-specific parts: hex hashes and numbers (key hashes, page and row numbers,
   * transaction ids) except where a number names a relation or database, which stays stable.
   */
  static String maskNumbers(String text) {
    String kept = text.replaceAll("\\([^)]*\\)", "(?)");
    StringBuilder out = new StringBuilder();
    String[] words = kept.split(" ", -1);
    for (int i = 0; i < words.length; i++) {
      boolean namesObject = i > 0 && (words[i - 1].equals("relation") || words[i - 1].equals("database"));
      out.append(i == 0 ? "" : " ").append(namesObject ? words[i] : words[i].replaceAll("[0-9a-fA-F]*[0-9][0-9a-fA-F]*", "#"));
    }
    return out.toString();
  }
}
