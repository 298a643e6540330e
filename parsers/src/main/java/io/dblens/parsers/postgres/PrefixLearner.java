package io.dblens.parsers.postgres;

import io.dblens.parsers.postgres.LinePrefix.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Infers a {@code log_line_prefix} from the text before the severity marker of sample lines: it locates
 * the timestamp, {@code [pid]}, {@code [n-1]} line numbers, {@code key=value} pairs, {@code user@db},
 * client addresses and session ids, and keeps everything else as literal text. Well-known settings are
 * scored against the sample too, and the best-matching candidate wins.
 */
final class PrefixLearner {

  /** Settings seen in the wild (PostgreSQL defaults, Debian, RDS, pgBadger docs). */
  static final List<String> WELL_KNOWN = List.of(
      "%m [%p] ",
      "%m [%p] %q%u@%d ",
      "%t [%p]: [%l-1] ",
      "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
      "%t:%r:%u@%d:[%p]:",
      "%m:%r:%u@%d:[%p]:",
      "%t [%p-%l] %q%u@%d ",
      "%m [%p] %q[%l-1] %u@%d ");

  private static final Map<String, Character> KEYS = Map.ofEntries(
      Map.entry("user", 'u'), Map.entry("usr", 'u'), Map.entry("u", 'u'), Map.entry("username", 'u'),
      Map.entry("user_name", 'u'), Map.entry("role", 'u'), Map.entry("db", 'd'), Map.entry("database", 'd'),
      Map.entry("dbname", 'd'), Map.entry("d", 'd'), Map.entry("app", 'a'), Map.entry("appli", 'a'),
      Map.entry("application", 'a'), Map.entry("application_name", 'a'), Map.entry("a", 'a'),
      Map.entry("client", 'h'), Map.entry("host", 'h'), Map.entry("remote", 'h'), Map.entry("h", 'h'),
      Map.entry("client_addr", 'h'), Map.entry("pid", 'p'), Map.entry("session", 'c'), Map.entry("sess", 'c'),
      Map.entry("session_id", 'c'), Map.entry("xid", 'x'), Map.entry("txid", 'x'), Map.entry("tx", 'x'),
      Map.entry("vxid", 'v'), Map.entry("sqlstate", 'e'), Map.entry("sql_error_code", 'e'),
      Map.entry("e", 'e'), Map.entry("queryid", 'Q'), Map.entry("query_id", 'Q'), Map.entry("line", 'l'),
      Map.entry("backend", 'b'), Map.entry("backend_type", 'b'), Map.entry("tag", 'i'),
      Map.entry("command_tag", 'i'));

  private PrefixLearner() {}

  /**
   * @param prefixes the text before the severity marker of each sample line that has one
   * @return the best prefix, or null when the sample has none
   */
  static LinePrefix infer(List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return null;
    }
    List<LinePrefix> candidates = new ArrayList<>();
    for (String w : WELL_KNOWN) {
      candidates.add(LinePrefix.compile(w));
    }
    String richest = prefixes.get(0);
    for (String p : prefixes) {
      if (p.length() > richest.length()) {
        richest = p;
      }
    }
    LinePrefix learned = learn(richest);
    candidates.add(0, withQuitPoint(learned, prefixes));
    LinePrefix best = null;
    int bestScore = -1;
    LinePrefix.Match m = new LinePrefix.Match();
    for (LinePrefix c : candidates) {
      int score = 0;
      for (String p : prefixes) {
        if (c.match(p, p.length(), m)) {
          score++;
        }
      }
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return bestScore == 0 ? null : best;
  }

