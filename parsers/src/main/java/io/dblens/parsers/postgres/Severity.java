package io.dblens.parsers.postgres;

/**
 * Finds the {@code LOG:  } / {@code ERROR:  } marker that ends the log_line_prefix. PostgreSQL writes the
 * severity word, a colon and two spaces; some relays squeeze the spaces to one, so one is enough.
 */
final class Severity {

  private Severity() {}

  /** Primary severities: an entry of its own. */
  static boolean isPrimary(String sev) {
    return !isChild(sev);
  }

  /** Lines PostgreSQL writes after a message, belonging to it. */
  static boolean isChild(String sev) {
    return switch (sev) {
      case "DETAIL", "HINT", "CONTEXT", "STATEMENT", "QUERY", "LOCATION" -> true;
      default -> false;
    };
  }

  static boolean isError(String sev) {
    return "ERROR".equals(sev) || "FATAL".equals(sev) || "PANIC".equals(sev);
  }

  /**
   * Start of the first severity word in {@code s} at or after {@code from}, such that a colon and a
   * space (or the end) follow and no letter or digit precedes it; -1 when there is none. The length of
   * the word is then {@link #wordEnd(String, int)} minus the start.
   */
  static int find(String s, int from) {
    int colon = s.indexOf(':', from);
    while (colon >= 0) {
      if (colon + 1 == s.length() || s.charAt(colon + 1) == ' ') {
        int start = colon;
        while (start > from && isUpperOrDigit(s.charAt(start - 1))) {
          start--;
        }
        if (start < colon && (start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1)))
            && known(s, start, colon)) {
          return start;
        }
      }
      colon = s.indexOf(':', colon + 1);
    }
    return -1;
  }

  static int wordEnd(String s, int start) {
    int i = start;
    while (i < s.length() && isUpperOrDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Index of the message text after {@code SEV:} and its spaces. */
  static int messageStart(String s, int wordEnd) {
    int i = wordEnd + 1;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** The canonical (interned) severity string for the word at [start, end). */
  static String word(String s, int start, int end) {
    for (String k : KNOWN) {
      if (k.length() == end - start && s.regionMatches(start, k, 0, k.length())) {
        return k;
      }
    }
    return s.substring(start, end);
  }

  private static final String[] KNOWN = {
      "LOG", "ERROR", "DETAIL", "STATEMENT", "FATAL", "HINT", "CONTEXT", "WARNING", "NOTICE", "INFO",
      "QUERY", "LOCATION", "PANIC", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5"};

  private static boolean known(String s, int start, int end) {
    for (String k : KNOWN) {
      if (k.length() == end - start && s.regionMatches(start, k, 0, k.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUpperOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
