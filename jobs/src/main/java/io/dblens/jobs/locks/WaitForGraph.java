package io.dblens.jobs.locks;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * The wait-for graph of one deadlock: nodes are participants, an edge "A -> B" says A waits for a lock
 * B holds. Engines that name the blocker (PostgreSQL) give the edges directly; for the others the edges
 * are derived: a participant waiting for a resource waits for every other participant holding it in a
 * conflicting mode ({@link LockModes}). Self-loops are allowed (one SQL Server spid waiting on its own
 * parallel threads) and so are several edges between two nodes (waits on several resources).
 */
public final class WaitForGraph {

  /**
   * Attribute naming the resource a participant's {@code heldMode} applies to, when the engine reports
   * it apart from the resource waited for (Oracle deadlock graph rows, InnoDB "HOLDS THE LOCK(S)").
   * Without it the held mode is taken to be on the resource the participant waits for.
   */
  public static final String HELD_RESOURCE = "lock.held_resource";
  /** SQL Server process id ("process2c8a1f4c8"): the node id, since parallel threads share a spid. */
  public static final String MSSQL_PROCESS_ID = "mssql.process_id";

  /** The process ids a SQL Server process waits for, comma-separated (its spid is in waits_for). */
  public static final String MSSQL_WAITS_FOR_PROCESS = "mssql.waits_for_process";
  /** The resource of a wait the report implies but does not show (see {@link #closingOpenPath()}). */
  public static final String NOT_REPORTED = "(not in the report)";

  static final Comparator<String> SESSION_ORDER = WaitForGraph::compareIds;
  static final Comparator<WaitEdge> EDGE_ORDER = Comparator.comparing(WaitEdge::waiter, SESSION_ORDER)
      .thenComparing(WaitEdge::blocker, SESSION_ORDER)
      .thenComparing(e -> e.resource().id())
      .thenComparing(e -> Objects.toString(e.requestedMode(), ""))
      .thenComparing(e -> Objects.toString(e.heldMode(), ""));

  private final Engine engine;
  private final Map<String, DeadlockNode> nodes;
  private final Graph<String, WaitEdge> graph;

  private WaitForGraph(Engine engine, Map<String, DeadlockNode> nodes, Graph<String, WaitEdge> graph) {
    this.engine = engine;
    this.nodes = nodes;
    this.graph = new AsUnmodifiableGraph<>(graph);
  }

  public static Builder builder(Engine engine) {
    return new Builder(engine);
  }

  /**
   * The node a participant row belongs to: the SQL Server process id (parallel threads share a spid),
   * else the session, else the transaction (InnoDB reports without a thread id). Several rows with one
   * node id are one participant holding or waiting for several resources.
   */
  public static String nodeId(DeadlockParticipant p) {
    String process = p.attributes().get(MSSQL_PROCESS_ID);
    if (process != null) {
      return process;
    }
    return p.session() != null ? p.session() : p.transaction();
  }

  /**
   * Dispatches on the engine; SQL Server and Oracle without resource rows use the participant fields only
   * (see {@link #fromSqlServer} for what their rows must carry).
   */
  public static WaitForGraph fromParticipants(Engine engine, List<DeadlockParticipant> participants) {
    return switch (engine) {
      case POSTGRESQL -> fromPostgres(participants);
      case MYSQL -> fromInnoDb(participants);
      case SQLSERVER -> fromSqlServer(participants, List.of());
      case ORACLE -> fromOracle(participants, List.of());
      case MONGODB -> fromGeneric(engine, participants);
    };
  }

  /**
   * PostgreSQL names the blocker of every process ("blocked by process 102"), so the edges are taken as
   * written. On a transaction id the blocker always holds ExclusiveLock: every transaction holds its own
   * id that way until it ends, which is why row-lock waits show up as ShareLock on a transaction.
   */
  public static WaitForGraph fromPostgres(List<DeadlockParticipant> participants) {
    Builder b = builder(Engine.POSTGRESQL);
    for (DeadlockParticipant p : participants) {
      b.node(node(p, p.session()));
    }
    for (DeadlockParticipant p : participants) {
      if (p.waitsFor() == null || p.resource() == null) {
        continue;
      }
      LockResource r = waitedResource(p);
      String held = p.heldMode() != null ? p.heldMode()
          : "transactionid".equalsIgnoreCase(p.lockType()) ? "ExclusiveLock" : null;
      b.waitsFor(p.session(), p.waitsFor(), r, p.waitMode(), held);
    }
    return b.build();
  }

