package io.dblens.parsers.sqlserver;

import io.dblens.parsers.DeadlockParticipant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one {@code <deadlock>} element (xml_deadlock_report, saved .xdl graph, trace flag 1222 XML)
 * into one participant per {@code <process>}, each complete enough for a wait-for graph:
 * <ul>
 *   <li>{@code resource}, {@code lockType}, {@code waitMode}, {@code tableName}, {@code indexName}: the
 *       resource-list entry this process is a waiter of (keylock, pagelock, ridlock, objectlock,
 *       exchangeEvent ...), its objectname and indexname, and the waiter's mode (an exchange waiter has
 *       none: its WaitType stands in); without such an entry the process's own waitresource and
 *       lockMode;</li>
 *   <li>{@code waitsFor}: the spid of the first other owner of that resource; every owner's process id
 *       is in {@code mssql.waits_for_process} (parallel threads share a spid, so process ids are the
 *       exact graph nodes, named in {@code mssql.process_id});</li>
 *   <li>{@code heldMode} and {@code lock.held_resource}: the granted mode and id of the first resource
 *       this process owns that another process waits for (else the first it owns); all owned locks are
 *       in {@code mssql.held_locks}, one {@code mode<TAB>lock type<TAB>resource<TAB>object<TAB>index}
 *       line each.</li>
 * </ul>
 * A resource's id is the waitresource its waiters report ("KEY: 7:72057594045923328 (8194443284a0)"),
 * so holders and waiters of one lock meet on the same id; an entry no process reports waiting on is
 * named by its element and attributes ("exchangeEvent id=Pipe1 WaitType=e_waitPipeGetRow nodeId=3").
 */
final class DeadlockGraph {

  /** Participant attribute naming the resource heldMode applies to (read by the lock analysis). */
  static final String HELD_RESOURCE = "lock.held_resource";

  private final XmlNode deadlock;
  private final Map<String, XmlNode> processes = new LinkedHashMap<>();
  private final List<Resource> resources = new ArrayList<>();
  private final Set<String> victims = new LinkedHashSet<>();

  /** One entry of the resource-list with its owners and waiters. */
  private record Resource(XmlNode node, String id, List<Lock> owners, List<Lock> waiters) {
    String attr(String key) {
      return node.attr(key);
    }
  }

  /** An owner or waiter entry: process id, mode, request type (convert, wait). */
  private record Lock(String process, String mode, String requestType) {}

  DeadlockGraph(XmlNode deadlock) {
    this.deadlock = deadlock;
    String single = deadlock.attr("victim");
    if (single != null) {
      victims.add(single);
    }
    XmlNode victimList = deadlock.child("victim-list");
    if (victimList != null) {
      for (XmlNode v : victimList.children("victimProcess")) {
        if (v.attr("id") != null) {
          victims.add(v.attr("id"));
        }
      }
    }
    XmlNode processList = deadlock.child("process-list");
    if (processList != null) {
      for (XmlNode p : processList.children("process")) {
        processes.put(p.attr("id") == null ? "process#" + (processes.size() + 1) : p.attr("id"), p);
      }
    }
    XmlNode resourceList = deadlock.child("resource-list");
    if (resourceList != null) {
      for (XmlNode r : resourceList.children) {
        List<Lock> owners = locks(r.child("owner-list"), "owner");
        List<Lock> waiters = locks(r.child("waiter-list"), "waiter");
        resources.add(new Resource(r, resourceId(r, waiters), owners, waiters));
      }
    }
  }

  private static List<Lock> locks(XmlNode list, String element) {
    List<Lock> out = new ArrayList<>();
    if (list != null) {
      for (XmlNode o : list.children(element)) {
        out.add(new Lock(o.attr("id"), o.attr("mode"), o.attr("requestType")));
      }
    }
    return out;
  }

  private String resourceId(XmlNode r, List<Lock> waiters) {
    for (Lock w : waiters) {
      XmlNode p = processes.get(w.process());
      if (p != null && p.attr("waitresource") != null) {
        return p.attr("waitresource").strip();
      }
    }
    StringBuilder b = new StringBuilder(r.name);
    r.attributes.forEach((k, v) -> {
      if (!k.equals("objectname") && !k.equals("indexname") && !k.equals("mode") && !v.isBlank()) {
        b.append(' ').append(k).append('=').append(v);
      }
    });
    return b.toString();
  }

  /** Process ids of the victims, as named by the report (none for some parallel-query reports). */
  Set<String> victims() {
    return victims;
  }

  int processCount() {
    return processes.size();
  }

  int resourceCount() {
    return resources.size();
  }

