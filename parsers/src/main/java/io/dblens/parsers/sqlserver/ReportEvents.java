package io.dblens.parsers.sqlserver;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LockInfo;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.PlanInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Makes the event for one XML record: a deadlock report, a blocked process report, a showplan, or an
 * Extended Events {@code <event>} carrying one of them (or a statement, an error, anything else).
 */
final class ReportEvents {

  /** Element names that start a record wherever they appear in a file. */
  static final Set<String> RECORDS = Set.of("event", "deadlock", "blocked-process-report", "ShowPlanXML");

  /** A record that is well-formed XML but not usable: quarantined with the reason. */
  static final class Rejected extends Exception {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final String TIME_SOURCE = "mssql.time_source";
  private static final String NO_OWN_TIME = "latest lastbatchstarted of its processes (the report has no time of its own)";

  private final ZoneId zone;

  ReportEvents(ZoneId zone) {
    this.zone = zone;
  }

  LogEvent.Builder event(XmlNode n) throws Rejected {
    return switch (n.name) {
      case "deadlock" -> deadlock(n, null);
      case "blocked-process-report" -> blocked(n, null);
      case "ShowPlanXML" -> plan(n, null);
      case "event" -> xe(new XeEvent(n), n);
      default -> throw new Rejected("<" + n.name + "> is not a SQL Server report");
    };
  }

  private LogEvent.Builder xe(XeEvent e, XmlNode n) throws Rejected {
    if (e.name == null) {
      throw new Rejected("<event> without a name attribute: not an Extended Events event");
    }
    LogEvent.Builder b = switch (e.name) {
      case "xml_deadlock_report", "database_xml_deadlock_report", "lock_deadlock_chain" -> {
        XmlNode d = n.find("deadlock");
        if (d == null) {
          throw new Rejected(e.name + " event without a <deadlock> report");
        }
        yield deadlock(d, e);
      }
      case "blocked_process_report" -> {
        XmlNode r = n.find("blocked-process-report");
        if (r == null) {
          throw new Rejected("blocked_process_report event without a <blocked-process-report>");
        }
        yield blocked(r, e);
      }
      case "query_post_execution_showplan", "query_pre_execution_showplan", "query_post_compilation_showplan",
          "query_plan_profile", "query_thread_profile" -> {
        XmlNode p = n.find("ShowPlanXML");
        if (p == null) {
          throw new Rejected(e.name + " event without a <ShowPlanXML>");
        }
        yield context(plan(p, e), e);
      }
      case "sql_batch_completed", "rpc_completed", "sql_statement_completed", "sp_statement_completed",
          "module_end" -> context(statement(e), e);
      case "error_reported" -> context(error(e), e);
      default -> context(LogEvent.builder(EventType.MESSAGE).message(e.name), e);
    };
    b.attribute("mssql.xe_event", e.name);
    if (e.timestamp != null) {
      b.eventTime(SqlServerTime.parse(e.timestamp, zone)).rawTime(e.timestamp);
    }
    return b;
  }

  /** Who ran it, from the event's actions. */
  private static LogEvent.Builder context(LogEvent.Builder b, XeEvent e) {
    b.sessionId(e.field("session_id"))
        .database(e.field("database_name"))
        .application(e.field("client_app_name"))
        .client(e.field("client_hostname"))
        .user(first(e.field("server_principal_name"), e.field("username")));
    // Events not tied to a cached plan report a hash of 0.
    b.attribute("mssql.query_hash", nonZero(e.field("query_hash")));
    b.attribute("mssql.query_plan_hash", nonZero(e.field("query_plan_hash")));
    return b;
  }

  private static LogEvent.Builder statement(XeEvent e) {
    String sql = first(e.data("statement"), e.data("batch_text"), e.field("sql_text"));
    LogEvent.Builder b = LogEvent.builder(sql == null ? EventType.MESSAGE : EventType.QUERY)
        .queryText(sql).message(e.name);
    Double micros = number(e.data("duration"));
    if (micros != null) {
      b.durationMs(micros / 1000.0);
    }
    b.attribute("mssql.cpu_time_us", e.data("cpu_time"))
        .attribute("mssql.logical_reads", e.data("logical_reads"))
        .attribute("mssql.physical_reads", e.data("physical_reads"))
        .attribute("mssql.writes", e.data("writes"))
        .attribute("mssql.row_count", e.data("row_count"))
        .attribute("mssql.object_name", e.data("object_name"))
        .attribute("mssql.result", e.dataText("result"));
    return b;
  }

