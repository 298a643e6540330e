package io.dblens.parsers.oracle;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a trace file ({@code <sid>_ora_<pid>.trc}). The header ({@code Trace file ...}, instance,
 * process) is one event; each section opened by {@code ***} lines (a timestamp, the session id, module,
 * service ...) is one MESSAGE event with its text, so that dumps of any size are accounted for without
 * being held; a deadlock report ({@code DEADLOCK DETECTED ( ORA-00060 )} through the end of its
 * session information) is one DEADLOCK event with its participants ({@link DeadlockReport}). A report
 * cut off by the end of the file, or without a readable graph, is quarantined whole with the reason.
 *
 * <p>The deadlock event carries {@code oracle.trace_name}, this file's own name, as the ORA-00060 line
 * of the alert log carries the name of the file it points to: the two are joined on it. From 12c the
 * sql_id of the victim's statement is printed after the report, in the error stack dump that follows;
 * the event waits for it for a while before it is emitted.
 */
final class TraceFileParser implements LogParser {

  /** A deadlock report longer than this without its end is not one (or is damaged). */
  static final int MAX_REPORT_LINES = 10_000;
  /** Longest text kept as one event's detail; the line range still covers the whole section. */
  static final int MAX_DETAIL = 64 * 1024;
  /** Lines after a report in which its victim's sql_id is looked for. */
  static final int SQL_ID_LOOKAHEAD = 5_000;

  private static final String THIS_SQL_ID = "Current SQL Statement for this session (sql_id=";

  private final ParseContext context;
  private final OracleTime clock;
  private EventSink sink;
  private QuarantineBuffer quarantine;

  // The trace header.
  private boolean inHeader = true;
  private String traceFile;
  private String instanceName;
  private String processNumber;
  private Long ospid;

  // The context the *** lines set.
  private Instant time;
  private String rawTime;
  private String sessionId;
  private String pdb;

  private Block block;
  private Report report;
  private Pending pending;

  TraceFileParser(ParseContext context) {
    this.context = context;
    this.clock = new OracleTime(context.zone());
  }

  /** A run of lines that becomes one MESSAGE event. */
  private static final class Block {
    final long start;
    long end;
    final boolean header;
    boolean content;
    String message;
    String firstStar;
    Instant time;
    String rawTime;
    final StringBuilder text = new StringBuilder();
    final Map<String, String> attributes = new LinkedHashMap<>();

    Block(long start, boolean header, Instant time, String rawTime) {
      this.start = start;
      this.end = start;
      this.header = header;
      this.time = time;
      this.rawTime = rawTime;
    }

    void add(long n, String line, boolean star) {
      end = n;
      if (star && firstStar == null) {
        firstStar = line.strip();
      } else if (!star && !line.isBlank()) {
        content = true;
        if (message == null) {
          message = line.strip();
        }
      }
      if (text.length() < MAX_DETAIL) {
        text.append(line, 0, Math.min(line.length(), MAX_DETAIL - text.length())).append('\n');
      }
    }
  }

  /** The lines of a deadlock report being read. */
  private static final class Report {
    final long start;
    long end;
    final List<String> lines = new ArrayList<>();
    boolean graph;
    /** What the *** lines stamping the report said (module, service ...). */
    Map<String, String> attributes = Map.of();

    Report(long start) {
      this.start = start;
    }
  }

  /** A deadlock event waiting for its victim's sql_id. */
  private static final class Pending {
    final LogEvent.Builder event;
    final List<DeadlockParticipant> participants;
    int left = SQL_ID_LOOKAHEAD;

    Pending(LogEvent.Builder event, List<DeadlockParticipant> participants) {
      this.event = event;
      this.participants = participants;
    }
  }

  @Override
  public void parse(LineSource lines, EventSink out) throws IOException {
    sink = out;
    quarantine = new QuarantineBuffer(out);
    Line line;
    while ((line = lines.next()) != null) {
      line(line.number(), line.text());
    }
    if (report != null) {
      endReport(false, report.graph
          ? "deadlock report cut off by the end of the file inside its deadlock graph section (incomplete trace file)"
          : "deadlock report cut off by the end of the file before its deadlock graph (incomplete trace file)");
    }
    emitBlock();
    emitPending(null);
    quarantine.flush();
  }

