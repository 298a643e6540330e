package io.dblens.parsers.sql;

/**
 * A hand-written SQL lexer: one pass over the chars, no regular expressions, no allocation per token.
 * It skips whitespace and comments and reports token kinds and spans; the normaliser and the redactor
 * decide what to do with them.
 *
 * <p>Two decisions need a little context and are made here because they decide where a token ends or
 * what it is: whether '-' or '+' before a digit is a sign (only when the previous token cannot end an
 * operand, so {@code a-1} stays a subtraction) and whether a number in ORDER BY / GROUP BY item position
 * is a column ordinal (it selects a column, so it is not a constant).
 */
final class SqlScanner {
  static final int EOF = 0, WORD = 1, QUOTED_IDENT = 2, STRING = 3, NUMBER = 4, PARAM = 5, OPERATOR = 6,
      LPAREN = 7, RPAREN = 8, LBRACKET = 9, RBRACKET = 10, COMMA = 11, DOT = 12, SEMICOLON = 13, CAST = 14,
      OTHER = 15;

  private final Dialect dialect;
  private final String s;
  private final int n;
  private int pos;

  private int start;
  private int end;
  private int kind;
  private int keyword = Keywords.NONE;
  private boolean ordinal;

  private boolean prevEndsOperand;
  private int prevKeyword = Keywords.NONE;
  private int depth;
  // ORDER BY / GROUP BY ordinal tracking
  private int ordinalListDepth = -1;
  private boolean expectingOrderItem;

  SqlScanner(Dialect dialect, String sql) {
    this.dialect = dialect;
    this.s = sql;
    this.n = sql.length();
  }

  int start() { return start; }
  int end() { return end; }
  int kind() { return kind; }
  /** Keyword id of a WORD token, or {@link Keywords#NONE}. */
  int keyword() { return keyword; }
  /** True for a NUMBER that is a column ordinal in ORDER BY / GROUP BY. */
  boolean ordinal() { return ordinal; }
  String source() { return s; }

  int next() {
    skipSpaceAndComments();
    keyword = Keywords.NONE;
    ordinal = false;
    start = pos;
    if (pos >= n) {
      end = n;
      kind = EOF;
      return EOF;
    }
    kind = scanToken(s.charAt(pos));
    end = pos;
    afterToken();
    return kind;
  }

  private int scanToken(char c) {
    if (c == '\'') {
      pos = skipQuoted(pos + 1, '\'', dialect.backslashEscapes);
      return STRING;
    }
    if (isIdentStart(c)) {
      return scanWordOrPrefixedString(c);
    }
    if (c >= '0' && c <= '9') {
      scanNumber();
      return NUMBER;
    }
    switch (c) {
      case '"':
        pos = skipQuoted(pos + 1, '"', !dialect.doubleQuotedIdentifiers && dialect.backslashEscapes);
        return dialect.doubleQuotedIdentifiers ? QUOTED_IDENT : STRING;
      case '`':
        if (dialect.backtickIdentifiers) {
          pos = skipQuoted(pos + 1, '`', false);
          return QUOTED_IDENT;
        }
        pos++;
        return OTHER;
      case '[':
        if (dialect.bracketIdentifiers) {
          pos = skipQuoted(pos + 1, ']', false);
          return QUOTED_IDENT;
        }
        pos++;
        return LBRACKET;
      case ']': pos++; return RBRACKET;
      case '(': pos++; depth++; return LPAREN;
      case ')': pos++; depth--; return RPAREN;
      case ',': pos++; return COMMA;
      case ';': pos++; return SEMICOLON;
      case '.':
        if (!prevEndsOperand && isDigitAt(pos + 1)) {
          scanNumber();
          return NUMBER;
        }
        pos++;
        return DOT;
      case '$': return scanDollar();
      case '?':
        pos++;
        if (dialect == Dialect.POSTGRESQL && pos < n && (s.charAt(pos) == '|' || s.charAt(pos) == '&')) {
          pos++; // jsonb ?| and ?& operators
          return OPERATOR;
        }
        return PARAM;
      case ':': return scanColon();
      case '@': return scanAt();
      case '#':
        if (dialect.hashIdentifiers && pos + 1 < n && (isIdentPart(s.charAt(pos + 1)) || s.charAt(pos + 1) == '#')) {
          pos++;
          while (pos < n && (isIdentPart(s.charAt(pos)) || s.charAt(pos) == '#')) {
            pos++;
          }
          return WORD;
        }
        return scanOperator();
      case '-':
      case '+':
        return scanSignOrOperator(c);
      default:
        if (isOperatorChar(c)) {
          return scanOperator();
        }
        pos++;
        return OTHER;
    }
  }

