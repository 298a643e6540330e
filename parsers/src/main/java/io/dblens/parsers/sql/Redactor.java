package io.dblens.parsers.sql;

/**
 * Copies a statement with every string and numeric literal replaced by {@code ?}, leaving everything
 * else as written: case, spacing, comments, bind parameters, NULL/TRUE/FALSE and ORDER BY ordinals.
 * Each IN-list element and VALUES row stays, so the sample still parses as the original statement.
 * An unterminated quote is a literal to the end, so a truncated statement never leaks its tail.
 *
 * <p>An instance is fed the tokens of one scan ({@link #token}); {@link #redact} runs its own scan, and the
 * normaliser feeds one alongside its own work so that a statement is fingerprinted and redacted in one
 * pass (see {@link SqlFingerprinter#fingerprintAndRedact}). Both read the same tokens, so both give the
 * same text.
 */
final class Redactor {
  private final String sql;
  /** Made on the first literal: most statements have one, but a statement without any is returned as is. */
  private StringBuilder out;
  private int copied;

  Redactor(String sql) {
    this.sql = sql;
  }

  static String redact(Dialect dialect, String sql) {
    SqlScanner scanner = new SqlScanner(dialect, sql);
    Redactor redactor = new Redactor(sql);
    int kind;
    while ((kind = scanner.next()) != SqlScanner.EOF) {
      redactor.token(scanner, kind);
    }
    return redactor.result();
  }

  /** The scanner's current token, of {@code kind}; the scanner must be reading this redactor's statement. */
  void token(SqlScanner scanner, int kind) {
    if (kind == SqlScanner.STRING || (kind == SqlScanner.NUMBER && !scanner.ordinal())) {
      if (out == null) {
        out = new StringBuilder(sql.length());
      }
      out.append(sql, copied, scanner.start()).append('?');
      copied = scanner.end();
    }
  }

  /** The redacted statement, once every token up to EOF has been fed. */
  String result() {
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, sql.length()).toString();
  }
}
