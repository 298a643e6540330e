package io.dblens.parsers.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LockInfo;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.PlanInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL's less frequent messages mean: errors, locks, deadlocks, checkpoints, autovacuum,
 * connections, temporary files, plans, server life cycle and replication. English message texts
 * (lc_messages = 'C' or 'en'), as PostgreSQL 9.x to 17 write them.
 */
final class Messages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern LOCK = Pattern.compile(
      "^process (\\d+) (still waiting for|acquired|avoided deadlock for|detected deadlock while waiting for) "
          + "(\\S+) on (.+?)(?: by rearranging queue order)? after ([\\d.]+) ms");
  private static final Pattern HOLDERS = Pattern.compile(
      "Process(?:es)? holding the lock: ([^.]+)\\.(?: Wait queue: ([^.]*)\\.)?");
  private static final Pattern DL_WAIT = Pattern.compile(
      "^Process (\\d+) waits for (\\S+) on (.+?); blocked by process (\\d+)\\.?$");
  private static final Pattern DL_STMT = Pattern.compile("^Process (\\d+): ?(.*)$");
  private static final Pattern TABLE = Pattern.compile("of table \"([^\"]+)\"");
  private static final Pattern DURATION_S = Pattern.compile("elapsed: ([\\d.]+) s");
  private static final Pattern[] VACUUM_STATS = {
      Pattern.compile("index scans: (?<indexScans>\\d+)"),
      Pattern.compile("pages: (?<pagesRemoved>\\d+) removed, (?<pagesRemain>\\d+) remain"),
      Pattern.compile("tuples: (?<tuplesRemoved>\\d+) removed, (?<tuplesRemain>\\d+) remain, "
          + "(?<tuplesDead>\\d+) are dead but not yet removable"),
      Pattern.compile("buffer usage: (?<bufferHits>\\d+) hits, (?<bufferMisses>\\d+) (?:misses|reads), "
          + "(?<bufferDirtied>\\d+) dirtied"),
      Pattern.compile("WAL usage: (?<walRecords>\\d+) records, (?<walFpi>\\d+) full page images, (?<walBytes>\\d+) bytes")};
  private static final Map<String, String> VACUUM_ATTRIBUTES = Map.ofEntries(
      Map.entry("indexScans", "pg.index_scans"), Map.entry("pagesRemoved", "pg.pages_removed"),
      Map.entry("pagesRemain", "pg.pages_remain"), Map.entry("tuplesRemoved", "pg.tuples_removed"),
      Map.entry("tuplesRemain", "pg.tuples_remain"), Map.entry("tuplesDead", "pg.tuples_dead_not_removable"),
      Map.entry("bufferHits", "pg.buffer_hits"), Map.entry("bufferMisses", "pg.buffer_misses"),
      Map.entry("bufferDirtied", "pg.buffer_dirtied"), Map.entry("walRecords", "pg.wal_records"),
      Map.entry("walFpi", "pg.wal_full_page_images"), Map.entry("walBytes", "pg.wal_bytes"));
  private static final Pattern CHECKPOINT_DONE = Pattern.compile(
      "wrote (\\d+) buffers.*?write=([\\d.]+) s, sync=([\\d.]+) s, total=([\\d.]+) s", Pattern.DOTALL);
  private static final Pattern CHECKPOINT_DISTANCE = Pattern.compile("distance=(\\d+) kB, estimate=(\\d+) kB");
  private static final Pattern HOST = Pattern.compile("host=(\\S+)(?: port=(\\d+))?");
  private static final Pattern USER = Pattern.compile("user=(\\S+)");
  private static final Pattern DATABASE = Pattern.compile("database=(\\S+)");
  private static final Pattern APPLICATION = Pattern.compile("application_name=(.+?)(?: SSL enabled| GSS|$)");
  private static final Pattern SESSION_TIME = Pattern.compile("session time: (\\d+):(\\d\\d):(\\d\\d(?:\\.\\d+)?)");
  private static final Pattern TEMP_FILE = Pattern.compile("temporary file: path \"([^\"]+)\", size (\\d+)");

  private static final List<String> STARTUP = List.of(
      "database system is ready to accept", "starting PostgreSQL", "database system was shut down",
      "database system was interrupted", "database system was not properly shut down", "listening on ",
      "redo starts at", "redo done at", "redo is not required", "autovacuum launcher started",
      "entering standby mode", "starting point-in-time recovery", "starting archive recovery",
      "selected new timeline ID", "archive recovery complete",
      "database system is in production mode", "recovering prepared transaction",
      "last completed transaction was at log time", "MultiXact member wraparound protections are now enabled",
      "database system shutdown was interrupted",
      "ending log output to stderr", "redirecting log output to logging collector process");
  private static final List<String> SHUTDOWN = List.of(
      "received fast shutdown request", "received smart shutdown request", "received immediate shutdown request",
      "database system is shut down", "shutting down", "aborting any active transactions",
      "autovacuum launcher shutting down", "terminating any other active server processes",
      "server process (PID", "background worker", "database system is shutting down", "startup process (PID",
      "checkpointer process (PID", "the database system is shutting down",
      "terminating autovacuum process due to administrator command",
      "terminating connection because of crash of another server process",
      "all server processes terminated; reinitializing", "worker process: ");
  private static final List<String> REPLICATION = List.of(
      "started streaming WAL", "restored log file", "replication terminated by primary",
      "consistent recovery state reached", "archive command failed", "archive command was terminated",
      "could not receive data from WAL stream", "terminating walreceiver", "fetching timeline history file",
      "new target timeline", "waiting for WAL to become available", "base backup", "pg_stop_backup",
      "streaming replication successfully connected", "standby \"", "logical decoding", "starting logical decoding",
      "invalid record length", "invalid magic number", "record with incorrect prev-link", "invalid resource manager ID",
      "contrecord is requested", "restartpoint", "recovery stopping", "WAL", "restarted WAL streaming",
      "archiver process (PID", "according to history file");

  private Messages() {}

  static void classifyOther(PgEntry e, String msg, LogEvent.Builder b) {
    if (Severity.isError(e.severity)) {
      // Server life-cycle and replication incidents come as FATAL/ERROR too; their type says more
      // than "error" (the severity and SQLSTATE stay on the event).
      if (startsWithAny(msg, REPLICATION) && !msg.startsWith("restartpoint")) {
        b.type(EventType.REPLICATION);
      } else if (startsWithAny(msg, SHUTDOWN)) {
        b.type(EventType.SHUTDOWN);
      } else {
        b.type(msg.startsWith("deadlock detected") ? EventType.DEADLOCK : EventType.ERROR);
      }
      return;
    }
    if (msg.startsWith("process ")) {
      if (lock(msg, b)) {
        return;
      }
    }
    if (msg.startsWith("checkpoint") || msg.startsWith("restartpoint") || msg.startsWith("recovery restart point")) {
      checkpoint(msg, b);
      return;
    }
    if (msg.startsWith("automatic vacuum") || msg.startsWith("automatic aggressive vacuum")) {
      maintenance(EventType.AUTOVACUUM, msg, b);
      return;
    }
    if (msg.startsWith("automatic analyze")) {
      maintenance(EventType.AUTOANALYZE, msg, b);
      return;
    }
    if (msg.startsWith("connection received:")) {
      b.type(EventType.CONNECTION);
      Matcher m = HOST.matcher(msg);
      if (m.find() && b.build().client() == null) {
        b.client(m.group(2) == null ? m.group(1) : m.group(1) + ":" + m.group(2));
      }
      return;
    }
    if (msg.startsWith("connection authorized:") || msg.startsWith("replication connection authorized:")
        || msg.startsWith("connection authenticated:")) {
      b.type(EventType.CONNECTION);
      LogEvent now = b.build();
      if (now.user() == null) {
        b.user(group(USER, msg));
      }
      if (now.database() == null) {
        b.database(group(DATABASE, msg));
      }
      if (now.application() == null) {
        b.application(group(APPLICATION, msg));
      }
      return;
    }
    if (msg.startsWith("disconnection:")) {
      b.type(EventType.DISCONNECTION);
      Matcher m = SESSION_TIME.matcher(msg);
      if (m.find()) {
        double ms = (Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60
            + Double.parseDouble(m.group(3))) * 1000;
        b.attribute("pg.session_ms", format(ms));
      }
      LogEvent now = b.build();
      if (now.user() == null) {
        b.user(group(USER, msg));
      }
      if (now.database() == null) {
        b.database(group(DATABASE, msg));
      }
      return;
    }
    if (msg.startsWith("temporary file:")) {
      b.type(EventType.TEMP_FILE);
      Matcher m = TEMP_FILE.matcher(msg);
      if (m.find()) {
        b.attribute("pg.temp_file_path", m.group(1)).attribute("pg.temp_file_bytes", m.group(2));
      }
      return;
    }
    if (msg.startsWith("archiver process")) {
      b.type(EventType.REPLICATION);
    } else if (startsWithAny(msg, SHUTDOWN)) {
      b.type(EventType.SHUTDOWN);
    } else if (startsWithAny(msg, STARTUP)) {
      b.type(EventType.STARTUP);
    } else if (startsWithAny(msg, REPLICATION)) {
      b.type(EventType.REPLICATION);
    }
  }

  private static boolean lock(String msg, LogEvent.Builder b) {
    Matcher m = LOCK.matcher(msg);
    if (!m.find()) {
      return false;
    }
    String what = m.group(2);
    b.type(what.equals("acquired") ? EventType.LOCK_ACQUIRED : EventType.LOCK_WAIT);
    b.attribute("pg.lock_event", switch (what) {
      case "acquired" -> "acquired";
      case "avoided deadlock for" -> "avoided_deadlock";
      case "detected deadlock while waiting for" -> "detected_deadlock";
      default -> "waiting";
    });
    b.lock(new LockInfo(lockType(m.group(4)), m.group(3), m.group(4), Double.parseDouble(m.group(5)), null, null));
    return true;
  }

  /** Adds the holders and wait queue from the DETAIL line to the lock built from the message. */
  static void lockHolders(String detail, LogEvent.Builder b) {
    LockInfo lock = b.lock();
    if (detail == null || lock == null) {
      return;
    }
    Matcher m = HOLDERS.matcher(detail);
    if (m.find()) {
      b.lock(new LockInfo(lock.lockType(), lock.lockMode(), lock.object(), lock.waitMs(), list(m.group(1)),
          m.group(2) == null ? null : list(m.group(2))));
    }
  }

  /** One participant per process named in the deadlock DETAIL, in order of appearance. */
  static List<DeadlockParticipant> deadlock(String detail, Long victimPid) {
    if (detail == null) {
      return List.of();
    }
    Map<String, String[]> byPid = new LinkedHashMap<>(); // pid -> mode, resource, blocker, statement
    String[] current = null;
    for (String line : detail.split("\n")) {
      String l = line.strip();
      Matcher w = DL_WAIT.matcher(l);
      if (w.matches()) {
        String[] p = byPid.computeIfAbsent(w.group(1), k -> new String[4]);
        p[0] = w.group(2);
        p[1] = w.group(3);
        p[2] = w.group(4);
        current = null;
        continue;
      }
      Matcher s = DL_STMT.matcher(l);
      if (s.matches()) {
        current = byPid.computeIfAbsent(s.group(1), k -> new String[4]);
        current[3] = s.group(2);
        continue;
      }
      if (current != null) {
        current[3] = current[3] + "\n" + line; // a statement spanning lines
      }
    }
    List<DeadlockParticipant> out = new ArrayList<>();
    String victim = victimPid == null ? null : victimPid.toString();
    byPid.forEach((pid, p) -> out.add(new DeadlockParticipant(pid, null, null, null, null, null, null,
        p[1] == null ? null : lockType(p[1]), p[0], null, p[1], p[2], p[3], pid.equals(victim), null)));
    return out;
  }

  private static void checkpoint(String msg, LogEvent.Builder b) {
    b.type(msg.startsWith("checkpoint") || msg.startsWith("restartpoint") || msg.startsWith("recovery restart point")
        ? EventType.CHECKPOINT : EventType.MESSAGE);
    String kind = msg.startsWith("restartpoint") || msg.startsWith("recovery restart point") ? "restartpoint" : "checkpoint";
    b.attribute("pg.checkpoint_kind", kind);
    int colon = msg.indexOf(':');
    if (msg.startsWith(kind + " starting:")) {
      b.attribute("pg.checkpoint_phase", "starting").attribute("pg.checkpoint_reason", msg.substring(colon + 1).strip());
    } else if (msg.startsWith(kind + " complete:")) {
      b.attribute("pg.checkpoint_phase", "complete");
      Matcher m = CHECKPOINT_DONE.matcher(msg);
      if (m.find()) {
        b.attribute("pg.buffers_written", m.group(1))
            .attribute("pg.write_ms", format(Double.parseDouble(m.group(2)) * 1000))
            .attribute("pg.sync_ms", format(Double.parseDouble(m.group(3)) * 1000))
            .attribute("pg.total_ms", format(Double.parseDouble(m.group(4)) * 1000));
      }
      Matcher d = CHECKPOINT_DISTANCE.matcher(msg);
      if (d.find()) {
        b.attribute("pg.distance_kb", d.group(1)).attribute("pg.estimate_kb", d.group(2));
      }
    } else if (msg.startsWith("checkpoints are occurring too frequently")) {
      b.attribute("pg.checkpoint_phase", "too_frequent");
    } else if (msg.startsWith("recovery restart point at")) {
      b.attribute("pg.checkpoint_phase", "restart_point");
    } else {
      b.type(EventType.MESSAGE);
    }
  }

  private static void maintenance(EventType type, String msg, LogEvent.Builder b) {
    b.type(type);
    b.attribute("pg.table", group(TABLE, msg));
    b.attribute("pg.wraparound", msg.contains("to prevent wraparound") ? "true" : null);
    for (Pattern p : VACUUM_STATS) {
      Matcher m = p.matcher(msg);
      if (m.find()) {
        for (Map.Entry<String, String> a : VACUUM_ATTRIBUTES.entrySet()) {
          if (p.pattern().contains("<" + a.getKey() + ">")) {
            b.attribute(a.getValue(), m.group(a.getKey()));
          }
        }
      }
    }
    Matcher d = DURATION_S.matcher(msg);
    if (d.find()) {
      b.attribute("pg.elapsed_ms", format(Double.parseDouble(d.group(1)) * 1000));
    }
  }

  /** auto_explain output after {@code duration: X ms  plan:}: JSON, XML, YAML or text. */
  static void plan(String text, LogEvent.Builder b) {
    String plan = text.strip();
    String format;
    String query = null;
    if (plan.startsWith("{") || plan.startsWith("[")) {
      format = "json";
      try {
        JsonNode n = JSON.readTree(plan);
        JsonNode first = n.isArray() && n.size() > 0 ? n.get(0) : n;
        if (first.hasNonNull("Query Text")) {
          query = first.get("Query Text").asText();
        }
      } catch (Exception ignored) {
        // keep the text; the plan-analysis job reports unreadable plans
      }
    } else if (plan.startsWith("<")) {
      format = "xml";
    } else if (plan.contains("Node Type:")) {
      format = "yaml";
    } else {
      format = "text";
    }
    if (query == null) {
      int q = plan.indexOf("Query Text: ");
      if (q >= 0) {
        int nl = plan.indexOf('\n', q);
        query = plan.substring(q + 12, nl < 0 ? plan.length() : nl).strip();
        if (query.startsWith("\"") && query.endsWith("\"") && query.length() > 1) {
          query = query.substring(1, query.length() - 1);
        }
      }
    }
    b.type(EventType.PLAN).queryText(query).plan(new PlanInfo(format, plan, query));
  }

  static String lockType(String resource) {
    if (resource.startsWith("transaction ")) {
      return "transactionid";
    }
    if (resource.startsWith("virtual transaction")) {
      return "virtualxid";
    }
    if (resource.startsWith("tuple")) {
      return "tuple";
    }
    if (resource.startsWith("relation")) {
      return "relation";
    }
    if (resource.startsWith("extension of relation")) {
      return "extend";
    }
    if (resource.startsWith("page")) {
      return "page";
    }
    if (resource.startsWith("advisory lock")) {
      return "advisory";
    }
    if (resource.startsWith("object")) {
      return "object";
    }
    int sp = resource.indexOf(' ');
    return sp < 0 ? resource : resource.substring(0, sp);
  }

  private static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static boolean startsWithAny(String msg, List<String> starts) {
    for (String s : starts) {
      if (msg.startsWith(s)) {
        return true;
      }
    }
    return false;
  }

  private static String group(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return java.math.BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
