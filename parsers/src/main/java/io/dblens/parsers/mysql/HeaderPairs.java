package io.dblens.parsers.mysql;

import java.util.function.BiConsumer;

/**
 * Reads the {@code Name: value} pairs of slow-log header lines ({@code # Query_time: 1.2  Lock_time: 0
 * Rows_sent: 1}, {@code # Thread_id: 7  Schema: db  Last_errno: 0}) by hand: a name is a run of letters,
 * digits and underscores ending in a colon; the value is the following run of non-blank characters, empty
 * when another name or the end of the line comes first.
 */
final class HeaderPairs {
  private HeaderPairs() {}

  static void scan(String line, int from, BiConsumer<String, String> pair) {
    int n = line.length();
    int i = from;
    while (i < n) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '#' || line.charAt(i) == '\t')) {
        i++;
      }
      int nameStart = i;
      while (i < n && isNameChar(line.charAt(i))) {
        i++;
      }
      if (i == nameStart || i >= n || line.charAt(i) != ':' || !Character.isLetter(line.charAt(nameStart))) {
        // Not a pair (free text such as "No InnoDB statistics available"): skip the word.
        while (i < n && line.charAt(i) != ' ') {
          i++;
        }
        continue;
      }
      String name = line.substring(nameStart, i);
      i++;
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      int valueStart = i;
      while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      String value = line.substring(valueStart, i);
      if (value.endsWith(":") && looksLikeName(value)) {
        // "Schema:  Last_errno: 0": the value is empty and this token is the next name.
        pair.accept(name, "");
        i = valueStart;
        continue;
      }
      pair.accept(name, value);
    }
  }

  private static boolean looksLikeName(String token) {
    for (int i = 0; i < token.length() - 1; i++) {
      if (!isNameChar(token.charAt(i))) {
        return false;
      }
    }
    return token.length() > 1 && Character.isLetter(token.charAt(0));
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
