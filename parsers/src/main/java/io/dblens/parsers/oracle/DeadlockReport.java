package io.dblens.parsers.oracle;

import io.dblens.parsers.DeadlockParticipant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the deadlock section of a trace file ({@code DEADLOCK DETECTED ( ORA-00060 )} through the end of
 * the session information) into participants. Three layouts are understood: 10g ({@code Information on
 * the OTHER waiting sessions:}, {@code Current SQL statement for this session:}), 11g ({@code -----
 * Information for the OTHER waiting sessions -----}, {@code ----- Current SQL Statement for this session
 * (sql_id=...) -----}) and 12c and later ({@code ----- Information for waiting sessions -----}, every
 * session listed with its {@code current SQL:}, and serial columns in the graph).
 *
 * <p>Per session: the resource it waits for, in which mode and for whom (the holder in that table row),
 * the mode it holds on the resource others wait for, its statement and what {@code Rows waited on}
 * says. The victim is the session whose trace this is: the one that got ORA-00060.
 */
final class DeadlockReport {

  /** Attribute the lock analysis reads for the resource a participant's held mode applies to. */
  static final String HELD_RESOURCE = "lock.held_resource";

  /** What the session information says about one session. */
  private static final class Session {
    String serial;
    String user;
    String process;
    String ospid;
    String pdb;
    String machine;
    String program;
    String module;
    String statement;
    final Map<String, String> rowWait = new LinkedHashMap<>();
  }

  private DeadlockGraph graph;
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final Set<String> others = new LinkedHashSet<>();
  private String deadlockType;
  private String thisStatement;
  private String thisSqlId;

  private enum Mode { NONE, GRAPH, ROWS, SESSION, SQL }

  /** @param lines the section, as written */
  static DeadlockReport read(List<String> lines) {
    DeadlockReport r = new DeadlockReport();
    r.scan(lines);
    return r;
  }

  /** Whether the graph table has at least one row this reader understood. */
  boolean hasGraph() {
    return graph != null && !graph.rows().isEmpty();
  }

  String deadlockType() {
    return deadlockType;
  }

  /** The sql_id printed for this (the victim) session's statement, if any. */
  String thisSqlId() {
    return thisSqlId;
  }

  private void scan(List<String> lines) {
    Mode mode = Mode.NONE;
    Session current = null;
    String lastRowSession = null;
    boolean otherHeading = false;
    // Where the statement being read goes: a session, or this session (null).
    Session sqlTarget = null;
    StringBuilder sql = null;
    for (String raw : lines) {
      String t = raw.strip();
      if (mode == Mode.SQL) {
        if (t.isEmpty() && sql.length() == 0) {
          continue;
        }
        if (t.isEmpty() || t.startsWith("-----") || t.startsWith("=====") || isSessionHeading(t)
            || t.startsWith("End of information") || t.startsWith("Information for")) {
          String text = sql.length() == 0 ? null : sql.toString();
          if (sqlTarget == null) {
            thisStatement = text;
          } else {
            sqlTarget.statement = text;
          }
          mode = sqlTarget == null ? Mode.NONE : Mode.SESSION;
        } else {
          if (sql.length() > 0) {
            sql.append('\n');
          }
          sql.append(t);
          continue;
        }
      }
      if (mode == Mode.GRAPH) {
        if (graph == null && t.startsWith("Resource Name")) {
          graph = new DeadlockGraph(raw);
          continue;
        }
        if (graph == null && (t.isEmpty() || t.startsWith("-"))) {
          continue;
        }
        if (graph != null && DeadlockGraph.isRow(t)) {
          graph.add(raw);
          continue;
        }
        mode = Mode.NONE;
      }
      if (mode == Mode.ROWS) {
        if (t.startsWith("Session ") && t.indexOf(':') > 0 && !isSessionHeading(t)) {
          lastRowSession = t.substring(8, t.indexOf(':')).strip();
          rowWait(session(lastRowSession), t.substring(t.indexOf(':') + 1).strip());
          continue;
        }
        if (t.startsWith("(dictionary objn") && lastRowSession != null) {
          dictionary(session(lastRowSession), t);
          continue;
        }
        mode = Mode.NONE;
      }
      if (t.startsWith("[") && t.endsWith("]") && t.contains("Deadlock")) {
        deadlockType = t.substring(1, t.length() - 1);
      } else if (t.equals("Deadlock graph:")) {
        mode = Mode.GRAPH;
      } else if (t.startsWith("Rows waited on:")) {
        mode = Mode.ROWS;
      } else if (t.contains("Information for the OTHER waiting sessions")
          || t.startsWith("Information on the OTHER waiting sessions")) {
        otherHeading = true;
      } else if (t.contains("Information for waiting sessions") || t.startsWith("Information for THIS session")
          || t.contains("End of information")) {
        otherHeading = false;
        mode = Mode.NONE;
      } else if (t.contains("Current SQL Statement for this session")
          || t.startsWith("Current SQL statement for this session")) {
        thisSqlId = between(t, "(sql_id=", ")");
        sqlTarget = null;
        sql = new StringBuilder();
        mode = Mode.SQL;
      } else if (isSessionHeading(t)) {
        String sid = t.substring(8, t.length() - 1);
        current = session(sid);
        if (otherHeading) {
          others.add(sid);
        }
        mode = Mode.SESSION;
      } else if (mode == Mode.SESSION && current != null) {
        if (t.equals("current SQL:") || t.startsWith("Current SQL Statement:") || t.startsWith("current SQL (")) {
          sqlTarget = current;
          sql = new StringBuilder();
          mode = Mode.SQL;
        } else {
          sessionLine(current, t);
        }
      }
    }
    if (mode == Mode.SQL && sql != null && sql.length() > 0) {
      if (sqlTarget == null) {
        thisStatement = sql.toString();
      } else {
        sqlTarget.statement = sql.toString();
      }
    }
  }

