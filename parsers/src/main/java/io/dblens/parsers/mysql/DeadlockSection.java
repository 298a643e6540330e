package io.dblens.parsers.mysql;

import io.dblens.parsers.DeadlockParticipant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one InnoDB deadlock report (the LATEST DETECTED DEADLOCK section of the status output, or the
 * same text written to the error log by innodb_print_all_deadlocks), given as lines with any error-log
 * prefix already removed. One participant per {@code *** (N) TRANSACTION:}; the table, index and lock
 * type come from the lock it waits for, or from the one it holds when it waits for none (as
 * pt-deadlock-logger reports them).
 */
final class DeadlockSection {
  private DeadlockSection() {}

  private static final class Txn {
    String number;
    String session;
    String transaction;
    String user;
    String host;
    String ip;
    String activeSeconds;
    final StringBuilder statement = new StringBuilder();
    boolean inStatement;
    Lock waited;
    Lock held;
  }

  private record Lock(String type, String database, String table, String index, String mode, String text) {}

  static List<DeadlockParticipant> read(List<String> lines) {
    Map<String, Txn> txns = new LinkedHashMap<>();
    Txn current = null;
    String expecting = null;
    String victim = null;
    for (String raw : lines) {
      String l = raw.strip();
      if (l.startsWith("*** ")) {
        if (current != null) {
          current.inStatement = false;
        }
        int open = l.indexOf('(');
        int close = l.indexOf(')', open + 1);
        String number = open > 0 && close > open ? l.substring(open + 1, close) : null;
        if (l.startsWith("*** WE ROLL BACK TRANSACTION")) {
          victim = number;
        } else if (number != null) {
          current = txns.computeIfAbsent(number, k -> {
            Txn t = new Txn();
            t.number = k;
            return t;
          });
          expecting = l.contains("WAITING FOR THIS LOCK") ? "wait" : l.contains("HOLDS THE LOCK") ? "hold" : null;
        }
        continue;
      }
      if (current == null) {
        continue;
      }
      if (l.startsWith("TRANSACTION ")) {
        int comma = l.indexOf(',');
        current.transaction = l.substring(12, comma > 0 ? comma : l.length()).trim();
        int active = l.indexOf("ACTIVE ");
        if (active > 0) {
          int sec = l.indexOf(" sec", active);
          if (sec > 0) {
            current.activeSeconds = l.substring(active + 7, sec).trim();
          }
        }
      } else if (l.startsWith("MySQL thread id ")) {
        thread(l, current);
        current.inStatement = true;
      } else if (l.startsWith("RECORD LOCKS ") || l.startsWith("TABLE LOCK ")) {
        current.inStatement = false;
        Lock lock = lock(l);
        if ("wait".equals(expecting) && current.waited == null) {
          current.waited = lock;
        } else if ("hold".equals(expecting) && current.held == null) {
          current.held = lock;
        }
      } else if (current.inStatement && !l.isEmpty()) {
        if (current.statement.length() > 0) {
          current.statement.append('\n');
        }
        current.statement.append(raw.stripTrailing());
      }
    }
    List<DeadlockParticipant> out = new ArrayList<>();
    List<Txn> cycle = new ArrayList<>(txns.values());
    for (int k = 0; k < cycle.size(); k++) {
      Txn t = cycle.get(k);
      // InnoDB lists the cycle in order: each transaction waits for a lock the next one holds, the last
      // for one the first holds (8.0 prints every "(N) HOLDS THE LOCK(S)"; older servers skip the first).
      String waitsFor = t.waited != null && cycle.size() > 1 ? cycle.get((k + 1) % cycle.size()).session : null;
      Lock main = t.waited != null ? t.waited : t.held;
      Map<String, String> attrs = new HashMap<>();
      attrs.put("mysql.trx_number", t.number);
      if (t.activeSeconds != null) {
        attrs.put("mysql.txn_time_s", t.activeSeconds);
      }
      if (t.ip != null) {
        attrs.put("mysql.ip", t.ip);
      }
      if (main != null) {
        attrs.put("mysql.wait_hold", t.waited != null ? "w" : "h");
      }
      out.add(new DeadlockParticipant(t.session, t.transaction, t.user,
          t.host != null && !t.host.isEmpty() ? t.host : t.ip, main == null ? null : main.database,
          main == null ? null : main.table, main == null ? null : main.index, main == null ? null : main.type,
          t.waited == null ? null : t.waited.mode, t.held == null ? null : t.held.mode,
          main == null ? null : main.text, waitsFor,
          t.statement.length() == 0 ? null : t.statement.toString(), t.number.equals(victim), attrs));
    }
    return out;
  }