  private static LogEvent.Builder error(XeEvent e) {
    Integer severity = integer(e.data("severity"));
    return LogEvent.builder(severity != null && severity <= 10 ? EventType.MESSAGE : EventType.ERROR)
        .sqlState(e.data("error_number"))
        .severity(ErrorLogParser.severityName(severity))
        .message(e.data("message"))
        .queryText(e.field("sql_text"))
        .attribute("mssql.severity", e.data("severity"))
        .attribute("mssql.state", e.data("state"))
        .attribute("mssql.category", e.dataText("category"));
  }

  private LogEvent.Builder deadlock(XmlNode report, XeEvent e) throws Rejected {
    DeadlockGraph g = new DeadlockGraph(report);
    if (g.processCount() == 0) {
      throw new Rejected("deadlock report without any <process>");
    }
    List<DeadlockParticipant> ps = g.participants();
    LogEvent.Builder b = LogEvent.builder(EventType.DEADLOCK).deadlock(ps).detail(g.xml());
    List<String> victimSpids = new ArrayList<>();
    for (DeadlockParticipant p : ps) {
      if (p.victim()) {
        victimSpids.add("spid " + p.session());
        if (victimSpids.size() == 1) {
          b.sessionId(p.session()).user(p.user()).database(p.database()).client(p.host())
              .application(p.attributes().get("mssql.client_app"));
        }
      }
    }
    b.message("deadlock of " + g.processCount() + " process(es) on " + g.resourceCount() + " resource(s); "
        + (victimSpids.isEmpty() ? "no victim named" : (victimSpids.size() == 1 ? "victim " : "victims ")
        + String.join(", ", victimSpids)));
    b.attribute("mssql.victims", g.victims().isEmpty() ? null : String.join(",", g.victims()));
    if (e == null || e.timestamp == null) {
      latestBatchStart(g.processes().values(), b);
    }
    return b;
  }

  private LogEvent.Builder blocked(XmlNode report, XeEvent e) throws Rejected {
    XmlNode blocked = report.path("blocked-process", "process");
    if (blocked == null) {
      throw new Rejected("blocked-process-report without a blocked <process>");
    }
    XmlNode blocking = report.path("blocking-process", "process");
    String resource = blocked.attr("waitresource") == null ? null : blocked.attr("waitresource").strip();
    String mode = blocked.attr("lockMode") != null ? blocked.attr("lockMode") : e == null ? null : e.dataText("lock_mode");
    Double waitMs = number(blocked.attr("waittime"));
    if (waitMs == null && e != null && number(e.data("duration")) != null) {
      waitMs = number(e.data("duration")) / 1000.0;
    }
    String blockingSpid = blocking == null ? null : blocking.attr("spid");
    String database = blocked.attr("currentdbname") != null ? blocked.attr("currentdbname")
        : e == null ? null : e.data("database_name");
    LogEvent.Builder b = LogEvent.builder(EventType.LOCK_WAIT)
        .sessionId(blocked.attr("spid")).user(blocked.attr("loginname")).application(blocked.attr("clientapp"))
        .client(blocked.attr("hostname")).database(database).queryText(ProcessInfo.inputBuffer(blocked))
        .lock(new LockInfo(ProcessInfo.lockType(resource), mode, resource, waitMs,
            blockingSpid == null ? List.of() : List.of(blockingSpid), List.of()))
        .message("spid " + blocked.attr("spid") + " waited " + blocked.attr("waittime") + " ms for " + mode + " on "
            + resource + (blockingSpid == null ? "" : ", blocked by spid " + blockingSpid))
        .detail(report.toXml());
    ProcessInfo.extras(blocked, "mssql.", b);
    b.attribute("mssql.monitor_loop", report.attr("monitorLoop"));
    if (blocking != null) {
      ProcessInfo.extras(blocking, "mssql.blocking.", b);
      b.attribute("mssql.blocking.spid", blockingSpid)
          .attribute("mssql.blocking.login", blocking.attr("loginname"))
          .attribute("mssql.blocking.host", blocking.attr("hostname"))
          .attribute("mssql.blocking.statement", ProcessInfo.inputBuffer(blocking));
    }
    if (e != null) {
      b.attribute("mssql.object_id", e.data("object_id")).attribute("mssql.index_id", e.data("index_id"))
          .attribute("mssql.transaction_id", e.data("transaction_id"));
    }
    if (e == null || e.timestamp == null) {
      List<XmlNode> both = new ArrayList<>();
      both.add(blocked);
      if (blocking != null) {
        both.add(blocking);
      }
      latestBatchStart(both, b);
    }
    return b;
  }

