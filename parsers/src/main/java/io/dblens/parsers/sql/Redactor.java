package io.dblens.parsers.sql;

/**
 * Copies a statement with every string and numeric literal replaced by {@code ?}, leaving everything
 * else as written: case, spacing, comments, bind parameters, NULL/TRUE/FALSE and ORDER BY ordinals.
 * Each IN-list element and VALUES row stays, so the sample still parses as the original statement.
 * An unterminated quote is a literal to the end, so a truncated statement never leaks its tail.
 */
final class Redactor {
  private Redactor() {}

  static String redact(Dialect dialect, String sql) {
    SqlScanner scanner = new SqlScanner(dialect, sql);
    StringBuilder out = null;
    int copied = 0;
    int kind;
    while ((kind = scanner.next()) != SqlScanner.EOF) {
      if (kind == SqlScanner.STRING || (kind == SqlScanner.NUMBER && !scanner.ordinal())) {
        if (out == null) {
          out = new StringBuilder(sql.length());
        }
        out.append(sql, copied, scanner.start()).append('?');
        copied = scanner.end();
      }
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, sql.length()).toString();
  }
}
