package io.dblens.parsers.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * The blocker/waiter table of an Oracle deadlock graph. Each row names a resource (an enqueue such as
 * {@code TX-0009000c-0000028b} or, from 12c, {@code TX-00030013-000003CD-00000001-00000000}), the
 * session holding it and the session waiting for it, each with its process, the mode held and the mode
 * waited for (12c adds each side's serial number):
 *
 * <pre>
 *                        ---------Blocker(s)--------  ---------Waiter(s)---------
 * Resource Name          process session holds waits  process session holds waits
 * TX-0009000c-0000028b        25     136     X             27       9           X
 * </pre>
 *
 * Values are right-aligned under their column names and empty cells are blank, so a lone mode is put
 * under the holds or waits column its text ends nearest to.
 */
final class DeadlockGraph {

  /** One side of a row. Modes are as printed (X, S, SX, SS, SSX, NULL); null when the cell is blank. */
  record Side(String process, String session, String holds, String waits, String serial) {}

  /** One row: the resource, its holder and its waiter. */
  record Row(String resource, Side blocker, Side waiter) {
    /** TX, TM, UL ...: the enqueue type the resource name starts with. */
    String lockType() {
      return DeadlockGraph.lockType(resource);
    }
  }

  private final boolean serials;
  private final int[] holdsEnd = new int[2];
  private final int[] waitsEnd = new int[2];
  private final List<Row> rows = new ArrayList<>();

  /** @param header the {@code Resource Name process session holds waits ...} line */
  DeadlockGraph(String header) {
    serials = header.contains("serial");
    columnEnds(header, "holds", holdsEnd);
    columnEnds(header, "waits", waitsEnd);
  }

  List<Row> rows() {
    return rows;
  }

  /** A table row starts with an enqueue name: two capitals (or a capital and a digit), a dash, hex. */
  static boolean isRow(String l) {
    String t = l.stripLeading();
    if (t.length() < 5 || t.charAt(2) != '-' || !Character.isUpperCase(t.charAt(0))
        || !Character.isLetterOrDigit(t.charAt(1))) {
      return false;
    }
    return Character.digit(t.charAt(3), 16) >= 0;
  }

  /** Reads a table row; false when its cells do not fit the table (it is then left out). */
  boolean add(String line) {
    List<int[]> tokens = tokens(line);
    if (tokens.size() < 5) {
      return false;
    }
    String resource = text(line, tokens.get(0));
    int[] i = {1};
    Side blocker = side(line, tokens, i, 0);
    Side waiter = blocker == null ? null : side(line, tokens, i, 1);
    if (waiter == null || i[0] != tokens.size()) {
      return false;
    }
    rows.add(new Row(resource, blocker, waiter));
    return true;
  }

  /** process, session, up to two modes, then the serial when the table has one. */
  private Side side(String line, List<int[]> tokens, int[] i, int which) {
    if (i[0] + 1 >= tokens.size() || !numeric(line, tokens.get(i[0])) || !numeric(line, tokens.get(i[0] + 1))) {
      return null;
    }
    String process = text(line, tokens.get(i[0]++));
    String session = text(line, tokens.get(i[0]++));
    List<int[]> modes = new ArrayList<>(2);
    while (i[0] < tokens.size() && !numeric(line, tokens.get(i[0]))) {
      modes.add(tokens.get(i[0]++));
    }
    if (modes.size() > 2) {
      return null;
    }
    String serial = null;
    if (serials) {
      if (i[0] >= tokens.size()) {
        return null;
      }
      serial = text(line, tokens.get(i[0]++));
    }
    String holds = null;
    String waits = null;
    if (modes.size() == 2) {
      holds = text(line, modes.get(0));
      waits = text(line, modes.get(1));
    } else if (modes.size() == 1) {
      int end = modes.get(0)[1];
      boolean underWaits = holdsEnd[which] > 0 && waitsEnd[which] > 0
          ? Math.abs(end - waitsEnd[which]) < Math.abs(end - holdsEnd[which])
          : which == 1;
      if (underWaits) {
        waits = text(line, modes.get(0));
      } else {
        holds = text(line, modes.get(0));
      }
    }
    return new Side(process, session, holds, waits, serial);
  }

  static String lockType(String resource) {
    int dash = resource.indexOf('-');
    return dash > 0 ? resource.substring(0, dash) : resource;
  }

  /** End offsets of the first and second occurrence of a column name, 0 when absent. */
  private static void columnEnds(String header, String name, int[] ends) {
    int first = header.indexOf(name);
    int second = first < 0 ? -1 : header.indexOf(name, first + 1);
    ends[0] = first < 0 ? 0 : first + name.length();
    ends[1] = second < 0 ? 0 : second + name.length();
  }

  private static List<int[]> tokens(String line) {
    List<int[]> out = new ArrayList<>(12);
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > s) {
        out.add(new int[] {s, i});
      }
    }
    return out;
  }

  private static String text(String line, int[] token) {
    return line.substring(token[0], token[1]);
  }

  private static boolean numeric(String line, int[] token) {
    for (int i = token[0]; i < token[1]; i++) {
      if (!Character.isDigit(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