  private void line(long n, String text) {
    String t = text.strip();
    if (pending != null && (--pending.left <= 0 || text.contains(THIS_SQL_ID))) {
      emitPending(DeadlockReport.between(text, THIS_SQL_ID, ")"));
    }
    if (report != null) {
      boolean nextSection = text.startsWith("*** ") || t.equals("PROCESS STATE") || t.startsWith("DEADLOCK DETECTED");
      if (!nextSection) {
        report.lines.add(text);
        report.end = n;
        report.graph |= t.equals("Deadlock graph:");
        if (report.graph && (isRule(t) || t.contains("End of information for waiting sessions"))) {
          endReport(true, null);
        } else if (report.lines.size() >= MAX_REPORT_LINES) {
          endReport(false, "deadlock report without its end within " + MAX_REPORT_LINES + " lines");
        }
        return;
      }
      endReport(report.graph, "deadlock report without a deadlock graph");
    }
    if (startsReport(t)) {
      emitPending(null);
      long start = n;
      Map<String, String> stamped = Map.of();
      if (block != null && !block.content && !block.header) {
        // The *** lines that stamp the report belong to it.
        start = block.start;
        stamped = block.attributes;
        block = null;
      } else {
        emitBlock();
      }
      inHeader = false;
      report = new Report(start);
      report.attributes = stamped;
      report.lines.add(text);
      report.end = n;
      report.graph = t.equals("Deadlock graph:");
      return;
    }
    if (text.startsWith("*** ")) {
      inHeader = false;
      if (block == null || block.content || block.header) {
        emitBlock();
      }
      star(text);
      if (block == null) {
        block = new Block(n, false, time, rawTime);
      }
      block.time = time;
      block.rawTime = rawTime;
      block.add(n, text, true);
      starAttribute(text, block.attributes);
      return;
    }
    if (block == null) {
      block = new Block(n, inHeader, time, rawTime);
    }
    if (inHeader) {
      header(t);
    }
    block.add(n, text, false);
  }

  private static boolean startsReport(String t) {
    return t.startsWith("DEADLOCK DETECTED") || t.equals("Deadlock graph:");
  }

