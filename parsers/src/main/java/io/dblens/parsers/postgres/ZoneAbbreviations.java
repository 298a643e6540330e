package io.dblens.parsers.postgres;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the zone text PostgreSQL prints with {@code %t}/{@code %m} to a UTC offset. PostgreSQL prints
 * the abbreviation of {@code log_timezone}, which already says whether summer time applied, so a fixed
 * offset per abbreviation is exact. Abbreviations are ambiguous worldwide; the choices below follow what
 * PostgreSQL's own "Default" abbreviation set means: CST is US Central (not China), IST is India
 * (not Ireland), BST is British Summer Time, AST is Atlantic. Numeric forms (+03, -0530, +05:30) are
 * what PostgreSQL prints for zones without an abbreviation.
 */
final class ZoneAbbreviations {

  private static final Map<String, Integer> OFFSETS = new HashMap<>();

  static {
    put(0, "UTC", "GMT", "UT", "Z", "ZULU", "WET", "UCT");
    put(3600, "CET", "MET", "WEST", "BST", "WAT", "IST_IRISH");
    put(7200, "CEST", "MEST", "EET", "SAST", "CAT", "IST_ISRAEL");
    put(10800, "EEST", "MSK", "EAT", "AST_ARABIA", "IDT", "TRT");
    put(14400, "MSD", "GST", "SAMT");
    put(16200, "AFT");
    put(18000, "PKT", "YEKT");
    put(19800, "IST");
    put(20700, "NPT");
    put(25200, "WIB", "ICT", "KRAT");
    put(28800, "HKT", "SGT", "AWST", "PHT", "MYT", "WITA");
    put(32400, "JST", "KST", "WIT");
    put(34200, "ACST");
    put(36000, "AEST", "ChST");
    put(37800, "ACDT");
    put(39600, "AEDT");
    put(43200, "NZST");
    put(46800, "NZDT");
    put(-3600, "AZOT");
    put(-10800, "BRT", "ART", "ADT", "UYT", "CLST");
    put(-12600, "NST");
    put(-9000, "NDT");
    put(-14400, "AST", "EDT", "CLT", "VET", "BOT");
    put(-18000, "EST", "CDT", "COT", "PET");
    put(-21600, "CST", "MDT");
    put(-25200, "MST", "PDT");
    put(-28800, "PST", "AKDT");
    put(-32400, "AKST", "HDT");
    put(-36000, "HST");
  }

  private ZoneAbbreviations() {}

  private static void put(int seconds, String... names) {
    for (String n : names) {
      OFFSETS.put(n, seconds);
    }
  }

  /**
   * @return offset in seconds east of UTC, or null when the text is not a zone we know
   */
  static Integer offsetSeconds(String zone) {
    Integer known = OFFSETS.get(zone);
    if (known != null) {
      return known;
    }
    Integer numeric = numericOffset(zone);
    if (numeric != null) {
      return numeric;
    }
    if ((zone.startsWith("UTC") || zone.startsWith("GMT")) && zone.length() > 3) {
      return numericOffset(zone.substring(3));
    }
    return null;
  }

  /** A zone id for names like {@code Europe/Paris} that some tools write instead of an abbreviation. */
  static ZoneId regionOrNull(String zone) {
    if (zone.indexOf('/') < 0) {
      return null;
    }
    try {
      return ZoneId.of(zone);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Integer numericOffset(String z) {
    int n = z.length();
    if (n < 2 || (z.charAt(0) != '+' && z.charAt(0) != '-')) {
      return null;
    }
    int sign = z.charAt(0) == '-' ? -1 : 1;
    String digits = z.substring(1).replace(":", "");
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return null;
      }
    }
    int h;
    int m = 0;
    if (digits.length() <= 2) {
      h = Integer.parseInt(digits);
    } else if (digits.length() == 4) {
      h = Integer.parseInt(digits.substring(0, 2));
      m = Integer.parseInt(digits.substring(2));
    } else {
      return null;
    }
    if (h > 15 || m > 59) {
      return null;
    }
    return sign * (h * 3600 + m * 60);
  }

  static ZoneOffset offset(String zone) {
    Integer s = offsetSeconds(zone);
    return s == null ? null : ZoneOffset.ofTotalSeconds(s);
  }
}
