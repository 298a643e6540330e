package io.dblens.parsers.sqlserver;

import io.dblens.parsers.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What deadlock and blocked-process reports say about one {@code <process>}: the same element in both.
 * Values come back as written; absent or blank attributes are null.
 */
final class ProcessInfo {

  private ProcessInfo() {}

  /** The input buffer (last batch the client sent) with the report's indentation removed. */
  static String inputBuffer(XmlNode process) {
    XmlNode buf = process.child("inputbuf");
    return buf == null ? null : dedent(buf.text());
  }

  /** Trims every line and drops blank lines at both ends; null when nothing is left. */
  static String dedent(String text) {
    if (text == null) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\n", -1)) {
      lines.add(l.strip());
    }
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isEmpty()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isEmpty()) {
      to--;
    }
    return from == to ? null : String.join("\n", lines.subList(from, to));
  }

  /**
   * The execution stack, one frame a line, innermost first: {@code procname line N stmtstart-stmtend
   * sqlhandle} and the frame's statement text when the report carries it (not "unknown").
   */
  static String frames(XmlNode process) {
    XmlNode stack = process.child("executionStack");
    if (stack == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (XmlNode f : stack.children("frame")) {
      StringBuilder b = new StringBuilder();
      b.append(f.attr("procname") == null ? "?" : f.attr("procname"));
      append(b, "line", f.attr("line"));
      append(b, "stmtstart", f.attr("stmtstart"));
      append(b, "stmtend", f.attr("stmtend"));
      append(b, "sqlhandle", f.attr("sqlhandle"));
      String text = dedent(f.text());
      if (text != null && !text.equalsIgnoreCase("unknown")) {
        b.append(" | ").append(text.replace('\n', ' '));
      }
      out.add(b.toString());
    }
    return out.isEmpty() ? null : String.join("\n", out);
  }

  private static void append(StringBuilder b, String key, String value) {
    if (value != null) {
      b.append(' ').append(key).append('=').append(value);
    }
  }

  /** Attributes of a process worth keeping, under their dblens names. */
  private static final Map<String, String> EXTRAS = orderedMap(
      "id", "mssql.process_id",
      "ecid", "mssql.ecid",
      "isolationlevel", "mssql.isolation_level",
      "waittime", "mssql.wait_time_ms",
      "transactionname", "mssql.transaction_name",
      "clientapp", "mssql.client_app",
      "hostpid", "mssql.host_pid",
      "status", "mssql.status",
      "trancount", "mssql.trancount",
      "logused", "mssql.log_used_bytes",
      "priority", "mssql.deadlock_priority",
      "lasttranstarted", "mssql.last_tran_started",
      "lastbatchstarted", "mssql.last_batch_started",
      "lastbatchcompleted", "mssql.last_batch_completed",
      "lockTimeout", "mssql.lock_timeout",
      "currentdb", "mssql.database_id",
      "schedulerid", "mssql.scheduler_id",
      "kpid", "mssql.kpid");

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Copies the process's extras into a map of participant attributes. */
  static void extras(XmlNode process, Map<String, String> into) {
    EXTRAS.forEach((xml, key) -> {
      String v = process.attr(xml);
      if (v != null) {
        into.put(key, v.strip());
      }
    });
    String frames = frames(process);
    if (frames != null) {
      into.put("mssql.frames", frames);
    }
  }

  /** Copies the process's extras into an event, with a key prefix ("mssql.blocking." ...). */
  static void extras(XmlNode process, String prefix, LogEvent.Builder b) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    extras(process, m);
    m.forEach((k, v) -> b.attribute(prefix + k.substring("mssql.".length()), v));
  }

  /** The lock type named by a wait resource ("KEY: 5:72057594043170816 (a0c9)" -> keylock). */
  static String lockType(String waitResource) {
    if (waitResource == null) {
      return null;
    }
    String w = waitResource.strip();
    int colon = w.indexOf(':');
    String head = (colon > 0 ? w.substring(0, colon) : w.split(" ", 2)[0]).toUpperCase(java.util.Locale.ROOT);
    return switch (head) {
      case "KEY" -> "keylock";
      case "PAGE" -> "pagelock";
      case "RID" -> "ridlock";
      case "OBJECT", "TAB" -> "objectlock";
      case "HOBT" -> "hobtlock";
      case "METADATA" -> "metadatalock";
      case "APPLICATION", "APP" -> "applicationlock";
      case "DATABASE", "DB" -> "databaselock";
      case "FILE" -> "filelock";
      case "EXTENT" -> "extentlock";
      case "ALLOCATION_UNIT" -> "allocunitlock";
      case "EXCHANGEEVENT" -> "exchangeEvent";
      case "THREADPOOL" -> "threadpool";
      default -> null;
    };
  }
}
