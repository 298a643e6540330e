package io.dblens.parsers;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record (RFC 4180 quoting, possibly spanning lines) into fields; empty means null.
 * Shared by the csvlog and statistics-export parsers.
 */
public final class CsvRecord {

  private CsvRecord() {}

  /** Number of double quotes in the text: an odd running total means a quoted field is still open. */
  public static int quotes(String s) {
    int n = 0;
    for (int i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) {
      n++;
    }
    return n;
  }

  /** @return the fields, or null when the quoting is broken */
  public static List<String> split(String s) {
    List<String> fields = new ArrayList<>(26);
    int i = 0;
    int n = s.length();
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i < n && s.charAt(i) == '"') {
        b.setLength(0);
        i++;
        while (true) {
          int q = s.indexOf('"', i);
          if (q < 0) {
            return null;
          }
          b.append(s, i, q);
          if (q + 1 < n && s.charAt(q + 1) == '"') {
            b.append('"');
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        fields.add(b.length() == 0 ? null : b.toString());
        if (i < n && s.charAt(i) != ',') {
          return null;
        }
      } else {
        int c = s.indexOf(',', i);
        int e = c < 0 ? n : c;
        fields.add(e > i ? s.substring(i, e) : null);
        i = e;
      }
      if (i >= n) {
        return fields;
      }
      i++; // the comma
      if (i == n) {
        fields.add(null);
        return fields;
      }
    }
  }
}
