package io.dblens.parsers.postgres;

/**
 * BSD syslog stamps have no year. We start from a year seen in the file's own text (PostgreSQL writes
 * full timestamps in messages such as "database system was shut down at 2019-02-11 13:14:59 CET"),
 * or else the current year, and move to the next year whenever the month goes backwards (a log that
 * runs from December into January). MongoDB's ctime stamps (before 2.6) use it too.
 */
public final class SyslogYear {
  private int year;
  private int lastMonth;

  public SyslogYear(int startYear) {
    this.year = startYear;
  }

  public int yearFor(int month) {
    if (lastMonth != 0 && month < lastMonth) {
      year++;
    }
    lastMonth = month;
    return year;
  }

  /** The first 4-digit year of a {@code yyyy-mm-dd} date in the text, or -1. */
  public static int yearIn(String text) {
    for (int i = text.indexOf('-'); i >= 4 && i + 6 <= text.length(); i = text.indexOf('-', i + 1)) {
      if (PgTime.digits(text, i - 4, 4) && PgTime.digits(text, i + 1, 2) && text.charAt(i + 3) == '-'
          && PgTime.digits(text, i + 4, 2)) {
        int y = PgTime.num(text, i - 4, 4);
        if (y >= 1990 && y <= 2200) {
          return y;
        }
      }
      if (i < 0) {
        break;
      }
    }
    return -1;
  }
}