  /**
   * InnoDB does not name blockers: each transaction waits for a lock on a resource keyed by database,
   * table, index and lock type (the report's page and heap numbers are too fine to match holders with
   * waiters across versions), and the blocker is whoever holds that key in a conflicting mode. Older
   * servers print no held locks for the first transaction; a report of two transactions is a two-cycle
   * whatever is printed, so a missing direction is added with the held mode unknown.
   */
  public static WaitForGraph fromInnoDb(List<DeadlockParticipant> participants) {
    Builder b = builder(Engine.MYSQL);
    for (DeadlockParticipant p : participants) {
      String id = nodeId(p);
      b.node(node(p, id));
      LockResource waited = innoDbResource(p, p.lockType());
      if (p.waitMode() != null) {
        b.waits(id, waited, p.waitMode());
      }
      if (p.heldMode() != null) {
        String heldId = p.attributes().get(HELD_RESOURCE);
        b.holds(id, heldId == null ? waited : LockResource.of(heldId, p.lockType()), p.heldMode());
      }
    }
    WaitForGraph derived = b.build();
    if (participants.size() == 2 && derived.nodes.size() == 2) {
      List<String> ids = new ArrayList<>(derived.nodes.keySet());
      for (int i = 0; i < 2; i++) {
        String waiter = ids.get(i);
        String other = ids.get(1 - i);
        if (!derived.graph.containsEdge(waiter, other)) {
          DeadlockParticipant p = byNodeId(participants, waiter);
          b.waitsFor(waiter, other, innoDbResource(p, p.lockType()), p.waitMode(), null);
        }
      }
      return b.build();
    }
    return derived;
  }

  private static DeadlockParticipant byNodeId(List<DeadlockParticipant> participants, String id) {
    for (DeadlockParticipant p : participants) {
      if (id.equals(nodeId(p))) {
        return p;
      }
    }
    throw new IllegalStateException("no participant " + id);
  }

  private static LockResource innoDbResource(DeadlockParticipant p, String lockType) {
    String type = lockType == null ? "RECORD" : lockType.toUpperCase(Locale.ROOT);
    String key = type + ":" + (p.database() == null ? "" : p.database() + ".") + p.tableName()
        + (p.indexName() == null || type.equals("TABLE") ? "" : "/" + p.indexName());
    return new LockResource(key, type, p.database(), p.tableName(), type.equals("TABLE") ? null : p.indexName());
  }

  /**
   * SQL Server: nodes are processes (by {@link #MSSQL_PROCESS_ID}, else spid), edges come from the
   * resource-list owner and waiter lists. Each process's own waitresource and lockMode are added as a
   * wait, so a report whose resource-list was cut off still yields edges through {@code waitsFor}.
   *
   * <p>From {@code deadlock_events} rows alone (no {@link ResourceLocks}) the participants must carry the
   * resource-list themselves, as several rows per process: an owner row per resource a process owns
   * ({@code resource}, {@code held_mode}) and a waiter row per resource it waits for ({@code resource},
   * {@code wait_mode}, and {@code waits_for} = the owner's process id where the report names it), all
   * with {@link #MSSQL_PROCESS_ID}; one id string per resource on its owner and waiter rows. Rows of one
   * process are merged into one node (statement and victim from whichever row has them).
   */
  public static WaitForGraph fromSqlServer(List<DeadlockParticipant> processes, List<ResourceLocks> resources) {
    Builder b = builder(Engine.SQLSERVER);
    for (DeadlockParticipant p : processes) {
      String id = nodeId(p);
      b.mergeNode(node(p, id));
      addParticipantLocks(b, p, id);
    }
    resources.forEach(b::resource);
    return b.build();
  }

  /**
   * Oracle: the deadlock graph gives, per resource (TX-..., TM-...), the holding and the waiting
   * session with their modes; those rows are fed as {@link ResourceLocks}. Participants add statements,
   * victims and table names, and their own waits where no rows are given.
   */
  public static WaitForGraph fromOracle(List<DeadlockParticipant> sessions, List<ResourceLocks> rows) {
    Builder b = builder(Engine.ORACLE);
    for (DeadlockParticipant p : sessions) {
      b.mergeNode(node(p, nodeId(p)));
      addParticipantLocks(b, p, nodeId(p));
    }
    rows.forEach(b::resource);
    return b.build();
  }

  private static WaitForGraph fromGeneric(Engine engine, List<DeadlockParticipant> participants) {
    Builder b = builder(engine);
    for (DeadlockParticipant p : participants) {
      b.mergeNode(node(p, nodeId(p)));
      addParticipantLocks(b, p, nodeId(p));
    }
    return b.build();
  }

