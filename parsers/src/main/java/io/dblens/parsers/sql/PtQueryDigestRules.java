package io.dblens.parsers.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MySQL fingerprint: the text pt-query-digest's {@code QueryRewriter::fingerprint} gives, so that
 * our query classes, ids and reports line up with what MySQL DBAs already read. Those rules are a
 * sequence of textual rewrites rather than a tokenizer's view; quirks such as numbers inside identifiers
 * ({@code column1 -> column?}) or a {@code ?} eating the letter before it ({@code db2.t -> d?t}) are kept
 * on purpose, because agreement with the reference tool is the point.
 *
 * <p>Unlike the generic {@link Normaliser} this works with regular expressions: the rules are defined as
 * rewrites of the whole text and some depend on backtracking. It runs once per logged statement, after
 * framing, and every rule with a cost beyond one pass is guarded by a cheap test of the text first.
 */
final class PtQueryDigestRules {

  /**
   * The two switches QueryRewriter takes. Defaults (both off) are what pt-query-digest uses.
   *
   * @param md5Checksums      32-hex-digit runs after {@code . _ -} (generated table names) become {@code ?}
   * @param embeddedNumbers   leave numbers glued to the end of a word alone ({@code rt_5min}, {@code t1})
   */
  record Options(boolean md5Checksums, boolean embeddedNumbers) {
    static final Options DEFAULT = new Options(false, false);
  }