  /** A line of '=' that closes the 10g/11g report after this session's statement. */
  private static boolean isRule(String t) {
    if (t.length() < 10) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) != '=') {
        return false;
      }
    }
    return true;
  }

  private void header(String t) {
    if (t.startsWith("Trace file ")) {
      traceFile = t.substring(11).strip();
    } else if (t.startsWith("Instance name:")) {
      instanceName = t.substring(14).strip();
    } else if (t.startsWith("Oracle process number:")) {
      processNumber = t.substring(22).strip();
    } else if (t.startsWith("Unix process pid:") || t.startsWith("Windows thread id:")) {
      int colon = t.indexOf(':');
      int comma = t.indexOf(',', colon);
      String pid = t.substring(colon + 1, comma < 0 ? t.length() : comma).strip();
      ospid = pid.isEmpty() || !pid.chars().allMatch(Character::isDigit) || pid.length() > 18 ? null
          : Long.parseLong(pid);
    }
  }

  /**
   * {@code *** 2014-01-15 10:12:46.123}, {@code *** 2023-06-06T05:37:54.554944+00:00 (CDB$ROOT(1))},
   * {@code *** SESSION ID:(136.12345) 2014-01-15 10:12:46.123}, {@code *** MODULE NAME:(SQL*Plus) ...}.
   */
  private void star(String text) {
    int from = 4;
    if (text.startsWith("*** SESSION ID:(")) {
      int dot = text.indexOf('.', 16);
      int close = text.indexOf(')', 16);
      if (dot > 16 && close > dot) {
        sessionId = text.substring(16, dot);
      }
    }
    int close = text.lastIndexOf(") ");
    if (text.indexOf(":(") > 0 && close > 0) {
      from = close + 2;
    }
    Instant t = from < text.length() && Character.isDigit(text.charAt(from)) ? clock.iso(text, from, false) : null;
    if (t != null) {
      time = t;
      rawTime = text.substring(from, clock.end);
      String rest = text.substring(clock.end).strip();
      if (from == 4 && rest.startsWith("(") && rest.indexOf('(', 1) > 1) {
        // "(CDB$ROOT(1))": the container the session is in
        pdb = rest.substring(1, rest.indexOf('(', 1));
      }
    }
  }

  /** {@code *** MODULE NAME:(SQL*Plus) 2014-...} becomes {@code oracle.module_name=SQL*Plus}. */
  private static void starAttribute(String text, Map<String, String> attrs) {
    int open = text.indexOf(":(");
    if (open < 0 || text.startsWith("*** SESSION ID:(")) {
      return;
    }
    int close = text.lastIndexOf(") ");
    if (close < open) {
      close = text.lastIndexOf(')');
    }
    if (close > open + 2) {
      String key = text.substring(4, open).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
      attrs.put("oracle." + key, text.substring(open + 2, close));
    }
  }

  private void emitBlock() {
    Block b = block;
    block = null;
    if (b == null) {
      return;
    }
    LogEvent.Builder e = LogEvent.builder(EventType.MESSAGE).lines(b.start, b.end).eventTime(b.time)
        .rawTime(b.rawTime).message(b.message != null ? b.message : b.firstStar)
        .detail(b.text.toString().stripTrailing());
    if (b.header) {
      traceAttributes(e);
      e.pid(ospid).attribute("oracle.process", processNumber);
    } else {
      e.sessionId(sessionId).database(pdb);
      b.attributes.forEach(e::attribute);
    }
    sink.event(e.build());
  }

  private void traceAttributes(LogEvent.Builder e) {
    AlertMessages.traceFile(e, traceFile != null ? traceFile : ownName());
    e.attribute("oracle.instance_name", instanceName);
  }

  /** Without a "Trace file" line: the name the file was ingested under, without a compression suffix. */
  private String ownName() {
    String name = AlertMessages.baseName(context.filePath() == null ? "" : context.filePath());
    for (String suffix : List.of(".gz", ".bz2", ".xz", ".zst", ".lz4")) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  private void endReport(boolean complete, String reason) {
    Report r = report;
    report = null;
    String text = String.join("\n", r.lines);
    DeadlockReport read = DeadlockReport.read(r.lines);
    if (!complete || !read.hasGraph()) {
      quarantine.addRange(r.start, r.end, text, complete ? "deadlock graph with no row in the expected "
          + "'Resource Name process session holds waits' layout" : reason);
      return;
    }
    String victim = sessionId != null ? sessionId : read.sessionOfProcess(processNumber);
    List<DeadlockParticipant> participants = read.participants(victim);
    DeadlockParticipant v = participants.stream().filter(DeadlockParticipant::victim).findFirst().orElse(null);
    LogEvent.Builder e = LogEvent.builder(EventType.DEADLOCK).lines(r.start, r.end).eventTime(time)
        .rawTime(rawTime).pid(ospid).severity("ERROR").sqlState("ORA-00060").message(r.lines.get(0).strip())
        .detail(text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) : text)
        .attribute("oracle.deadlock_type", read.deadlockType()).attribute(AlertMessages.SQL_ID, read.thisSqlId());
    traceAttributes(e);
    r.attributes.forEach(e::attribute);
    if (v != null) {
      e.sessionId(v.session()).user(v.user()).database(v.database() != null ? v.database() : pdb);
    }
    if (read.thisSqlId() != null || v == null) {
      sink.event(e.deadlock(participants).build());
    } else {
      pending = new Pending(e, participants);
    }
  }

  /** Emits the waiting deadlock event, with the victim's sql_id when one was found. */
  private void emitPending(String sqlId) {
    Pending p = pending;
    pending = null;
    if (p == null) {
      return;
    }
    List<DeadlockParticipant> participants = p.participants;
    if (sqlId != null && !sqlId.isEmpty()) {
      p.event.attribute(AlertMessages.SQL_ID, sqlId);
      participants = new ArrayList<>(participants.size());
      for (DeadlockParticipant d : p.participants) {
        participants.add(d.victim() ? withSqlId(d, sqlId) : d);
      }
    }
    sink.event(p.event.deadlock(participants).build());
  }

  private static DeadlockParticipant withSqlId(DeadlockParticipant d, String sqlId) {
    Map<String, String> attrs = new LinkedHashMap<>(d.attributes());
    attrs.put(AlertMessages.SQL_ID, sqlId);
    return new DeadlockParticipant(d.session(), d.transaction(), d.user(), d.host(), d.database(), d.tableName(),
        d.indexName(), d.lockType(), d.waitMode(), d.heldMode(), d.resource(), d.waitsFor(), d.statement(),
        d.victim(), attrs);
  }
}
