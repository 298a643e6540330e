package io.dblens.parsers.postgres;

/**
 * Recognises the first line of an entry: log_line_prefix, then severity marker, then message. Shared by
 * every text-based format (stderr, RDS, the text inside syslog, logplex and Cloud SQL records).
 */
final class EntryHead {

  /** How many severity-looking markers to try before giving up on a line. */
  private static final int MAX_MARKERS = 3;

  private final LinePrefix prefix;
  private final PgTime time;
  private final LinePrefix.Match match = new LinePrefix.Match();

  EntryHead(LinePrefix prefix, PgTime time) {
    this.prefix = prefix;
    this.time = time;
  }

  LinePrefix prefix() {
    return prefix;
  }

  /** The entry this line starts, or null when the line does not start with the prefix and a severity. */
  PgEntry parse(long number, String text) {
    int from = 0;
    for (int tries = 0; tries < MAX_MARKERS; tries++) {
      int sev = Severity.find(text, from);
      if (sev < 0) {
        return null;
      }
      if (prefix.match(text, sev, match)) {
        PgEntry e = new PgEntry(number);
        int wordEnd = Severity.wordEnd(text, sev);
        e.severity = Severity.word(text, sev, wordEnd);
        e.text(text.substring(Severity.messageStart(text, wordEnd)));
        PrefixFields.fill(prefix, match, text, e, time);
        return e;
      }
      from = sev + 1;
    }
    return null;
  }
}
