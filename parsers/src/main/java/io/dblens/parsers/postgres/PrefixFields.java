package io.dblens.parsers.postgres;

/** Copies the values a prefix match found into an entry. */
final class PrefixFields {

  private PrefixFields() {}

  static void fill(LinePrefix prefix, LinePrefix.Match m, String s, PgEntry e, PgTime time) {
    for (int i = 0; i < prefix.size(); i++) {
      if (!m.has(i)) {
        continue;
      }
      LinePrefix.Token t = prefix.token(i);
      int a = m.start[i];
      int b = m.end[i];
      switch (t.escape()) {
        case 't', 'm' -> {
          e.rawTime = s.substring(a, b);
          e.time = time.parse(s, a, b);
        }
        case 'n' -> {
          e.rawTime = s.substring(a, b);
          e.time = PgTime.parseEpoch(e.rawTime);
        }
        case 'p' -> {
          if (b > a) {
            e.pid = parseLong(s, a, b);
          }
        }
        case 'c' -> e.sessionId = value(s, a, b);
        case 'l' -> e.attribute("pg.session_line", value(s, a, b));
        case 'u' -> e.user = value(s, a, b);
        case 'd' -> e.database = value(s, a, b);
        case 'a' -> e.application = value(s, a, b);
        case 'h', 'r' -> e.client = value(s, a, b);
        case 'e' -> e.sqlState = value(s, a, b);
        case 'Q' -> e.queryId = value(s, a, b);
        case 'x' -> e.attribute("pg.txid", value(s, a, b));
        case 'v' -> e.attribute("pg.vxid", value(s, a, b));
        case 'i' -> e.attribute("pg.command_tag", value(s, a, b));
        case 'b' -> e.attribute("pg.backend_type", value(s, a, b));
        case 's' -> e.attribute("pg.session_start", value(s, a, b));
        case '?' -> e.attribute("pg.prefix." + t.text(), value(s, a, b));
        default -> { }
      }
    }
  }

  /** Empty values and PostgreSQL's {@code [unknown]} placeholder mean "not known". */
  private static String value(String s, int a, int b) {
    if (b <= a) {
      return null;
    }
    if (b - a == 9 && s.startsWith("[unknown]", a)) {
      return null;
    }
    return s.substring(a, b);
  }

  static Long parseLong(String s, int a, int b) {
    long v = 0;
    boolean neg = s.charAt(a) == '-';
    for (int i = neg ? a + 1 : a; i < b; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return neg ? -v : v;
  }
}
