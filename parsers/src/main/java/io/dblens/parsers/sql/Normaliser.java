package io.dblens.parsers.sql;

import static io.dblens.parsers.sql.SqlScanner.*;

/**
 * Turns one statement (or a batch) into its normalised text in a single pass over the scanner's tokens.
 * Rules, in the order a reader meets them:
 * <ul>
 *   <li>string, numeric, boolean and NULL literals and bind parameters become {@code ?}; NULL/TRUE/FALSE
 *       after IS or NOT stay (they are tests and constraints, not values); ORDER BY / GROUP BY ordinals
 *       stay (they pick a column);</li>
 *   <li>a list of only constants after IN, or the operand of {@code = ANY}, becomes {@code in (?+)} so the
 *       list length and the IN-vs-ANY spelling do not split a query shape;</li>
 *   <li>rows after the first of a multi-row VALUES are dropped, whatever they contain;</li>
 *   <li>digit runs of two or more in an unquoted table name become {@code ?}, so daily or numbered
 *       partitions and shards ({@code events_20240301}) share a shape while {@code t_1} and {@code t_2} do
 *       not (libpg_query does the same);</li>
 *   <li>names of savepoints, prepared statements and cursors become {@code ?}: drivers generate them;</li>
 *   <li>keywords and unquoted identifiers are lower-cased; a quoted identifier loses its quotes only when
 *       the engine would read the bare name the same way (see {@link #appendQuotedIdentifier});</li>
 *   <li>comments go, whitespace becomes canonical single spaces, trailing semicolons go.</li>
 * </ul>
 * Engine differences live in {@link Dialect}. MySQL fingerprints do not come from here but from
 * {@link PtQueryDigestRules} (pt-query-digest's text), selected by {@link SqlFingerprinter#forEngine}.
 */
final class Normaliser {
  private static final int LIST_NONE = 0, LIST_SAW_IN = 1, LIST_OPEN = 2;
  private static final int VALUES_NONE = 0, VALUES_SAW = 1, VALUES_IN_ROW = 2, VALUES_AFTER_ROW = 3,
      VALUES_AFTER_COMMA = 4, VALUES_SKIP_ROW = 5;

  private final Dialect dialect;
  private final SqlScanner scanner;
  private final String src;
  private final TextBuffer out;
  /** Fed every token as well when the caller wants the redacted text from the same scan; else null. */
  private final Redactor redactor;

  private int lastKind = EOF;
  private int lastKeyword = Keywords.NONE;
  private boolean lastWasName;
  private int depth;
  /** Where the current token's text starts in {@link #out}, after its separator. */
  private int tokenTextStart;

  private int listState = LIST_NONE;
  private int listMark;
  private int listDepth;
  private int listConstants;
  private boolean listAfterCast;
  private int eqMark = -1;

  private int valuesState = VALUES_NONE;
  private int valuesDepth;
  private int valuesCommaMark;

  private int statementTokens;
  private int statementFirst = Keywords.NONE;
  private boolean namePending;
  private boolean relationPending;

  private Normaliser(Dialect dialect, String sql, Redactor redactor) {
    this.dialect = dialect;
    this.src = sql;
    this.scanner = new SqlScanner(dialect, sql);
    this.out = new TextBuffer(Math.min(sql.length(), 1 << 16) + 16);
    this.redactor = redactor;
  }

  static String normalise(Dialect dialect, String sql) {
    return new Normaliser(dialect, sql, null).run();
  }

  /**
   * As {@link #normalise(Dialect, String)}, also feeding every token of the scan to {@code redactor}
   * (made for the same {@code sql}), whose result is then the statement's redacted text: one scan for both.
   */
  static String normalise(Dialect dialect, String sql, Redactor redactor) {
    return new Normaliser(dialect, sql, redactor).run();
  }

  private String run() {
    int kind;
    while ((kind = scanner.next()) != EOF) {
      if (redactor != null) {
        redactor.token(scanner, kind); // before any rule below: a skipped VALUES row is still redacted
      }
      if (valuesState == VALUES_SKIP_ROW) {
        skipValuesRow(kind);
        continue;
      }
      token(kind);
    }
    int len = out.length();
    while (len > 0 && (out.charAt(len - 1) == ';' || out.charAt(len - 1) == ' ')) {
      len--;
    }
    out.setLength(len);
    return out.toString();
  }