  /** Turns one prefix text into tokens. */
  static LinePrefix learn(String p) {
    List<Token> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    boolean pid = false;
    boolean lineNo = false;
    int i = 0;
    int n = p.length();
    while (i < n) {
      char c = p.charAt(i);
      int ts = lit.length() == 0 || !Character.isLetterOrDigit(lit.charAt(lit.length() - 1))
          ? PgTime.scanTimestamp(p, i, n) : -1;
      if (ts > 0) {
        flush(lit, out);
        int dt = PgTime.scanDateTime(p, i, n);
        out.add(Token.escape(dt > i + 19 ? 'm' : 't'));
        i = ts;
        continue;
      }
      int ep = PgTime.isDigit(c) && i == 0 ? PgTime.scanEpoch(p, i, n) : -1;
      if (ep > 0) {
        flush(lit, out);
        out.add(Token.escape('n'));
        i = ep;
        continue;
      }
      if (c == '[') {
        int close = p.indexOf(']', i);
        if (close > i) {
          String inner = p.substring(i + 1, close);
          int dash = inner.indexOf('-');
          if (!inner.isEmpty() && allDigits(inner)) {
            lit.append('[');
            flush(lit, out);
            out.add(Token.escape(!pid ? 'p' : 'x'));
            pid = true;
            lit.append(']');
            i = close + 1;
            continue;
          }
          if (dash > 0 && !lineNo && allDigits(inner.substring(0, dash)) && allDigits(inner.substring(dash + 1))) {
            lit.append('[');
            flush(lit, out);
            out.add(Token.escape('l'));
            lineNo = true;
            lit.append(inner.substring(dash)).append(']');
            i = close + 1;
            continue;
          }
          int eq = inner.indexOf('=');
          if (eq > 0 && KEYS.containsKey(inner.substring(0, eq).toLowerCase(Locale.ROOT))) {
            lit.append('[').append(inner, 0, eq + 1);
            flush(lit, out);
            out.add(Token.escape(KEYS.get(inner.substring(0, eq).toLowerCase(Locale.ROOT))));
            lit.append(']');
            i = close + 1;
            continue;
          }
          if (inner.equals("local") && (lit.length() == 0 || !Character.isLetter(lit.charAt(lit.length() - 1)))) {
            flush(lit, out);
            out.add(Token.escape('r'));
            i = close + 1;
            continue;
          }
        }
      }
      if (Character.isLetter(c) && (i == 0 || !Character.isLetterOrDigit(p.charAt(i - 1)))) {
        int w = i;
        while (w < n && (Character.isLetterOrDigit(p.charAt(w)) || p.charAt(w) == '_')) {
          w++;
        }
        String word = p.substring(i, w);
        int eq = w;
        while (eq < n && p.charAt(eq) == ' ') {
          eq++;
        }
        if (eq < n && p.charAt(eq) == '=') {
          int v = eq + 1;
          // "key = value" (logplex) has spaces on both sides; "key= " is an empty value before a space.
          while (eq > w && v < n && p.charAt(v) == ' ') {
            v++;
          }
          lit.append(p, i, v);
          flush(lit, out);
          Character e = KEYS.get(word.toLowerCase(Locale.ROOT));
          int ve = valueEnd(p, v);
          String value = p.substring(v, ve);
          if (e != null && e == 'h' && value.indexOf('(') > 0) {
            e = 'r';
          }
          out.add(e != null ? Token.escape(e) : Token.other(word));
          i = ve;
          continue;
        }
        int at = w;
        if (at < n && p.charAt(at) == '@' && at + 1 < n && isWordChar(p.charAt(at + 1))) {
          flush(lit, out);
          out.add(Token.escape('u'));
          lit.append('@');
          flush(lit, out);
          out.add(Token.escape('d'));
          i = valueEnd(p, at + 1);
          continue;
        }
      }
      if (c == '@' && isUserAtDbGap(p, i)) {
        // "@" with empty user and/or database, as RDS prints for background processes.
        flush(lit, out);
        out.add(Token.escape('u'));
        lit.append('@');
        flush(lit, out);
        out.add(Token.escape('d'));
        i = valueEnd(p, i + 1);
        continue;
      }
      int host = scanHost(p, i);
      if (host > 0 && (lit.length() == 0 || !Character.isLetterOrDigit(lit.charAt(lit.length() - 1)))) {
        flush(lit, out);
        out.add(Token.escape(p.charAt(host - 1) == ')' ? 'r' : 'h'));
        i = host;
        continue;
      }
      int session = scanSessionId(p, i);
      if (session > 0 && (lit.length() == 0 || !Character.isLetterOrDigit(lit.charAt(lit.length() - 1)))) {
        flush(lit, out);
        out.add(Token.escape('c'));
        i = session;
        continue;
      }
      lit.append(c);
      i++;
    }
    flush(lit, out);
    return new LinePrefix(out);
  }

  /**
   * Lines of non-session processes stop at %q: when other sample lines match only a leading part of the
   * learned tokens that ends before a session field, put a %q there.
   */
  static LinePrefix withQuitPoint(LinePrefix learned, List<String> prefixes) {
    LinePrefix.Match m = new LinePrefix.Match();
    int cut = Integer.MAX_VALUE;
    for (String p : prefixes) {
      if (learned.match(p, p.length(), m)) {
        continue;
      }
      for (int k = 1; k < learned.size(); k++) {
        List<Token> head = new ArrayList<>(learned.tokens().subList(0, k));
        if (new LinePrefix(head).match(p, p.length(), m)) {
          cut = Math.min(cut, k);
          break;
        }
      }
    }
    if (cut == Integer.MAX_VALUE) {
      return withAssumedQuitPoint(learned);
    }
    List<Token> with = new ArrayList<>(learned.tokens().subList(0, cut));
    with.add(Token.escape('q'));
    with.addAll(learned.tokens().subList(cut, learned.size()));
    return new LinePrefix(with);
  }