  private static void addParticipantLocks(Builder b, DeadlockParticipant p, String id) {
    LockResource waited = p.resource() == null ? null : waitedResource(p);
    if (waited != null && p.waitMode() != null) {
      b.waits(id, waited, p.waitMode());
    }
    if (p.heldMode() != null) {
      String heldId = p.attributes().get(HELD_RESOURCE);
      if (heldId != null) {
        b.holds(id, LockResource.of(heldId, typeFromId(heldId, null)), p.heldMode());
      } else if (waited != null) {
        b.holds(id, waited, p.heldMode());
      }
    }
    String owners = p.attributes().get(MSSQL_WAITS_FOR_PROCESS);
    if (owners != null && waited != null) {
      // SQL Server nodes are process ids; waits_for names the owner's spid, which parallel threads share.
      for (String owner : owners.split(",")) {
        if (!owner.isBlank()) {
          b.waitsFor(id, owner.trim(), waited, p.waitMode(), null);
        }
      }
    } else if (p.waitsFor() != null && waited != null) {
      b.waitsFor(id, p.waitsFor(), waited, p.waitMode(), null);
    }
  }

  private static LockResource waitedResource(DeadlockParticipant p) {
    return new LockResource(p.resource(), typeFromId(p.resource(), p.lockType()), p.database(), p.tableName(),
        p.indexName());
  }

  /** Oracle and SQL Server ids carry their type ("TM-0001a2b3-00000000", "KEY: 5:..."). */
  static String typeFromId(String id, String given) {
    if (given != null) {
      return given;
    }
    String u = id.toUpperCase(Locale.ROOT);
    if (u.matches("^[A-Z]{2}-[0-9A-F]+-[0-9A-F]+.*")) {
      return u.substring(0, 2);
    }
    int colon = u.indexOf(':');
    if (colon > 0) {
      return switch (u.substring(0, colon)) {
        case "KEY" -> "keylock";
        case "PAGE" -> "pagelock";
        case "RID" -> "ridlock";
        case "OBJECT", "TAB" -> "objectlock";
        case "HOBT" -> "hobtlock";
        default -> null;
      };
    }
    return null;
  }

  private static DeadlockNode node(DeadlockParticipant p, String id) {
    return new DeadlockNode(id, p.session(), p.transaction(), p.statement(), p.victim(), p.attributes());
  }

  /**
   * A report whose waits form one open path (text cut after the first process, a report listing only
   * the victim's wait) still describes a deadlock, so the blocker at the end of the path waits, through
   * what is missing, for the waiter at its start. Returns the graph with that closing edge, on a resource
   * named {@link #NOT_REPORTED} with unknown modes; null when the waits are not one simple open path.
   */
  public WaitForGraph closingOpenPath() {
    List<WaitEdge> edges = edges();
    if (edges.isEmpty()) {
      return null;
    }
    String start = null;
    for (String v : graph.vertexSet()) {
      int in = graph.inDegreeOf(v);
      int out = graph.outDegreeOf(v);
      if (in > 1 || out > 1) {
        return null;
      }
      if (in == 0 && out == 1) {
        if (start != null) {
          return null;
        }
        start = v;
      }
    }
    if (start == null) {
      return null;
    }
    String end = start;
    int walked = 0;
    while (graph.outDegreeOf(end) == 1) {
      end = graph.getEdgeTarget(graph.outgoingEdgesOf(end).iterator().next());
      walked++;
    }
    if (walked != edges.size()) {
      return null;
    }
    Graph<String, WaitEdge> closed = new DirectedPseudograph<>(WaitEdge.class);
    graph.vertexSet().forEach(closed::addVertex);
    edges.forEach(e -> closed.addEdge(e.waiter(), e.blocker(), e));
    closed.addEdge(end, start, new WaitEdge(end, start, LockResource.of(NOT_REPORTED, null), null, null));
    return new WaitForGraph(engine, nodes, closed);
  }

  public Engine engine() {
    return engine;
  }

  /** Nodes in session order (numeric ids by value). */
  public List<DeadlockNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public DeadlockNode node(String id) {
    return nodes.get(id);
  }

  /** Edges in a fixed order: waiter, blocker, resource, modes. */
  public List<WaitEdge> edges() {
    return graph.edgeSet().stream().sorted(EDGE_ORDER).toList();
  }

  /** A read-only JGraphT view, for algorithms. */
  public Graph<String, WaitEdge> graph() {
    return graph;
  }