  private int scanWordOrPrefixedString(char c) {
    if (pos + 1 < n && s.charAt(pos + 1) == '\'') {
      switch (c) {
        case 'E': case 'e':
          if (dialect == Dialect.POSTGRESQL) {
            pos = skipQuoted(pos + 2, '\'', true);
            return STRING;
          }
          break;
        case 'B': case 'b': case 'X': case 'x': case 'N': case 'n':
          pos = skipQuoted(pos + 2, '\'', dialect.backslashEscapes);
          return STRING;
        case 'Q': case 'q':
          if (dialect == Dialect.ORACLE && pos + 2 < n) {
            pos = skipOracleQQuote(pos + 2);
            return STRING;
          }
          break;
        default:
          break;
      }
    }
    if ((c == 'U' || c == 'u') && dialect == Dialect.POSTGRESQL && s.startsWith("&'", pos + 1)) {
      pos = skipQuoted(pos + 3, '\'', false);
      return STRING;
    }
    // the delimiter after nq' must exist, as for q' above: "nq'" at the very end is a word and a quote
    if ((c == 'N' || c == 'n') && dialect == Dialect.ORACLE && pos + 3 < n
        && (s.charAt(pos + 1) == 'q' || s.charAt(pos + 1) == 'Q') && s.charAt(pos + 2) == '\'') {
      pos = skipOracleQQuote(pos + 3);
      return STRING;
    }
    int h = Keywords.hashStep(0, c);
    pos++;
    while (pos < n) {
      char ch = s.charAt(pos);
      if (!isIdentPart(ch)) {
        break;
      }
      h = Keywords.hashStep(h, ch);
      pos++;
    }
    keyword = Keywords.lookup(s, start, pos, h);
    return WORD;
  }