  private static final String MYSQLDUMP_PREFIX = "SELECT /*!40001 SQL_NO_CACHE */ * FROM `";
  private static final Pattern TOOLKIT_COMMENT = Pattern.compile("/\\*\\w+\\.\\w+:[0-9]/[0-9]\\*/");
  private static final Pattern CALL = Pattern.compile("\\A\\s*(call\\s+\\S+)\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern MULTI_ROW_INSERT = Pattern.compile(
      "\\A((?:INSERT|REPLACE)(?: IGNORE)?\\s+INTO.+?VALUES\\s*\\(.*?\\))\\s*,\\s*\\(",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  /** Block comments, but not MySQL's executable {@code /*!...} version comments. */
  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*[^!].*?\\*/", Pattern.DOTALL);
  private static final Pattern LINE_COMMENT = Pattern.compile("(?:--|#)[^'\"\\r\\n]*(?=[\\r\\n]|\\Z)");
  private static final Pattern USE = Pattern.compile("\\Ause \\S+\\Z", Pattern.CASE_INSENSITIVE);
  private static final Pattern ESCAPED_SINGLE = Pattern.compile("([^\\\\])(\\\\')");
  private static final Pattern ESCAPED_DOUBLE = Pattern.compile("([^\\\\])(\\\\\")");
  private static final Pattern DOUBLE_QUOTED = Pattern.compile("([^\\\\])(\".*?[^\\\\]?\")", Pattern.DOTALL);
  private static final Pattern SINGLE_QUOTED = Pattern.compile("([^\\\\])('.*?[^\\\\]?')", Pattern.DOTALL);
  private static final Pattern BOOLEAN = Pattern.compile("\\bfalse\\b|\\btrue\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern MD5 = Pattern.compile("([._-])[a-f0-9]{32}");
  private static final Pattern NUMBER = Pattern.compile("[0-9+-][0-9a-f.xb+-]*");
  private static final Pattern NUMBER_AT_WORD_START = Pattern.compile("\\b[0-9+-][0-9a-f.xb+-]*");
  private static final Pattern NUMBER_LEFTOVER = Pattern.compile("[xb.+-]\\?");
  private static final Pattern NUMBER_LEFTOVER_MD5 = Pattern.compile("[xb+-]\\?");
  private static final Pattern LEADING_SPACE = Pattern.compile("\\A\\s+");
  private static final Pattern WHITESPACE_RUN = Pattern.compile("[ \\n\\t\\r\\f]+");
  private static final Pattern NULL = Pattern.compile("\\bnull\\b");
  private static final Pattern LISTS = Pattern.compile("\\b(in|values?)(?:[\\s,]*\\([\\s?,]*\\))+");
  private static final Pattern UNION = Pattern.compile("\\b(select\\s.*?)(?:(\\sunion(?:\\sall)?)\\s\\1)+");
  private static final Pattern LIMIT = Pattern.compile("\\blimit \\?(?:, ?\\?| offset \\?)?");
  private static final Pattern ORDER_BY = Pattern.compile("\\border by ", Pattern.CASE_INSENSITIVE);
  private static final Pattern UP_TO_ASC = Pattern.compile("(.+?)\\s+asc", Pattern.CASE_INSENSITIVE);

  private PtQueryDigestRules() {}

  static String fingerprint(String query) {
    return fingerprint(query, Options.DEFAULT);
  }

  static String fingerprint(String query, Options options) {
    // Whole-statement special cases first: tool-generated statements and admin commands.
    if (query.startsWith(MYSQLDUMP_PREFIX)) {
      return "mysqldump";
    }
    if (query.indexOf("/*") >= 0 && TOOLKIT_COMMENT.matcher(query).find()) {
      return "percona-toolkit";
    }
    if (query.startsWith("administrator command: ")) {
      return query;
    }
    if (startsWithCall(query)) {
      Matcher call = CALL.matcher(query);
      if (call.find()) {
        return call.group(1).toLowerCase(Locale.ROOT);
      }
    }
    // Multi-row INSERTs can be megabytes long: keep the first row only, before any other rule runs.
    if (startsWithInsertOrReplace(query) && hasSecondRow(query)) {
      Matcher insert = MULTI_ROW_INSERT.matcher(query);
      if (insert.find()) {
        query = insert.group(1);
      }
    }
    String q = query;
    if (q.indexOf("/*") >= 0) {
      q = BLOCK_COMMENT.matcher(q).replaceAll("");
    }
    if (q.indexOf("--") >= 0 || q.indexOf('#') >= 0) {
      q = LINE_COMMENT.matcher(q).replaceAll("");
    }
    if (q.regionMatches(true, 0, "use ", 0, 4)) {
      Matcher use = USE.matcher(q);
      if (use.find()) {
        return use.replaceFirst("use ?");
      }
    }
    String scanned = options.equals(Options.DEFAULT) ? PtLiteralScanner.scan(q) : null;
    q = scanned != null ? scanned : literalsAndSpacing(q, options);
    if (q.contains(" union")) {
      q = UNION.matcher(q).replaceAll("$1 /*repeat$2*/");
    }
    if (q.contains("limit ?")) {
      q = LIMIT.matcher(q).replaceFirst("limit ?");
    }
    return dropAscInOrderBy(q);
  }

  /**
   * Strings, booleans, numbers, spacing, case, NULL and lists, rule by rule as pt-query-digest applies them
   * ({@link PtLiteralScanner} does the same in a few passes where it can).
   */
  static String literalsAndSpacing(String q, Options options) {
    q = quotedStrings(q);
    q = BOOLEAN.matcher(q).replaceAll("?");
    if (options.md5Checksums()) {
      q = MD5.matcher(q).replaceAll("$1?");
    }
    q = (options.embeddedNumbers() ? NUMBER_AT_WORD_START : NUMBER).matcher(q).replaceAll("?");
    q = (options.md5Checksums() ? NUMBER_LEFTOVER_MD5 : NUMBER_LEFTOVER).matcher(q).replaceAll("?");
    q = LEADING_SPACE.matcher(q).replaceFirst("");
    if (q.endsWith("\n")) {
      q = q.substring(0, q.length() - 1);
    }
    q = WHITESPACE_RUN.matcher(q).replaceAll(" ");
    q = q.toLowerCase(Locale.ROOT);
    if (q.contains("null")) {
      q = NULL.matcher(q).replaceAll("?");
    }
    if (q.contains("in") || q.contains("value")) {
      q = LISTS.matcher(q).replaceAll("$1(?+)");
    }
    return q;
  }

  /** CALL's rule needs "call" after leading spaces; testing that first spares the regex. */
  private static boolean startsWithCall(String q) {
    int i = 0;
    while (i < q.length() && Character.isWhitespace(q.charAt(i))) {
      i++;
    }
    return q.regionMatches(true, i, "call", 0, 4);
  }

  /** The multi-row rule needs a ")" then "," then "(" with only spaces between; without one it cannot match. */
  private static boolean hasSecondRow(String q) {
    for (int close = q.indexOf(')'); close >= 0; close = q.indexOf(')', close + 1)) {
      int i = close + 1;
      while (i < q.length() && Character.isWhitespace(q.charAt(i))) {
        i++;
      }
      if (i < q.length() && q.charAt(i) == ',') {
        i++;
        while (i < q.length() && Character.isWhitespace(q.charAt(i))) {
          i++;
        }
        if (i < q.length() && q.charAt(i) == '(') {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean startsWithInsertOrReplace(String q) {
    return q.regionMatches(true, 0, "INSERT", 0, 6) || q.regionMatches(true, 0, "REPLACE", 0, 7);
  }

  /**
   * Escaped quotes and backslashes go first, so that what remains between quote pairs is one string;
   * then each quoted string becomes {@code ?}. A string at the very start of the text stays, as in the
   * reference (its rule needs one character before the quote).
   */
  private static String quotedStrings(String q) {
    if (q.indexOf('\\') >= 0) {
      q = ESCAPED_SINGLE.matcher(q).replaceAll("$1");
      q = ESCAPED_DOUBLE.matcher(q).replaceAll("$1");
      q = q.replace("\\\\", "").replace("\\'", "").replace("\\\"", "");
    }
    if (q.indexOf('"') >= 0) {
      q = DOUBLE_QUOTED.matcher(q).replaceAll("$1?");
    }
    if (q.indexOf('\'') >= 0) {
      q = SINGLE_QUOTED.matcher(q).replaceAll("$1?");
    }
    return q;
  }

  /**
   * ASC is the default order, so {@code ORDER BY a ASC} and {@code ORDER BY a} are one class. From the
   * first ORDER BY on, each contiguous "text then ASC" stretch loses its ASC, as in the reference.
   */
  private static String dropAscInOrderBy(String q) {
    if (!q.contains("order by ")) {
      return q;
    }
    Matcher order = ORDER_BY.matcher(q);
    if (!order.find()) {
      return q;
    }
    int pos = order.end();
    StringBuilder out = new StringBuilder(q.length()).append(q, 0, pos);
    Matcher asc = UP_TO_ASC.matcher(q);
    while (pos < q.length()) {
      asc.region(pos, q.length());
      if (!asc.lookingAt()) {
        break;
      }
      out.append(asc.group(1));
      pos = asc.end();
    }
    return out.append(q, pos, q.length()).toString();
  }
}