  private LogEvent.Builder plan(XmlNode showPlan, XeEvent e) throws Rejected {
    ShowPlan plan = new ShowPlan(showPlan);
    if (plan.statements.isEmpty()) {
      throw new Rejected("ShowPlanXML without any statement");
    }
    ShowPlan.Statement main = plan.statements.get(0);
    for (ShowPlan.Statement s : plan.statements) {
      if (plan.operators.stream().anyMatch(o -> o.statement() == s.number())) {
        main = s;
        break;
      }
    }
    LogEvent.Builder b = LogEvent.builder(EventType.PLAN)
        .queryText(main.text())
        .plan(new PlanInfo("xml", showPlan.toXml(), main.text()))
        .message((plan.actual() ? "actual" : "estimated") + " plan: " + plan.statements.size() + " statement(s), "
            + plan.operators.size() + " operator(s), " + plan.missingIndexes.size() + " missing index hint(s)")
        .detail(plan.outline());
    double elapsed = 0;
    boolean timed = false;
    for (ShowPlan.Statement s : plan.statements) {
      Double ms = number(s.elapsedMs());
      if (ms != null) {
        elapsed += ms;
        timed = true;
      }
    }
    Double micros = e == null ? null : number(e.data("duration"));
    if (micros != null) {
      b.durationMs(micros / 1000.0);
    } else if (timed) {
      b.durationMs(elapsed);
    }
    b.attribute("mssql.plan.kind", plan.actual() ? "actual" : "estimated")
        .attribute("mssql.plan.statements", Integer.toString(plan.statements.size()))
        .attribute("mssql.plan.statement_type", main.type())
        .attribute("mssql.plan.cost", main.subtreeCost())
        .attribute("mssql.plan.estimated_rows", main.estimateRows())
        .attribute("mssql.plan.dop", main.dop())
        .attribute("mssql.plan.cpu_ms", main.cpuMs())
        .attribute("mssql.plan.warnings", main.warnings())
        .attribute("mssql.plan.operators", plan.operatorRows())
        .attribute("mssql.plan.missing_indexes", plan.missingIndexRows())
        .attribute("mssql.query_hash", main.queryHash())
        .attribute("mssql.query_plan_hash", main.queryPlanHash())
        .attribute("mssql.build", plan.build);
    return b;
  }

  /**
   * A saved report carries no time of its own; the latest batch start of its processes is the closest
   * lower bound, and is marked as such.
   */
  private void latestBatchStart(Collection<XmlNode> processes, LogEvent.Builder b) {
    Instant latest = null;
    String raw = null;
    for (XmlNode p : processes) {
      String s = p.attr("lastbatchstarted");
      Instant t = SqlServerTime.parse(s, zone);
      if (t != null && !s.startsWith("1900-") && (latest == null || t.isAfter(latest))) {
        latest = t;
        raw = s;
      }
    }
    if (latest != null) {
      b.eventTime(latest).rawTime(raw).attribute(TIME_SOURCE, NO_OWN_TIME);
    }
  }

  private static String nonZero(String hash) {
    return hash == null || hash.equals("0") || hash.equals("0x0000000000000000") ? null : hash;
  }

  static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  static Double number(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Double.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer integer(String s) {
    Double d = number(s);
    return d == null ? null : d.intValue();
  }
}