  /**
   * {@code MySQL thread id 384855, query id 79940498 10.8.0.86 robot Sending data}; older servers add
   * {@code OS thread handle 0x...,} and write host, then ip, then user.
   */
  private static void thread(String l, Txn t) {
    int comma = l.indexOf(',');
    t.session = l.substring(16, comma > 0 ? comma : l.length()).trim();
    int q = l.indexOf("query id ");
    if (q < 0) {
      return;
    }
    String[] w = l.substring(q + 9).trim().split(" +");
    int i = 1; // w[0] is the query id
    if (w.length == 2) {
      // Only one word after the query id: the user (anonymised captures, local socket sessions).
      t.user = w[1];
      return;
    }
    if (i < w.length && isIp(w[i])) {
      t.host = "";
      t.ip = w[i++];
    } else if (i < w.length) {
      t.host = w[i++];
      if (i < w.length && isIp(w[i])) {
        t.ip = w[i++];
      }
    }
    if (i < w.length) {
      t.user = w[i];
    }
  }

  private static boolean isIp(String s) {
    int dots = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!Character.isDigit(c) && c != ':' && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return dots == 3 || s.contains(":");
  }

  /**
   * {@code RECORD LOCKS space id 0 page no 3 n bits 72 index `PRIMARY` of table `db`.`t` trx id 1 lock_mode X
   * locks rec but not gap waiting} or {@code TABLE LOCK table `db`.`t` trx id 2 lock mode IX waiting}.
   */
  private static Lock lock(String l) {
    String type = l.startsWith("RECORD") ? "RECORD" : "TABLE";
    String index = null;
    int idx = l.indexOf(" index ");
    int of = l.indexOf(" of table ");
    if (type.equals("RECORD") && idx > 0 && of > idx) {
      index = unquote(l.substring(idx + 7, of).trim());
    }
    int tableStart = type.equals("RECORD") ? (of > 0 ? of + 10 : -1) : l.indexOf(" table ") + 7;
    String db = null;
    String table = null;
    if (tableStart > 6) {
      int end = l.indexOf(" trx id", tableStart);
      String name = l.substring(tableStart, end > 0 ? end : l.length()).trim();
      // `db`.`t` (5.5+), "db"."t" (some 5.7 and 8.0 outputs), `db/t` or db/t (5.0, 5.1).
      int dot = Math.max(name.indexOf("`.`"), name.indexOf("\".\""));
      if (dot > 0) {
        db = unquote(name.substring(0, dot + 1));
        table = unquote(name.substring(dot + 2));
      } else {
        String bare = unquote(name);
        int slash = bare.indexOf('/');
        db = slash > 0 ? bare.substring(0, slash) : null;
        table = slash > 0 ? bare.substring(slash + 1) : bare;
      }
    }
    String mode = null;
    int m = l.indexOf("lock_mode ");
    if (m < 0) {
      m = l.indexOf("lock mode ");
    }
    if (m >= 0) {
      String rest = l.substring(m + 10).trim();
      if (rest.endsWith(" waiting")) {
        rest = rest.substring(0, rest.length() - 8);
      }
      mode = rest.trim();
    }
    return new Lock(type, db, table, index, mode, l);
  }

  private static String unquote(String s) {
    s = s.trim();
    boolean quoted = s.length() > 1 && (s.startsWith("`") && s.endsWith("`") || s.startsWith("\"") && s.endsWith("\""));
    return quoted ? s.substring(1, s.length() - 1) : s;
  }
}