  /** Numeric ids by value ("9" before "10"), then text; what "smallest session" means everywhere. */
  static int compareIds(String a, String b) {
    boolean an = isNumber(a);
    boolean bn = isNumber(b);
    if (an && bn) {
      int c = Integer.compare(a.length(), b.length());
      return c != 0 ? c : a.compareTo(b);
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 18 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Collects nodes, held and waited locks and explicit edges, then derives the rest. */
  public static final class Builder {
    private final Engine engine;
    private final LockModes modes;
    private final Map<String, DeadlockNode> nodes = new LinkedHashMap<>();
    private final Map<String, LockResource> resources = new LinkedHashMap<>();
    private final Set<Lock> holds = new LinkedHashSet<>();
    private final Set<Lock> waits = new LinkedHashSet<>();
    private final Set<WaitEdge> explicit = new LinkedHashSet<>();

    private record Lock(String id, String resourceId, String mode) {}

    private Builder(Engine engine) {
      this.engine = engine;
      this.modes = LockModes.forEngine(engine);
    }

    /** Adds or replaces a node. */
    public Builder node(DeadlockNode node) {
      nodes.put(node.id(), node);
      return this;
    }

    /** Adds a node, or completes the one with its id: first statement and transaction, victim if either is. */
    Builder mergeNode(DeadlockNode node) {
      nodes.merge(node.id(), node, (a, b) -> {
        Map<String, String> attributes = new LinkedHashMap<>(b.attributes());
        attributes.putAll(a.attributes());
        return new DeadlockNode(a.id(), first(a.session(), b.session()), first(a.transaction(), b.transaction()),
            first(a.statement(), b.statement()), a.victim() || b.victim(), attributes);
      });
      return this;
    }

    public Builder holds(String id, LockResource resource, String mode) {
      holds.add(new Lock(id, remember(resource), mode));
      return this;
    }

    public Builder waits(String id, LockResource resource, String mode) {
      waits.add(new Lock(id, remember(resource), mode));
      return this;
    }

    /** An edge the engine states; kept even when the mode tables say the modes are compatible. */
    public Builder waitsFor(String waiter, String blocker, LockResource resource, String requestedMode,
        String heldMode) {
      remember(resource);
      explicit.add(new WaitEdge(waiter, blocker, resource, requestedMode, heldMode));
      return this;
    }

    /** Owners hold the resource, waiters wait for it. */
    public Builder resource(ResourceLocks r) {
      r.owners().forEach(o -> holds(o.id(), r.resource(), o.mode()));
      r.waiters().forEach(w -> waits(w.id(), r.resource(), w.mode()));
      return this;
    }

    /** Keeps the most detailed description of each resource id: participants and rows each know part. */
    private String remember(LockResource r) {
      resources.merge(r.id(), r, (a, b) -> new LockResource(a.id(), first(a.lockType(), b.lockType()),
          first(a.database(), b.database()), first(a.table(), b.table()), first(a.index(), b.index())));
      return r.id();
    }

    private static String first(String a, String b) {
      return a != null ? a : b;
    }

    /**
     * Derives an edge from every waiter to every other holder of the same resource in a conflicting
     * mode. A waiter the mode tables leave unblocked although the engine reported it waiting is linked
     * to all other holders of that resource: the engine saw the wait, our tables may lack a subtlety.
     */
    public WaitForGraph build() {
      Graph<String, WaitEdge> g = new DirectedPseudograph<>(WaitEdge.class);
      Map<String, DeadlockNode> sorted = new TreeMap<>(SESSION_ORDER);
      sorted.putAll(nodes);
      List<WaitEdge> edges = new ArrayList<>();
      for (WaitEdge e : explicit) {
        edges.add(new WaitEdge(e.waiter(), e.blocker(), resources.get(e.resource().id()), e.requestedMode(),
            e.heldMode()));
      }
      for (Lock w : waits) {
        LockResource r = resources.get(w.resourceId());
        List<Lock> others = holds.stream()
            .filter(h -> h.resourceId().equals(w.resourceId()) && !h.id().equals(w.id())).toList();
        List<Lock> blocking = others.stream().filter(h -> modes.conflicts(w.mode(), h.mode())).toList();
        for (Lock h : blocking.isEmpty() ? others : blocking) {
          edges.add(new WaitEdge(w.id(), h.id(), r, w.mode(), h.mode()));
        }
      }
      for (WaitEdge e : edges) {
        sorted.putIfAbsent(e.waiter(), DeadlockNode.of(e.waiter()));
        sorted.putIfAbsent(e.blocker(), DeadlockNode.of(e.blocker()));
      }
      sorted.keySet().forEach(g::addVertex);
      // A stated edge and a derived one on the same resource are one wait; keep the one knowing the held mode.
      Map<List<String>, WaitEdge> unique = new LinkedHashMap<>();
      for (WaitEdge e : edges.stream().sorted(EDGE_ORDER).toList()) {
        unique.merge(List.of(e.waiter(), e.blocker(), e.resource().id(), Objects.toString(e.requestedMode(), "")),
            e, (a, b) -> a.heldMode() != null ? a : b);
      }
      unique.values().forEach(e -> g.addEdge(e.waiter(), e.blocker(), e));
      return new WaitForGraph(engine, new LinkedHashMap<>(sorted), g);
    }
  }
}