  /** {@code Session 136:} alone on its line opens that session's information. */
  private static boolean isSessionHeading(String t) {
    if (!t.startsWith("Session ") || !t.endsWith(":") || t.length() < 10) {
      return false;
    }
    for (int i = 8; i < t.length() - 1; i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private Session session(String sid) {
    return sessions.computeIfAbsent(sid, k -> new Session());
  }

  /**
   * {@code sid: 9 ser: 23 audsid: 1234 user: 91/SCOTT} (11g+), {@code pid=17 serial=39 audsid=540046 user:
   * 54/SCOTT} (10g), {@code pdb: 3/PDB1}, {@code pid: 27 O/S info: user: oracle, term: UNKNOWN, ospid:
   * 5678}, {@code machine: dbhost1 program: sqlplus@dbhost1 (TNS V1-V3)}, {@code application name:
   * SQL*Plus, hash value=3669949024}. The O/S user is the operating-system account, not the database user.
   */
  private static void sessionLine(Session s, String t) {
    if (t.startsWith("sid:") || t.contains("audsid")) {
      // " ser: ", not the end of "user: "
      s.serial = first(word(" " + t, " ser: "), word(t, "serial="), s.serial);
      String user = word(t, "user: ");
      if (user != null) {
        s.user = user.substring(user.indexOf('/') + 1);
      }
    } else if (t.startsWith("pdb:")) {
      String pdb = word(t, "pdb: ");
      s.pdb = pdb == null ? null : pdb.substring(pdb.indexOf('/') + 1);
    } else if (t.startsWith("pid:")) {
      s.process = word(t, "pid: ");
      s.ospid = word(t, "ospid: ");
    }
    if (t.contains("machine: ")) {
      String m = t.substring(t.indexOf("machine: ") + 9);
      int cut = m.indexOf(" program:");
      s.machine = (cut >= 0 ? m.substring(0, cut) : m).strip();
    }
    if (t.contains("program: ")) {
      String p = t.substring(t.indexOf("program: ") + 9).strip();
      s.program = p.isEmpty() ? s.program : p;
    }
    if (t.startsWith("application name: ")) {
      String a = t.substring(18);
      int cut = a.indexOf(", hash value");
      s.module = (cut >= 0 ? a.substring(0, cut) : a).strip();
    }
  }

  /** {@code obj - rowid = 00012345 - AAASMpAAEAAAACFAAA} or {@code no row}. */
  private static void rowWait(Session s, String text) {
    s.rowWait.put("oracle.rows_waited", text);
    int at = text.indexOf("rowid = ");
    if (at >= 0) {
      String rest = text.substring(at + 8);
      int dash = rest.indexOf(" - ");
      s.rowWait.put("oracle.row_wait_rowid", (dash >= 0 ? rest.substring(dash + 3) : rest).strip());
    }
  }

  /** {@code (dictionary objn - 74537, file - 4, block - 133, slot - 0)}. */
  private static void dictionary(Session s, String t) {
    s.rowWait.merge("oracle.rows_waited", t, (a, b) -> a + " " + b);
    for (String part : List.of("objn", "file", "block", "slot")) {
      String v = word(t, part + " - ");
      if (v != null) {
        s.rowWait.put("oracle.row_wait_" + (part.equals("objn") ? "obj" : part), v);
      }
    }
  }

  /**
   * The participants, in the order the graph names them.
   *
   * @param victim the session that got ORA-00060, or null to infer it
   */
  List<DeadlockParticipant> participants(String victim) {
    List<DeadlockGraph.Row> rows = graph.rows();
    Set<String> order = new LinkedHashSet<>();
    for (DeadlockGraph.Row r : rows) {
      order.add(r.blocker().session());
      order.add(r.waiter().session());
    }
    String v = victim != null && order.contains(victim) ? victim : inferVictim(order, rows);
    List<DeadlockParticipant> out = new ArrayList<>();
    for (String sid : order) {
      DeadlockGraph.Row waitRow = null;
      DeadlockGraph.Row holdRow = null;
      for (DeadlockGraph.Row r : rows) {
        if (waitRow == null && r.waiter().session().equals(sid)) {
          waitRow = r;
        }
        if (holdRow == null && r.blocker().session().equals(sid)) {
          holdRow = r;
        }
      }
      Session s = sessions.getOrDefault(sid, new Session());
      DeadlockGraph.Side mine = waitRow != null ? waitRow.waiter() : holdRow.blocker();
      Map<String, String> attrs = new LinkedHashMap<>();
      put(attrs, "oracle.process", mine.process());
      put(attrs, "oracle.serial", first(mine.serial(), s.serial, null));
      put(attrs, "oracle.ospid", s.ospid);
      put(attrs, "oracle.program", s.program);
      put(attrs, "oracle.module", s.module);
      put(attrs, HELD_RESOURCE, holdRow == null ? null : holdRow.resource());
      attrs.putAll(s.rowWait);
      if (waitRow != null && waitRow.lockType().equals("TM")) {
        put(attrs, "oracle.object_id", objectId(waitRow.resource()));
      }
      boolean isVictim = sid.equals(v);
      String statement = s.statement;
      if (isVictim) {
        statement = first(thisStatement, statement, null);
        put(attrs, AlertMessages.SQL_ID, thisSqlId);
      }
      out.add(new DeadlockParticipant(sid,
          holdRow != null && holdRow.lockType().equals("TX") ? holdRow.resource() : null,
          s.user, s.machine, s.pdb, null, null,
          waitRow == null ? null : waitRow.lockType(),
          waitRow == null ? null : waitRow.waiter().waits(),
          holdRow == null ? null : holdRow.blocker().holds(),
          waitRow == null ? null : waitRow.resource(),
          waitRow == null ? null : waitRow.blocker().session(),
          statement, isVictim, attrs));
    }
    return out;
  }

  /**
   * Without a session id in the trace: the session not listed among the OTHER waiting sessions (10g,
   * 11g), else the holder in the first row (the detecting session prints the resource it holds first).
   */
  private String inferVictim(Set<String> order, List<DeadlockGraph.Row> rows) {
    if (!others.isEmpty()) {
      for (String sid : order) {
        if (!others.contains(sid)) {
          return sid;
        }
      }
    }
    return rows.get(0).blocker().session();
  }

  /** The session running as process number {@code process} in the graph, or null. */
  String sessionOfProcess(String process) {
    if (process == null || graph == null) {
      return null;
    }
    for (DeadlockGraph.Row r : graph.rows()) {
      if (process.equals(r.blocker().process())) {
        return r.blocker().session();
      }
      if (process.equals(r.waiter().process())) {
        return r.waiter().session();
      }
    }
    return null;
  }

  /** A TM enqueue's first id is the object id of the table, in hex. */
  private static String objectId(String resource) {
    String[] parts = resource.split("-");
    if (parts.length < 2) {
      return null;
    }
    try {
      return Long.toString(Long.parseLong(parts[1], 16));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  private static String first(String a, String b, String c) {
    return a != null ? a : b != null ? b : c;
  }

  /** The word after a marker, up to a space, comma or closing parenthesis. */
  private static String word(String t, String marker) {
    int at = t.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int p = at + marker.length();
    while (p < t.length() && t.charAt(p) == ' ') {
      p++;
    }
    int e = p;
    while (e < t.length() && t.charAt(e) != ' ' && t.charAt(e) != ',' && t.charAt(e) != ')') {
      e++;
    }
    return e > p ? t.substring(p, e) : null;
  }

  /** The text between two markers, or null. */
  static String between(String t, String open, String close) {
    int a = t.indexOf(open);
    if (a < 0) {
      return null;
    }
    int b = t.indexOf(close, a + open.length());
    return b < 0 ? null : t.substring(a + open.length(), b);
  }
}