  private void scanNumber() {
    if (s.charAt(pos) == '0' && pos + 2 < n && (s.charAt(pos + 1) == 'x' || s.charAt(pos + 1) == 'X')
        && isHexDigit(s.charAt(pos + 2))) {
      pos += 2;
      while (pos < n && isHexDigit(s.charAt(pos))) {
        pos++;
      }
      return;
    }
    while (pos < n && isDigitOrUnderscore(s.charAt(pos))) {
      pos++;
    }
    if (pos < n && s.charAt(pos) == '.' && !(pos + 1 < n && s.charAt(pos + 1) == '.')) {
      pos++;
      while (pos < n && isDigitOrUnderscore(s.charAt(pos))) {
        pos++;
      }
    }
    if (pos < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      int p = pos + 1;
      if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
        p++;
      }
      if (isDigitAt(p)) {
        pos = p;
        while (pos < n && isDigitOrUnderscore(s.charAt(pos))) {
          pos++;
        }
      }
    }
  }

  private int scanSignOrOperator(char c) {
    if (!prevEndsOperand && (isDigitAt(pos + 1) || (pos + 2 < n && s.charAt(pos + 1) == '.' && isDigitAt(pos + 2)))) {
      pos++;
      scanNumber();
      return NUMBER;
    }
    pos++;
    if (c == '-' && pos < n && s.charAt(pos) == '>') {
      pos++;
      if (pos < n && s.charAt(pos) == '>') {
        pos++;
      }
    }
    return OPERATOR;
  }

  private int scanDollar() {
    if (dialect.dollarParams && isDigitAt(pos + 1)) {
      pos++;
      while (pos < n && isDigit(s.charAt(pos))) {
        pos++;
      }
      return PARAM;
    }
    if (dialect.dollarQuotes) {
      int tagEnd = pos + 1;
      while (tagEnd < n && isIdentPart(s.charAt(tagEnd)) && s.charAt(tagEnd) != '$') {
        tagEnd++;
      }
      if (tagEnd < n && s.charAt(tagEnd) == '$' && (tagEnd == pos + 1 || !isDigit(s.charAt(pos + 1)))) {
        String tag = s.substring(pos, tagEnd + 1);
        int close = s.indexOf(tag, tagEnd + 1);
        pos = close < 0 ? n : close + tag.length();
        return STRING;
      }
    }
    pos++;
    return OTHER;
  }

  private int scanColon() {
    if (pos + 1 < n && s.charAt(pos + 1) == ':') {
      pos += 2;
      return CAST;
    }
    if (pos + 1 < n && s.charAt(pos + 1) == '=') {
      pos += 2;
      return OPERATOR;
    }
    if (!prevEndsOperand && pos + 1 < n && (isIdentStart(s.charAt(pos + 1)) || isDigit(s.charAt(pos + 1)))) {
      pos++;
      while (pos < n && isIdentPart(s.charAt(pos))) {
        pos++;
      }
      return PARAM;
    }
    pos++;
    return OPERATOR;
  }

  private int scanAt() {
    if (pos + 1 < n && s.charAt(pos + 1) == '@') {
      pos += 2; // @@version, @@session.x: system variables are names, not values
      while (pos < n && isIdentPart(s.charAt(pos))) {
        pos++;
      }
      return WORD;
    }
    if (dialect.atParams && pos + 1 < n && isIdentPart(s.charAt(pos + 1))) {
      pos++;
      while (pos < n && isIdentPart(s.charAt(pos))) {
        pos++;
      }
      return PARAM;
    }
    return scanOperator();
  }

  private int scanOperator() {
    pos++;
    while (pos < n && isOperatorChar(s.charAt(pos))) {
      char c = s.charAt(pos);
      if ((c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') || (c == '#' && dialect.hashComments)
          || (c == '@' && dialect.atParams)) { // a=@p1, a=@@x: '@' starts a name in these dialects
        break;
      }
      pos++;
    }
    return OPERATOR;
  }

  private void afterToken() {
    switch (kind) {
      case WORD -> {
        prevEndsOperand = keyword == Keywords.NONE || keyword == Keywords.NULL || keyword == Keywords.TRUE
            || keyword == Keywords.FALSE || keyword == Keywords.END;
        trackOrdinalList();
        prevKeyword = keyword;
        return;
      }
      case QUOTED_IDENT, STRING, PARAM, RPAREN, RBRACKET -> prevEndsOperand = true;
      case NUMBER -> {
        prevEndsOperand = true;
        ordinal = expectingOrderItem && depth == ordinalListDepth && isDigit(s.charAt(start));
      }
      default -> prevEndsOperand = false;
    }
    trackOrdinalList();
    prevKeyword = Keywords.NONE;
  }

  private void trackOrdinalList() {
    if (kind == WORD && keyword == Keywords.BY && (prevKeyword == Keywords.ORDER || prevKeyword == Keywords.GROUP)) {
      ordinalListDepth = depth;
      expectingOrderItem = true;
      return;
    }
    if (ordinalListDepth < 0) {
      return;
    }
    if (depth < ordinalListDepth || kind == SEMICOLON
        || (kind == WORD && keyword != Keywords.NONE && keyword != Keywords.ASC && keyword != Keywords.DESC
            && keyword != Keywords.NULLS && keyword != Keywords.FIRST && keyword != Keywords.LAST)) {
      ordinalListDepth = -1;
      expectingOrderItem = false;
      return;
    }
    expectingOrderItem = kind == COMMA && depth == ordinalListDepth;
  }

  private void skipSpaceAndComments() {
    while (pos < n) {
      char c = s.charAt(pos);
      if (c <= ' ' || c == '\u00a0' || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
        pos++;
      } else if (c == '-' && pos + 1 < n && s.charAt(pos + 1) == '-' && dashDashStartsComment()) {
        skipToLineEnd();
      } else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
        skipBlockComment();
      } else if (c == '#' && dialect.hashComments) {
        skipToLineEnd();
      } else {
        return;
      }
    }
  }

  /** MySQL needs whitespace after "--"; elsewhere "--" always starts a comment. */
  private boolean dashDashStartsComment() {
    if (dialect != Dialect.MYSQL) {
      return true;
    }
    return pos + 2 >= n || s.charAt(pos + 2) <= ' ';
  }

  private void skipToLineEnd() {
    while (pos < n && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
      pos++;
    }
  }

  private void skipBlockComment() {
    int nesting = 1;
    pos += 2;
    while (pos < n) {
      char c = s.charAt(pos);
      if (c == '*' && pos + 1 < n && s.charAt(pos + 1) == '/') {
        pos += 2;
        if (--nesting == 0 || !dialect.nestedBlockComments) {
          return;
        }
      } else if (c == '/' && dialect.nestedBlockComments && pos + 1 < n && s.charAt(pos + 1) == '*') {
        pos += 2;
        nesting++;
      } else {
        pos++;
      }
    }
  }

  /** Returns the index after the closing quote; an unterminated quote runs to the end of the input. */
  private int skipQuoted(int from, char quote, boolean backslash) {
    int p = from;
    while (p < n) {
      char c = s.charAt(p);
      if (c == '\\' && backslash) {
        p += 2;
      } else if (c == quote) {
        if (p + 1 < n && s.charAt(p + 1) == quote) {
          p += 2; // doubled quote is an escaped quote
        } else {
          return p + 1;
        }
      } else {
        p++;
      }
    }
    return n;
  }

  /** Oracle q'[...]', q'{...}', q'<...>', q'(...)' or q'X...X'. {@code from} points at the delimiter. */
  private int skipOracleQQuote(int from) {
    char open = s.charAt(from);
    char close = switch (open) {
      case '[' -> ']';
      case '{' -> '}';
      case '<' -> '>';
      case '(' -> ')';
      default -> open;
    };
    for (int p = from + 1; p + 1 < n; p++) {
      if (s.charAt(p) == close && s.charAt(p + 1) == '\'') {
        return p + 2;
      }
    }
    return n;
  }

  private boolean isDigitAt(int p) {
    return p < n && isDigit(s.charAt(p));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDigitOrUnderscore(char c) {
    return (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 0x80 && Character.isLetter(c));
  }

  static boolean isIdentPart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
        || (c >= 0x80 && Character.isLetterOrDigit(c));
  }

  private static boolean isOperatorChar(char c) {
    return switch (c) {
      case '<', '>', '=', '!', '~', '%', '^', '&', '|', '*', '/', '#', '@' -> true;
      default -> false;
    };
  }
}
