package io.dblens.parsers.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code log_line_prefix}: literal text and escapes, matched by a hand-written scanner. The
 * caller first finds the severity marker, so the prefix must consume exactly the text before it; value
 * escapes ({@code %u}, {@code %a} ...) extend to an occurrence of the literal that follows them, trying
 * later occurrences when the rest does not match. {@code %q} marks where non-session processes stop.
 */
final class LinePrefix {

  enum Kind { LITERAL, TIME, EPOCH, NUMBER, VALUE }

  /**
   * @param escape the escape letter ({@code 0} for literals, {@code ?} for a learned key=value field)
   * @param kind   how its text is scanned
   * @param text   the literal text, or for {@code ?} the key name
   */
  record Token(char escape, Kind kind, String text) {
    static Token literal(String t) {
      return new Token((char) 0, Kind.LITERAL, t);
    }

    static Token escape(char e) {
      return new Token(e, kindOf(e), null);
    }

    static Token other(String key) {
      return new Token('?', Kind.VALUE, key);
    }
  }

  private final List<Token> tokens;
  private final Token[] array;
  private final int qIndex;

  LinePrefix(List<Token> tokens) {
    List<Token> merged = new ArrayList<>();
    for (Token t : tokens) {
      if (t.escape == 0 && !merged.isEmpty() && merged.get(merged.size() - 1).escape == 0) {
        Token prev = merged.remove(merged.size() - 1);
        merged.add(Token.literal(prev.text + t.text));
      } else if (t.escape != 0 || !t.text.isEmpty()) {
        merged.add(t);
      }
    }
    int q = -1;
    for (int i = 0; i < merged.size(); i++) {
      if (merged.get(i).escape == 'q') {
        q = i;
      }
    }
    this.tokens = List.copyOf(merged);
    this.array = merged.toArray(new Token[0]);
    this.qIndex = q;
  }

  /** Compiles a log_line_prefix setting as written in postgresql.conf. */
  static LinePrefix compile(String setting) {
    List<Token> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < setting.length(); i++) {
      char c = setting.charAt(i);
      if (c == '%' && i + 1 < setting.length()) {
        char e = setting.charAt(++i);
        // %-10u style padding: skip the width, PostgreSQL pads with spaces which the literal scan tolerates badly,
        // so padded escapes are treated as plain values.
        while ((e == '-' || PgTime.isDigit(e)) && i + 1 < setting.length()) {
          e = setting.charAt(++i);
        }
        if (e == '%') {
          lit.append('%');
          continue;
        }
        if (lit.length() > 0) {
          out.add(Token.literal(lit.toString()));
          lit.setLength(0);
        }
        out.add(Token.escape(e));
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      out.add(Token.literal(lit.toString()));
    }
    return new LinePrefix(out);
  }

  static Kind kindOf(char e) {
    return switch (e) {
      case 't', 'm', 's' -> Kind.TIME;
      case 'n' -> Kind.EPOCH;
      case 'p', 'l', 'x', 'v', 'Q', 'P' -> Kind.NUMBER;
      case 'q' -> Kind.LITERAL;
      default -> Kind.VALUE;
    };
  }

  List<Token> tokens() {
    return tokens;
  }

  int size() {
    return array.length;
  }

  Token token(int i) {
    return array[i];
  }

  boolean hasEscape(char e) {
    for (Token t : array) {
      if (t.escape == e) {
        return true;
      }
    }
    return false;
  }

  /** The setting this prefix stands for, as a DBA would write it. */
  String render() {
    StringBuilder b = new StringBuilder();
    for (Token t : array) {
      if (t.kind == Kind.LITERAL && t.escape == 0) {
        b.append(t.text.replace("%", "%%"));
      } else if (t.escape == '?') {
        b.append("%?");
      } else {
        b.append('%').append(t.escape);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  /**
   * Matches the prefix against {@code s[0, end)} exactly, recording each token's range in {@code m}.
   *
   * @return true when the whole region is the prefix
   */
  boolean match(String s, int end, Match m) {
    m.reset(array.length);
    if (matchFrom(s, 0, end, 0, array.length, m)) {
      return true;
    }
    if (qIndex >= 0) {
      m.reset(array.length);
      return matchFrom(s, 0, end, 0, qIndex, m);
    }
    return false;
  }

  private boolean matchFrom(String s, int pos, int end, int ti, int tEnd, Match m) {
    if (ti == tEnd) {
      return pos == end;
    }
    Token t = array[ti];
    switch (t.kind) {
      case LITERAL -> {
        if (t.escape == 'q') {
          return matchFrom(s, pos, end, ti + 1, tEnd, m);
        }
        int len = t.text.length();
        return pos + len <= end && s.startsWith(t.text, pos) && matchFrom(s, pos + len, end, ti + 1, tEnd, m);
      }
      case TIME -> {
        int e = PgTime.scanTimestamp(s, pos, end);
        if (e < 0) {
          return false;
        }
        if (set(m, ti, pos, e) && matchFrom(s, e, end, ti + 1, tEnd, m)) {
          return true;
        }
        int bare = PgTime.scanDateTime(s, pos, end);
        return bare != e && set(m, ti, pos, bare) && matchFrom(s, bare, end, ti + 1, tEnd, m);
      }
      case EPOCH -> {
        int e = PgTime.scanEpoch(s, pos, end);
        return e > 0 && set(m, ti, pos, e) && matchFrom(s, e, end, ti + 1, tEnd, m);
      }
      case NUMBER -> {
        int i = pos;
        if (i < end && s.charAt(i) == '-') {
          i++;
        }
        while (i < end && (PgTime.isDigit(s.charAt(i)) || (t.escape == 'v' && s.charAt(i) == '/'))) {
          i++;
        }
        // A number may be absent for processes without it (e.g. %l before a session exists is still
        // printed, but %x/%v may be empty), so an empty match is allowed.
        return set(m, ti, pos, i) && matchFrom(s, i, end, ti + 1, tEnd, m);
      }
      default -> {
        if (ti + 1 == tEnd) {
          return set(m, ti, pos, end);
        }
        Token next = array[ti + 1];
        if (next.kind == Kind.LITERAL && next.escape == 0) {
          int at = s.indexOf(next.text, pos);
          while (at >= 0 && at + next.text.length() <= end) {
            if (set(m, ti, pos, at) && matchFrom(s, at, end, ti + 1, tEnd, m)) {
              return true;
            }
            at = s.indexOf(next.text, at + 1);
          }
          return false;
        }
        for (int e = pos; e <= end; e++) {
          if (set(m, ti, pos, e) && matchFrom(s, e, end, ti + 1, tEnd, m)) {
            return true;
          }
        }
        return false;
      }
    }
  }

  private static boolean set(Match m, int ti, int start, int end) {
    m.start[ti] = start;
    m.end[ti] = end;
    return true;
  }

  /** Token ranges of the last match; reused per line to avoid allocation. */
  static final class Match {
    int[] start = new int[16];
    int[] end = new int[16];

    void reset(int n) {
      if (start.length < n) {
        start = new int[n];
        end = new int[n];
      }
      java.util.Arrays.fill(start, 0, n, -1);
      java.util.Arrays.fill(end, 0, n, -1);
    }

    boolean has(int ti) {
      return start[ti] >= 0;
    }
  }
}