  private void token(int kind) {
    int keyword = scanner.keyword();
    trackValues(kind, keyword);
    if (valuesState == VALUES_SKIP_ROW) {
      return;
    }
    if (kind == SEMICOLON) {
      endStatement();
      return;
    }
    if (statementTokens == 0) {
      statementFirst = keyword;
    }
    boolean wasNamePending = namePending;
    boolean wasRelationPending = relationPending;
    namePending = false;
    relationPending = false;

    switch (kind) {
      case WORD -> word(keyword, wasNamePending, wasRelationPending);
      case QUOTED_IDENT -> {
        if (wasNamePending) {
          emitPlaceholder();
        } else {
          appendQuotedIdentifier();
        }
        lastWasName = true;
      }
      case STRING, PARAM -> emitPlaceholder();
      case NUMBER -> {
        if (scanner.ordinal()) {
          separator(NUMBER);
          out.appendRange(src, scanner.start(), scanner.end());
        } else {
          emitPlaceholder();
        }
      }
      case DOT -> {
        emitPunct(".", DOT);
        relationPending = wasRelationPending && lastWasName;
      }
      case LPAREN -> {
        depth++;
        emitPunct("(", LPAREN);
      }
      case RPAREN -> {
        depth--;
        emitPunct(")", RPAREN);
      }
      case LBRACKET -> emitPunct("[", LBRACKET);
      case RBRACKET -> emitPunct("]", RBRACKET);
      case COMMA -> emitPunct(",", COMMA);
      case CAST -> emitPunct("::", CAST);
      default -> {
        separator(kind);
        out.appendRange(src, scanner.start(), scanner.end());
      }
    }
    if (kind != WORD && kind != QUOTED_IDENT) {
      lastWasName = false;
    }
    trackConstantList(kind, keyword, tokenTextStart);
    lastKind = kind;
    lastKeyword = kind == WORD ? keyword : Keywords.NONE;
    statementTokens++;
  }

  private void word(int keyword, boolean wasNamePending, boolean wasRelationPending) {
    boolean isLiteralWord = (keyword == Keywords.NULL || keyword == Keywords.TRUE || keyword == Keywords.FALSE)
        && lastKeyword != Keywords.IS && lastKeyword != Keywords.NOT;
    if (wasNamePending) {
      if (isNoiseBeforeName(keyword)) {
        separator(WORD);
        appendLower(scanner.start(), scanner.end());
        namePending = true;
      } else {
        emitPlaceholder();
      }
      lastWasName = true;
      return;
    }
    if (isLiteralWord) {
      emitPlaceholder();
      lastWasName = false;
      return;
    }
    separator(WORD);
    if (wasRelationPending && keyword == Keywords.NONE) {
      appendRelationName(scanner.start(), scanner.end());
    } else {
      appendLower(scanner.start(), scanner.end());
    }
    lastWasName = keyword == Keywords.NONE;
    startPendingName(keyword);
    if (keyword == Keywords.FROM || keyword == Keywords.JOIN || keyword == Keywords.INTO
        || keyword == Keywords.UPDATE || keyword == Keywords.TABLE) {
      relationPending = true;
    } else if (wasRelationPending && (keyword == Keywords.ONLY || keyword == Keywords.IF
        || keyword == Keywords.NOT || keyword == Keywords.EXISTS || keyword == Keywords.LATERAL)) {
      relationPending = true;
    } else if (wasRelationPending && keyword == Keywords.NONE) {
      relationPending = true; // stays for "schema . table"; a following non-DOT token ends it
    }
  }

  private static boolean isNoiseBeforeName(int keyword) {
    return keyword == Keywords.SAVEPOINT || keyword == Keywords.PREPARE || keyword == Keywords.TRANSACTION
        || keyword == Keywords.TRAN;
  }

  /** Names that drivers generate per connection or per statement; they would split one shape into many. */
  private void startPendingName(int keyword) {
    if (statementTokens == 0) {
      switch (keyword) {
        case Keywords.SAVEPOINT, Keywords.RELEASE, Keywords.DEALLOCATE, Keywords.CLOSE -> namePending = true;
        case Keywords.PREPARE, Keywords.EXECUTE, Keywords.DECLARE -> namePending = dialect.executeNamesPreparedStatement;
        default -> { }
      }
      return;
    }
    if (keyword == Keywords.TO && statementFirst == Keywords.ROLLBACK) {
      namePending = true;
    } else if ((keyword == Keywords.FROM || keyword == Keywords.IN)
        && (statementFirst == Keywords.FETCH || statementFirst == Keywords.MOVE)) {
      namePending = true;
    } else if ((keyword == Keywords.TRAN || keyword == Keywords.TRANSACTION) && statementFirst == Keywords.SAVE
        && statementTokens == 1) {
      namePending = true;
    }
  }

