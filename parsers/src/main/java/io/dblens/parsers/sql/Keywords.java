package io.dblens.parsers.sql;

/**
 * The reserved words the scanner and normaliser need to tell apart from identifiers, looked up on a
 * slice of the input without allocating a String (the per-line path must not create garbage per word).
 */
final class Keywords {
  // Ids the rules refer to by name; their order must match the first entries of WORDS.
  static final int NONE = -1;
  static final int IS = 0, NOT = 1, NULL = 2, TRUE = 3, FALSE = 4, BY = 5, ORDER = 6, GROUP = 7, IN = 8,
      ANY = 9, SOME = 10, VALUES = 11, FROM = 12, JOIN = 13, INTO = 14, UPDATE = 15, TABLE = 16, ONLY = 17,
      SAVEPOINT = 18, RELEASE = 19, ROLLBACK = 20, TO = 21, DEALLOCATE = 22, PREPARE = 23, EXECUTE = 24,
      CLOSE = 25, DECLARE = 26, FETCH = 27, MOVE = 28, TRANSACTION = 29, TRAN = 30, SAVE = 31, ARRAY = 32,
      IF = 33, EXISTS = 34, END = 35, ASC = 36, DESC = 37, NULLS = 38, FIRST = 39, LAST = 40, ALL = 41,
      LATERAL = 42;

  private static final String[] WORDS = {
      "is", "not", "null", "true", "false", "by", "order", "group", "in",
      "any", "some", "values", "from", "join", "into", "update", "table", "only",
      "savepoint", "release", "rollback", "to", "deallocate", "prepare", "execute",
      "close", "declare", "fetch", "move", "transaction", "tran", "save", "array",
      "if", "exists", "end", "asc", "desc", "nulls", "first", "last", "all",
      "lateral",
      // reserved words with no rule of their own: they only keep '-' unary, '(' spaced and quotes on
      "select", "where", "and", "or", "as", "on", "inner", "left", "right", "full", "outer", "cross",
      "natural", "using", "having", "limit", "offset", "union", "intersect", "except", "distinct",
      "case", "when", "then", "else", "between", "like", "ilike", "similar", "escape", "insert",
      "delete", "set", "merge", "matched", "with", "recursive", "returning", "create", "alter", "drop",
      "index", "view", "default", "primary", "key", "references", "foreign", "unique", "check",
      "constraint", "grant", "revoke", "commit", "begin", "start", "cursor", "for", "asc", "top",
      "window", "over", "partition", "filter", "collate", "return", "returns", "do", "use", "show",
      "describe", "explain", "analyze", "vacuum", "truncate", "call", "exec", "replace", "ignore",
      "duplicate", "straight_join", "rows", "row", "user", "column", "procedure", "function",
      "trigger", "database", "schema", "sequence", "minus", "connect", "start", "prior", "level",
      "rownum", "sysdate", "current_date", "current_timestamp", "current_user", "interval", "lock",
      "share", "mode", "nowait", "skip", "locked", "of", "within", "both", "leading", "trailing",
      "escape", "regexp", "rlike", "div", "mod", "xor", "unknown", "conflict", "nothing", "go",
      "tablesample", "pivot", "unpivot", "apply", "option", "output", "inserted", "deleted", "while",
      "print", "raiserror", "throw", "try", "catch", "merge", "listen", "unlisten", "notify",
  };

  private static final int TABLE_BITS = 10;
  private static final int MASK = (1 << TABLE_BITS) - 1;
  /** Open addressing: slot holds word index + 1, 0 = empty. */
  private static final int[] SLOTS = new int[1 << TABLE_BITS];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      String w = WORDS[i];
      if (lookup(w, 0, w.length()) != NONE) {
        continue; // duplicates in the list are harmless; the first id wins
      }
      int slot = finish(hashStep(w, 0, w.length())) & MASK;
      while (SLOTS[slot] != 0) {
        slot = (slot + 1) & MASK;
      }
      SLOTS[slot] = i + 1;
    }
  }

  private Keywords() {}

  /** The keyword id of {@code text[start, end)} compared without regard to ASCII case, or {@link #NONE}. */
  static int lookup(String text, int start, int end) {
    return lookup(text, start, end, hashStep(text, start, end));
  }

  /**
   * As {@link #lookup(String, int, int)} with the hash already folded by the caller with
   * {@link #hashStep(int, char)} over the same chars, so the scanner hashes a word while reading it.
   */
  static int lookup(String text, int start, int end, int hashState) {
    int len = end - start;
    if (len < 2 || len > 17) {
      return NONE;
    }
    int slot = finish(hashState) & MASK;
    while (true) {
      int entry = SLOTS[slot];
      if (entry == 0) {
        return NONE;
      }
      String w = WORDS[entry - 1];
      if (w.length() == len && equalsIgnoreAsciiCase(w, text, start)) {
        return entry - 1;
      }
      slot = (slot + 1) & MASK;
    }
  }

  private static boolean equalsIgnoreAsciiCase(String word, String text, int start) {
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) != toLowerAscii(text.charAt(start + i))) {
        return false;
      }
    }
    return true;
  }

  private static int hashStep(String text, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = hashStep(h, text.charAt(i));
    }
    return h;
  }

  static int hashStep(int h, char c) {
    return 31 * h + (c | 0x20); // ASCII case folding; non-letters may collide, equality is checked anyway
  }

  private static int finish(int h) {
    return h ^ (h >>> 15);
  }

  static char toLowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }
}
