package io.dblens.parsers.sql;

/** Replaces {@code ?} placeholders with {@code 0} for a second parse attempt (see {@link SqlAnalyzer}). */
final class PlaceholderFiller {
  private PlaceholderFiller() {}

  static String fillWithZero(Dialect dialect, String sql) {
    SqlScanner scanner = new SqlScanner(dialect, sql);
    StringBuilder out = new StringBuilder(sql.length());
    int copied = 0;
    int kind;
    while ((kind = scanner.next()) != SqlScanner.EOF) {
      if (kind == SqlScanner.PARAM && scanner.end() - scanner.start() == 1 && sql.charAt(scanner.start()) == '?') {
        out.append(sql, copied, scanner.start()).append('0');
        copied = scanner.end();
      }
    }
    return out.append(sql, copied, sql.length()).toString();
  }
}
