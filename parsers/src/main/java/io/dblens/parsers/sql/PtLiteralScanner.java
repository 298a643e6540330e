package io.dblens.parsers.sql;

/**
 * The middle of pt-query-digest's fingerprint (strings, booleans, numbers, their leftovers, spacing,
 * case, NULL and IN/VALUES lists) in four passes over the characters, for the statements where these
 * steps need no backtracking to decide: printable ASCII, no backslash, no double quote, no empty or
 * doubled single quote, no string right at the start. Everything else returns null and goes through the
 * regular expressions of {@link PtQueryDigestRules}, which define the result; a test checks that both
 * give the same text on the corpus and on generated statements.
 */
final class PtLiteralScanner {
  private PtLiteralScanner() {}

  /** The text after pt's rules up to the list rule, or null when the statement is outside the subset. */
  static String scan(String q) {
    int n = q.length();
    if (n == 0 || q.charAt(0) == '\'') {
      return null;
    }
    boolean inString = false;
    for (int i = 0; i < n; i++) {
      char c = q.charAt(i);
      if (c == '\'') {
        if (i + 1 < n && q.charAt(i + 1) == '\'') {
          return null;
        }
        inString = !inString;
      } else if (c == '\\' || c == '"' || c > '~' || c < ' ' && c != '\n' && c != '\t' && c != '\r') {
        return null;
      }
    }
    if (inString) {
      return null;
    }
    char[] text = q.toCharArray();
    int len = stringsAndBooleans(text, n);
    len = numbers(text, len);
    len = spacingAndCase(text, len);
    len = nulls(text, len);
    return lists(text, len);
  }

  /** Each 'string' to ?, then {@code \btrue\b} and {@code \bfalse\b} (any case) to ?. In place. */
  private static int stringsAndBooleans(char[] t, int n) {
    int out = 0;
    int i = 0;
    while (i < n) {
      char c = t[i];
      if (c == '\'') {
        int close = i + 1;
        while (t[close] != '\'') {
          close++;
        }
        t[out++] = '?';
        i = close + 1;
      } else if ((c == 't' || c == 'T') && wordAt(t, i, n, "true") || (c == 'f' || c == 'F') && wordAt(t, i, n, "false")) {
        // The character before is already in its final place: out - 1.
        if (out == 0 || !isWord(t[out - 1])) {
          t[out++] = '?';
          i += c == 't' || c == 'T' ? 4 : 5;
        } else {
          t[out++] = t[i++];
        }
      } else {
        t[out++] = t[i++];
      }
    }
    return out;
  }

  /** {@code word} at i (any case) with no word character after it. */
  private static boolean wordAt(char[] t, int i, int n, String word) {
    int end = i + word.length();
    if (end > n || end < n && isWord(t[end])) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (Character.toLowerCase(t[i + k]) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code [0-9+-][0-9a-f.xb+-]*} to ?, then each {@code [xb.+-]} right before a ? is dropped, left to
   * right without overlaps (the second rule works on the first one's output, so it runs as it is written).
   */
  private static int numbers(char[] t, int n) {
    int out = 0;
    int i = 0;
    while (i < n) {
      char c = t[i];
      char emit;
      if (c >= '0' && c <= '9' || c == '+' || c == '-') {
        i++;
        while (i < n && isNumberTail(t[i])) {
          i++;
        }
        emit = '?';
      } else {
        emit = c;
        i++;
      }
      // A ? the leftover rule wrote is not itself a leftover, so checking the last character written suffices.
      if (emit == '?' && out > 0 && isLeftover(t[out - 1])) {
        t[out - 1] = '?';
      } else {
        t[out++] = emit;
      }
    }
    return out;
  }

  private static boolean isNumberTail(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '.' || c == 'x' || c == 'b' || c == '+' || c == '-';
  }

  private static boolean isLeftover(char c) {
    return c == 'x' || c == 'b' || c == '.' || c == '+' || c == '-';
  }

  /**
   * Leading whitespace dropped, then one final newline, then every whitespace run to one space; lower
   * case. In place.
   */
  private static int spacingAndCase(char[] t, int n) {
    int start = 0;
    while (start < n && isSpace(t[start])) {
      start++;
    }
    int end = n;
    if (end > start && t[end - 1] == '\n') {
      end--;
    }
    int out = 0;
    boolean space = false;
    for (int i = start; i < end; i++) {
      char c = t[i];
      if (isSpace(c)) {
        space = true;
        continue;
      }
      if (space) {
        t[out++] = ' ';
        space = false;
      }
      t[out++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    if (space) {
      t[out++] = ' ';
    }
    return out;
  }

  /** {@code \bnull\b} to ?. In place. */
  private static int nulls(char[] t, int n) {
    int out = 0;
    int i = 0;
    while (i < n) {
      if (t[i] == 'n' && (i == 0 || !isWord(t[i - 1])) && starts(t, i, n, "null") && (i + 4 == n || !isWord(t[i + 4]))) {
        t[out++] = '?';
        i += 4;
      } else {
        t[out++] = t[i++];
      }
    }
    return out;
  }

  /** {@code \b(in|values?)(?:[\s,]*\([\s?,]*\))+} to {@code $1(?+)}. */
  private static String lists(char[] t, int n) {
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      if ((t[i] == 'i' || t[i] == 'v') && (i == 0 || !isWord(t[i - 1]))) {
        int keyword = starts(t, i, n, "in") ? 2 : starts(t, i, n, "values") ? 6 : starts(t, i, n, "value") ? 5 : 0;
        int end = keyword == 0 ? -1 : groups(t, i + keyword, n);
        if (end < 0 && keyword == 6) {
          keyword = 5;
          end = groups(t, i + keyword, n);
        }
        if (end >= 0) {
          out.append(t, i, keyword).append("(?+)");
          i = end;
          continue;
        }
      }
      out.append(t[i++]);
    }
    return out.toString();
  }

  /** Where one or more {@code [\s,]*\([\s?,]*\)} groups starting at p end, or -1 when there is none. */
  private static int groups(char[] t, int p, int n) {
    int end = -1;
    while (true) {
      int i = p;
      while (i < n && (t[i] == ' ' || t[i] == ',')) {
        i++;
      }
      if (i >= n || t[i] != '(') {
        return end;
      }
      i++;
      while (i < n && (t[i] == ' ' || t[i] == '?' || t[i] == ',')) {
        i++;
      }
      if (i >= n || t[i] != ')') {
        return end;
      }
      end = p = i + 1;
    }
  }

  private static boolean starts(char[] t, int i, int n, String word) {
    if (i + word.length() > n) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (t[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWord(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }
}