  /** The process elements, in report order. */
  Map<String, XmlNode> processes() {
    return processes;
  }

  List<DeadlockParticipant> participants() {
    List<DeadlockParticipant> out = new ArrayList<>(processes.size());
    processes.forEach((id, p) -> out.add(participant(id, p)));
    return out;
  }

  private DeadlockParticipant participant(String id, XmlNode p) {
    Map<String, String> attrs = new LinkedHashMap<>();
    ProcessInfo.extras(p, attrs);
    attrs.put("mssql.process_id", id);

    Resource waited = null;
    Lock waiting = null;
    for (Resource r : resources) {
      for (Lock w : r.waiters()) {
        if (id.equals(w.process()) && waited == null) {
          waited = r;
          waiting = w;
        }
      }
    }
    String ownWait = p.attr("waitresource") == null ? null : p.attr("waitresource").strip();
    String resource = waited != null ? waited.id() : ownWait;
    String lockType = waited != null ? waited.node().name : ProcessInfo.lockType(ownWait);
    String waitMode = waiting != null && waiting.mode() != null ? waiting.mode()
        : waited != null && waited.attr("WaitType") != null ? waited.attr("WaitType") : p.attr("lockMode");
    if (waited != null && waited.attr("WaitType") != null) {
      attrs.put("mssql.wait_type", waited.attr("WaitType"));
    }

    List<String> blockers = new ArrayList<>();
    for (Resource r : resources) {
      if (r == waited || (waited == null && resource != null && resource.equals(r.id()))) {
        for (Lock o : r.owners()) {
          if (o.process() != null && !o.process().equals(id) && !blockers.contains(o.process())) {
            blockers.add(o.process());
          }
        }
      }
    }
    String waitsFor = null;
    if (!blockers.isEmpty()) {
      XmlNode blocker = processes.get(blockers.get(0));
      waitsFor = blocker != null && blocker.attr("spid") != null ? blocker.attr("spid") : blockers.get(0);
      attrs.put("mssql.waits_for_process", String.join(",", blockers));
    }

    Resource held = null;
    String heldMode = null;
    List<String> heldLines = new ArrayList<>();
    for (Resource r : resources) {
      String mode = grantedMode(r, id);
      if (mode == null) {
        continue;
      }
      String heldLine = String.join("\t", mode, r.node().name, r.id(), nz(r.attr("objectname")),
          nz(r.attr("indexname")));
      if (!heldLines.contains(heldLine)) {
        heldLines.add(heldLine);
      }
      boolean othersWait = r.waiters().stream().anyMatch(w -> w.process() != null && !w.process().equals(id));
      if (held == null || (othersWait && !othersWait(held, id))) {
        held = r;
        heldMode = mode;
      }
    }
    if (held != null) {
      attrs.put(HELD_RESOURCE, held.id());
      attrs.put("mssql.held_locks", String.join("\n", heldLines));
      if (heldMode.isEmpty()) {
        heldMode = null;
      }
    }

    Resource described = waited != null ? waited : held;
    String table = described == null ? null : described.attr("objectname");
    String index = described == null ? null : described.attr("indexname");
    String database = p.attr("currentdbname");
    if (database == null && table != null && table.split("\\.").length == 3) {
      database = table.substring(0, table.indexOf('.'));
    }
    String transaction = p.attr("xactid") != null ? p.attr("xactid") : p.attr("ownerId");
    return new DeadlockParticipant(p.attr("spid"), transaction, p.attr("loginname"), p.attr("hostname"), database,
        table, index, lockType, waitMode, heldMode, resource, waitsFor, ProcessInfo.inputBuffer(p),
        victims.contains(id), attrs);
  }

  private static boolean othersWait(Resource r, String id) {
    return r.waiters().stream().anyMatch(w -> w.process() != null && !w.process().equals(id));
  }

  /**
   * The mode this process holds on the resource: its owner entry without a request type (granted); an
   * owner entry marked "convert" is the conversion it asks for, used only when no granted entry is
   * listed. Empty when it owns the resource without a mode (exchange ports); null when it does not own it.
   */
  private static String grantedMode(Resource r, String id) {
    String fallback = null;
    for (Lock o : r.owners()) {
      if (!id.equals(o.process())) {
        continue;
      }
      if (o.requestType() == null) {
        return o.mode() == null ? "" : o.mode();
      }
      if (fallback == null) {
        fallback = o.mode() == null ? "" : o.mode();
      }
    }
    return fallback;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The report itself, for the event's detail: what SSMS opens when saved as .xdl. */
  String xml() {
    return deadlock.toXml();
  }
}