  private void endStatement() {
    if (out.length() > 0 && lastKind != SEMICOLON) {
      out.append(';');
      lastKind = SEMICOLON;
    }
    lastKeyword = Keywords.NONE;
    lastWasName = false;
    statementTokens = 0;
    statementFirst = Keywords.NONE;
    namePending = false;
    relationPending = false;
    listState = LIST_NONE;
    valuesState = VALUES_NONE;
    eqMark = -1;
    depth = 0;
  }

  // ---- IN (constants) and = ANY (constants) -> in (?+)

  private void trackConstantList(int kind, int keyword, int markBefore) {
    if (listState == LIST_OPEN) {
      continueConstantList(kind, keyword);
      return;
    }
    if (listState == LIST_SAW_IN) {
      if (kind == LPAREN) {
        listState = LIST_OPEN;
        listDepth = 1;
        listConstants = 0;
        listAfterCast = false;
        return;
      }
      listState = LIST_NONE;
    }
    if (kind == WORD && keyword == Keywords.IN) {
      listState = LIST_SAW_IN;
      listMark = markBefore;
    } else if (kind == WORD && (keyword == Keywords.ANY || keyword == Keywords.SOME) && eqMark >= 0) {
      listState = LIST_SAW_IN;
      listMark = eqMark;
    }
    eqMark = kind == OPERATOR && scanner.end() - scanner.start() == 1 && src.charAt(scanner.start()) == '='
        ? markBefore : -1;
  }

  private void continueConstantList(int kind, int keyword) {
    switch (kind) {
      case STRING, NUMBER, PARAM -> {
        listConstants++;
        listAfterCast = false;
      }
      case WORD -> {
        if (keyword == Keywords.NULL || keyword == Keywords.TRUE || keyword == Keywords.FALSE) {
          listConstants++;
        } else if (!listAfterCast && keyword != Keywords.ARRAY) {
          listState = LIST_NONE;
        }
      }
      case CAST -> listAfterCast = true;
      case COMMA -> listAfterCast = false;
      case LPAREN, LBRACKET -> {
        if (kind == LPAREN) {
          listDepth++;
        }
      }
      case RBRACKET -> { }
      case RPAREN -> {
        if (--listDepth == 0) {
          listState = LIST_NONE;
          if (listConstants > 0) {
            out.setLength(listMark);
            out.append("in (?+)");
          }
        }
      }
      default -> listState = LIST_NONE;
    }
  }

  // ---- multi-row VALUES -> first row only

  private void trackValues(int kind, int keyword) {
    switch (valuesState) {
      case VALUES_NONE -> {
        if (kind == WORD && keyword == Keywords.VALUES) {
          valuesState = VALUES_SAW;
        }
      }
      case VALUES_SAW -> {
        if (kind == LPAREN) {
          valuesState = VALUES_IN_ROW;
          valuesDepth = depth;
        } else {
          valuesState = VALUES_NONE;
        }
      }
      case VALUES_IN_ROW -> {
        if (kind == RPAREN && depth == valuesDepth + 1) {
          valuesState = VALUES_AFTER_ROW;
        }
      }
      case VALUES_AFTER_ROW -> {
        if (kind == COMMA) {
          valuesState = VALUES_AFTER_COMMA;
          valuesCommaMark = out.length();
        } else {
          valuesState = kind == WORD && keyword == Keywords.VALUES ? VALUES_SAW : VALUES_NONE;
        }
      }
      case VALUES_AFTER_COMMA -> {
        if (kind == LPAREN) {
          out.setLength(valuesCommaMark);
          lastKind = RPAREN;
          valuesState = VALUES_SKIP_ROW;
          valuesDepth = 1;
        } else {
          valuesState = VALUES_NONE;
        }
      }
      default -> { }
    }
  }