  /** Escapes only session processes print (the PostgreSQL documentation's "session only" column). */
  private static final String SESSION_ONLY = "udrhaiP";

  /**
   * When the sample holds only session lines, nothing shows where background processes (checkpointer,
   * autovacuum) stop; a day later they write lines without user and database. Putting a %q before the
   * first session-only field matches those lines too and still matches every full line, so it is safe
   * whether or not the server's prefix has one. A literal in front of that field ("user=") goes after
   * the %q, from its last space on.
   */
  static LinePrefix withAssumedQuitPoint(LinePrefix learned) {
    List<Token> tokens = learned.tokens();
    for (Token t : tokens) {
      if (t.escape() == 'q') {
        return learned;
      }
    }
    for (int k = 1; k < tokens.size(); k++) {
      if (SESSION_ONLY.indexOf(tokens.get(k).escape()) < 0) {
        continue;
      }
      // Only where a space separates the field from what precedes it, as in '%m [%p] %u@%d ' or
      // '[%l-1] user=%u': packed prefixes such as RDS' '%t:%r:%u@%d:' print every field on every line.
      Token before = tokens.get(k - 1);
      int space = before.kind() == LinePrefix.Kind.LITERAL ? before.text().lastIndexOf(' ') : -1;
      if (space < 0) {
        return learned;
      }
      List<Token> with = new ArrayList<>(tokens.subList(0, k - 1));
      with.add(Token.literal(before.text().substring(0, space + 1)));
      with.add(Token.escape('q'));
      if (space + 1 < before.text().length()) {
        with.add(Token.literal(before.text().substring(space + 1)));
      }
      with.addAll(tokens.subList(k, tokens.size()));
      return new LinePrefix(with);
    }
    return learned;
  }

  private static boolean isUserAtDbGap(String p, int i) {
    boolean emptyBefore = i == 0 || !isWordChar(p.charAt(i - 1));
    boolean emptyAfter = i + 1 >= p.length() || !isWordChar(p.charAt(i + 1));
    return emptyBefore && emptyAfter;
  }

  private static int valueEnd(String p, int from) {
    int i = from;
    if (i < p.length() && p.charAt(i) == '[') {
      int close = p.indexOf(']', i);
      if (close > 0) {
        return close + 1;
      }
    }
    while (i < p.length() && p.charAt(i) != ',' && p.charAt(i) != ' ' && p.charAt(i) != ':' && p.charAt(i) != ']') {
      i++;
    }
    return i;
  }

  /** IPv4 address with optional (port) at i: end index, or -1. */
  private static int scanHost(String p, int i) {
    int j = i;
    int dots = 0;
    while (j < p.length() && (PgTime.isDigit(p.charAt(j)) || p.charAt(j) == '.')) {
      if (p.charAt(j) == '.') {
        dots++;
      }
      j++;
    }
    if (dots != 3 || j == i) {
      return -1;
    }
    if (j < p.length() && p.charAt(j) == '(') {
      int close = p.indexOf(')', j);
      if (close > j) {
        return close + 1;
      }
    }
    return j;
  }

  /** {@code 6383b33a.258} (%c: start time and pid in hex) at i: end index, or -1. */
  private static int scanSessionId(String p, int i) {
    int j = i;
    while (j < p.length() && isHex(p.charAt(j))) {
      j++;
    }
    if (j - i < 6 || j >= p.length() || p.charAt(j) != '.') {
      return -1;
    }
    int k = j + 1;
    while (k < p.length() && isHex(p.charAt(k))) {
      k++;
    }
    if (k == j + 1 || (k < p.length() && Character.isLetterOrDigit(p.charAt(k)))) {
      return -1;
    }
    return k;
  }

  private static boolean isHex(char c) {
    return PgTime.isDigit(c) || (c >= 'a' && c <= 'f');
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!PgTime.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static void flush(StringBuilder lit, List<Token> out) {
    if (lit.length() > 0) {
      out.add(Token.literal(lit.toString()));
      lit.setLength(0);
    }
  }
}