  private void skipValuesRow(int kind) {
    if (kind == LPAREN) {
      valuesDepth++;
    } else if (kind == RPAREN && --valuesDepth == 0) {
      valuesState = VALUES_AFTER_ROW;
    } else if (kind == SEMICOLON) {
      endStatement();
    }
  }

  // ---- output

  private void emitPlaceholder() {
    separator(PARAM);
    out.append('?');
    lastWasName = false;
  }

  private void emitPunct(String text, int kind) {
    separator(kind);
    out.append(text);
  }

  /**
   * Canonical spacing: one space between tokens, none inside brackets, before ',', around '.' and '::',
   * and none between a name and its '(' (function calls, column lists); keywords keep a space before '('.
   */
  private void separator(int kind) {
    appendSeparator(kind);
    tokenTextStart = out.length();
  }

  private void appendSeparator(int kind) {
    if (out.length() == 0) {
      return;
    }
    if (lastKind == SEMICOLON) {
      out.append(' ');
      return;
    }
    boolean glue = switch (kind) {
      case RPAREN, RBRACKET, COMMA, DOT, CAST -> true;
      case LPAREN -> lastWasName && (lastKind == WORD || lastKind == QUOTED_IDENT);
      case LBRACKET -> lastKind == WORD || lastKind == QUOTED_IDENT || lastKind == RBRACKET || lastKind == RPAREN;
      default -> false;
    };
    if (!glue && lastKind != LPAREN && lastKind != LBRACKET && lastKind != DOT && lastKind != CAST) {
      out.append(' ');
    }
  }

  private void appendLower(int from, int to) {
    int firstToChange = from;
    while (firstToChange < to && isAsciiNotUpper(src.charAt(firstToChange))) {
      firstToChange++;
    }
    out.appendRange(src, from, firstToChange);
    for (int i = firstToChange; i < to; i++) {
      char c = src.charAt(i);
      if (c < 0x80) {
        out.append(Keywords.toLowerAscii(c));
      } else {
        out.append(Character.toLowerCase(c));
      }
    }
  }

  private static boolean isAsciiNotUpper(char c) {
    return c < 0x80 && (c < 'A' || c > 'Z');
  }

  private void appendRelationName(int from, int to) {
    int i = from;
    while (i < to) {
      char c = src.charAt(i);
      if (c >= '0' && c <= '9') {
        int runEnd = i + 1;
        while (runEnd < to && src.charAt(runEnd) >= '0' && src.charAt(runEnd) <= '9') {
          runEnd++;
        }
        if (runEnd - i >= 2) {
          out.append('?');
        } else {
          out.append(c);
        }
        i = runEnd;
      } else {
        out.append(c < 0x80 ? Keywords.toLowerAscii(c) : Character.toLowerCase(c));
        i++;
      }
    }
  }

  /**
   * Quotes go only when the bare name means the same: PostgreSQL folds bare names to lower case, so
   * {@code "users"} = users but {@code "Users"} keeps its quotes; Oracle folds to upper case, so
   * {@code "USERS"} = users; MySQL and SQL Server compare names case-insensitively (default collation),
   * so any simple name loses its backticks or brackets and is lower-cased. Names that are not plain
   * identifiers or are reserved words keep their quotes and their text.
   */
  private void appendQuotedIdentifier() {
    int from = scanner.start() + 1;
    int to = scanner.end() - 1;
    separator(QUOTED_IDENT);
    if (to > from && src.charAt(to) == closingQuote(src.charAt(scanner.start())) && isPlainName(from, to)) {
      appendLower(from, to);
      lastKind = WORD;
      return;
    }
    out.appendRange(src, scanner.start(), scanner.end());
  }

  private static char closingQuote(char open) {
    return open == '[' ? ']' : open;
  }

  private boolean isPlainName(int from, int to) {
    if (!SqlScanner.isIdentStart(src.charAt(from)) || Keywords.lookup(src, from, to) != Keywords.NONE) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = src.charAt(i);
      if (c >= 0x80 || !SqlScanner.isIdentPart(c) || c == '$') {
        return false;
      }
      boolean upper = c >= 'A' && c <= 'Z';
      boolean lower = c >= 'a' && c <= 'z';
      switch (dialect.identifierCase) {
        case LOWER -> { if (upper) return false; }
        case UPPER -> { if (lower) return false; }
        case INSENSITIVE -> { }
      }
    }
    return true;
  }
}
