package io.dblens.jobs.locks;

import io.dblens.parsers.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts one deadlock into one {@link RootCauseClass}. Rules run from the most specific evidence to the
 * most general, and the first that fits wins: an engine mechanism that explains the deadlock by itself
 * (parallel threads, a foreign-key table lock, an ITL or unique-key wait, gap locks, coarse locks, a
 * shared-to-exclusive conversion) is a better answer than "the locks were taken in opposite order",
 * which is true of every cycle of two resources. {@code unknown} is left for cycles none of them fits.
 */
public final class RootCauseClassifier {

  /** Node attributes that may carry the isolation level, by engine. */
  private static final List<String> ISOLATION_KEYS = List.of("mysql.isolation_level", "mssql.isolation_level",
      "isolation_level", "isolation");

  /** The waits that matter: the cycles' edges, or all edges when no cycle was found. */
  public RootCause classify(WaitForGraph graph, List<DeadlockCycle> cycles, Map<String, StatementInfo> statements,
      List<ForeignKey> foreignKeys) {
    Case c = new Case(graph, cycles, statements == null ? Map.of() : statements,
        foreignKeys == null ? List.of() : foreignKeys);
    RootCause found = parallelQuery(c);
    if (found == null) {
      found = unindexedForeignKey(c);
    }
    if (found == null) {
      found = itlOrUniqueKey(c);
    }
    if (found == null) {
      found = gapLockRepeatableRead(c);
    }
    if (found == null) {
      found = escalationOrPageLock(c);
    }
    if (found == null) {
      found = readThenUpdate(c);
    }
    if (found == null) {
      found = lockOrderInversion(c);
    }
    if (found == null) {
      found = new RootCause(RootCauseClass.UNKNOWN,
          "No rule fits the " + c.edges.size() + " wait(s) of this deadlock.", Map.of("waits", describe(c.edges)));
    }
    return found;
  }

  /** Without catalogue foreign keys; the foreign-key rule then relies on statement shapes alone. */
  public RootCause classify(WaitForGraph graph, List<DeadlockCycle> cycles, Map<String, StatementInfo> statements) {
    return classify(graph, cycles, statements, List.of());
  }

  /**
   * SQL Server splits a parallel query into threads that exchange rows through exchangeEvent ports
   * (e_waitPipeNewRow, e_waitPipeGetRow); when those waits close a cycle, possibly with an ordinary lock,
   * the query deadlocks with itself, and the fix is MAXDOP or a plan change, not transaction order. The
   * same holds when every participant is one spid.
   */
  private RootCause parallelQuery(Case c) {
    for (WaitEdge e : c.edges) {
      String text = (e.resource().lockType() + " " + e.resource().id() + " " + e.requestedMode())
          .toLowerCase(Locale.ROOT);
      if (text.contains("exchangeevent") || text.contains("e_waitpipe") || text.contains("threadpool")) {
        return new RootCause(RootCauseClass.PARALLEL_QUERY_SELF_DEADLOCK,
            "Process " + e.waiter() + " waits on parallel-query exchange " + e.resource().id()
                + ": threads of one parallel query wait on each other.",
            facts("resource", e.resource().id(), "requested_mode", e.requestedMode(), "sessions", sessions(c)));
      }
    }
    Set<String> spids = c.graph.nodes().stream().map(DeadlockNode::session).collect(Collectors.toSet());
    if (c.graph.nodes().size() >= 2 && spids.size() == 1 && !spids.contains(null)) {
      String spid = spids.iterator().next();
      return new RootCause(RootCauseClass.PARALLEL_QUERY_SELF_DEADLOCK,
          "All " + c.graph.nodes().size() + " participants are session " + spid
              + ": the threads of one parallel query deadlocked.",
          facts("session", spid, "processes", String.join(",", c.nodeIds())));
    }
    return null;
  }

  /**
   * Oracle locks a child table whole (TM in S or SSX) when a parent key is updated or deleted and the
   * foreign key has no index; two such sessions, or one and an ordinary DML, deadlock on the table lock.
   * PostgreSQL instead locks the referenced parent row FOR KEY SHARE while inserting a child, so a
   * session that updates or deletes the parent collides with one that inserts children. With catalogue
   * foreign keys the pair (child written, parent updated or deleted) is checked; without them an INSERT
   * into a table no other participant writes is taken as the child side, because an INSERT only waits
   * on another transaction for a unique-key or foreign-key check, and unique checks need the other
   * transaction to write the same table.
   */
  private RootCause unindexedForeignKey(Case c) {
    if (c.graph.engine() == Engine.ORACLE) {
      for (WaitEdge e : c.edges) {
        String mode = c.modes.canonical(e.requestedMode());
        if ("TM".equalsIgnoreCase(e.resource().lockType()) && (mode.equals("S") || mode.equals("SSX"))) {
          String table = e.resource().table() != null ? e.resource().table() : e.resource().id();
          return new RootCause(RootCauseClass.UNINDEXED_FOREIGN_KEY,
              "Session " + e.waiter() + " waits for a table lock (TM) on " + table + " in mode " + mode
                  + " held in " + c.modes.canonical(e.heldMode()) + " by " + e.blocker()
                  + ": a parent-key change locks a child table whose foreign key has no index.",
              facts("resource", e.resource().id(), "table", e.resource().table(), "requested_mode", mode,
                  "held_mode", c.modes.canonical(e.heldMode())));
        }
      }
      return null;
    }
    for (String parentSide : c.nodeIds()) {
      StatementInfo p = c.statement(parentSide);
      if (p.mainTable() == null || !("UPDATE".equals(p.statementType()) || "DELETE".equals(p.statementType()))) {
        continue;
      }
      for (String childSide : c.nodeIds()) {
        StatementInfo ch = c.statement(childSide);
        if (childSide.equals(parentSide) || ch.mainTable() == null || !ch.isWrite()
            || ch.mainTable().equals(p.mainTable())) {
          continue;
        }
        ForeignKey fk = new ForeignKey(ch.mainTable(), p.mainTable());
        boolean known = c.foreignKeys.contains(fk);
        boolean inferred = c.foreignKeys.isEmpty() && c.graph.engine() == Engine.POSTGRESQL
            && "INSERT".equals(ch.statementType()) && !writtenByOthers(c, childSide, ch.mainTable());
        if (known || inferred) {
          return new RootCause(RootCauseClass.UNINDEXED_FOREIGN_KEY,
              "Participant " + childSide + " runs " + ch.statementType() + " on child table " + ch.mainTable()
                  + " while " + parentSide + " runs " + p.statementType() + " on parent table " + p.mainTable()
                  + (known ? " (foreign key from the catalogue)" : " (foreign key inferred from the statements)")
                  + ": the foreign-key check locks the parent row the other changes.",
              facts("child_table", ch.mainTable(), "parent_table", p.mainTable(), "child_statement_type",
                  ch.statementType(), "parent_statement_type", p.statementType(), "foreign_key",
                  known ? "catalogue" : "inferred"));
        }
      }
    }
    return null;
  }

  private static boolean writtenByOthers(Case c, String self, String table) {
    for (String id : c.nodeIds()) {
      StatementInfo s = c.statement(id);
      if (!id.equals(self) && s.isWrite() && table.equals(s.mainTable())) {
        return true;
      }
    }
    return false;
  }

  /**
   * An Oracle row-lock waiter asks for the holder's TX enqueue in X; a wait in S (4) instead means the
   * waiter did not find a row lock but a shortage of ITL slots in the block, a duplicate value pending in
   * a unique index, or a bitmap index entry shared by many rows.
   */
  private RootCause itlOrUniqueKey(Case c) {
    if (c.graph.engine() != Engine.ORACLE) {
      return null;
    }
    for (WaitEdge e : c.edges) {
      if ("TX".equalsIgnoreCase(e.resource().lockType()) && c.modes.canonical(e.requestedMode()).equals("S")) {
        return new RootCause(RootCauseClass.ITL_OR_UNIQUE_KEY_CONTENTION,
            "Session " + e.waiter() + " waits for transaction " + e.resource().id() + " of " + e.blocker()
                + " in share mode (4): an ITL shortage, a pending unique key or a bitmap index entry, not a row lock.",
            facts("resource", e.resource().id(), "requested_mode", "S", "held_mode",
                c.modes.canonical(e.heldMode())));
      }
    }
    return null;
  }

  /**
   * Under REPEATABLE READ (and SERIALIZABLE) InnoDB locks the gaps between index records as well as
   * the records (next-key locks), and an INSERT must take an insert-intention lock on the gap. Two
   * sessions that each lock a range, or check a duplicate key, and then insert into it deadlock without
   * touching the same row. READ COMMITTED drops most gap locks, which is why the isolation level is part
   * of the evidence; when the report does not say, InnoDB's default (REPEATABLE READ) is assumed.
   */
  private RootCause gapLockRepeatableRead(Case c) {
    if (c.graph.engine() != Engine.MYSQL) {
      return null;
    }
    String isolation = c.isolationLevel();
    String normalised = isolation == null ? "REPEATABLE READ" : isolation.toUpperCase(Locale.ROOT).replace('-', ' ')
        .replace('_', ' ');
    if (!normalised.contains("REPEATABLE") && !normalised.contains("SERIALIZABLE")) {
      return null;
    }
    for (WaitEdge e : c.edges) {
      boolean record = !"TABLE".equalsIgnoreCase(e.resource().lockType());
      for (String mode : new String[] {e.requestedMode(), e.heldMode()}) {
        InnoDbLockMode m = InnoDbLockMode.parse(mode, record);
        if (record && m != null && m.locksGap()) {
          String kind = switch (m.coverage()) {
            case INSERT_INTENTION -> "an insert-intention lock";
            case GAP -> "a gap lock";
            default -> "a next-key lock";
          };
          return new RootCause(RootCauseClass.GAP_LOCK_REPEATABLE_READ,
              "Transaction " + e.waiter() + " waits for " + e.blocker() + " on " + e.resource().shape() + " with "
                  + kind + " (" + m.canonical() + ") under " + normalised
                  + (isolation == null ? " (InnoDB default, not reported)" : "")
                  + ": gap locking, not a row conflict, closes the cycle.",
              facts("resource", e.resource().id(), "mode", m.canonical(), "requested_mode",
                  c.modes.canonical(e.requestedMode()), "held_mode", c.modes.canonical(e.heldMode()),
                  "isolation_level", normalised, "isolation_reported", String.valueOf(isolation != null)));
        }
      }
    }
    return null;
  }

  /**
   * SQL Server takes page, HoBT or table locks when it expects many row locks or escalates after about
   * 5,000; two sessions working on different rows of the same page or table then deadlock on the coarse
   * lock. Escalation shows as an objectlock/hobtlock or an escalation attribute; page locks as pagelock.
   */
  private RootCause escalationOrPageLock(Case c) {
    if (c.graph.engine() != Engine.SQLSERVER) {
      return null;
    }
    for (WaitEdge e : c.edges) {
      String type = Objects.toString(e.resource().lockType(), "").toLowerCase(Locale.ROOT);
      if (type.equals("pagelock") || type.equals("objectlock") || type.equals("hobtlock")) {
        return new RootCause(RootCauseClass.LOCK_ESCALATION_OR_PAGE_LOCK,
            "Process " + e.waiter() + " waits for a " + type + " on " + describeTable(e.resource()) + " ("
                + c.modes.canonical(e.requestedMode()) + " requested, " + c.modes.canonical(e.heldMode())
                + " held by " + e.blocker() + "): a coarse lock makes unrelated rows collide.",
            facts("resource", e.resource().id(), "lock_type", type, "requested_mode",
                c.modes.canonical(e.requestedMode()), "held_mode", c.modes.canonical(e.heldMode())));
      }
    }
    for (DeadlockNode n : c.graph.nodes()) {
      for (Map.Entry<String, String> a : n.attributes().entrySet()) {
        if (a.getKey().toLowerCase(Locale.ROOT).contains("escalation") && !a.getValue().isBlank()) {
          return new RootCause(RootCauseClass.LOCK_ESCALATION_OR_PAGE_LOCK,
              "Process " + n.id() + " reports lock escalation (" + a.getKey() + "=" + a.getValue()
                  + "): row locks were replaced by a table lock.",
              facts("attribute", a.getKey(), "value", a.getValue()));
        }
      }
    }
    return null;
  }

  /**
   * Two sessions that both read a row with a shared lock (SERIALIZABLE or REPEATABLE READ reads, HOLDLOCK,
   * SELECT ... FOR SHARE / LOCK IN SHARE MODE) and then update it each wait for the other's shared lock
   * to convert theirs to exclusive. Seen as one resource held shared and requested exclusive by every
   * participant. PostgreSQL reports the same as a two-cycle on one tuple (one waits for the tuple lock,
   * the other for the first's transaction) between writers of one table: both already locked the row.
   */
  private RootCause readThenUpdate(Case c) {
    Map<String, List<WaitEdge>> byResource = new LinkedHashMap<>();
    c.edges.forEach(e -> byResource.computeIfAbsent(e.resource().id(), k -> new ArrayList<>()).add(e));
    for (List<WaitEdge> onOne : byResource.values()) {
      Set<String> waiters = onOne.stream().map(WaitEdge::waiter).collect(Collectors.toSet());
      // A held mode the report leaves out (InnoDB prints no locks for the first transaction of older
      // reports) does not contradict the pattern the others show.
      boolean sharedThenExclusive = onOne.stream().anyMatch(e -> e.heldMode() != null)
          && onOne.stream().allMatch(e -> (e.heldMode() == null || c.modes.isShared(e.heldMode()))
              && e.requestedMode() != null && !c.modes.isShared(e.requestedMode()));
      // Each waits for a resource the other holds: on an exact resource id (not InnoDB's per-index key,
      // not a transaction id) that means both already hold it and want a stronger mode.
      LockResource r = onOne.get(0).resource();
      boolean exactId = c.graph.engine() != Engine.MYSQL && !r.isTransactionLock();
      boolean upgradeOfUnknownHold = exactId
          && onOne.stream().allMatch(e -> e.heldMode() == null && e.requestedMode() != null
              && !c.modes.isShared(e.requestedMode()))
          && c.edges.stream().allMatch(e -> e.resource().id().equals(r.id()));
      if (waiters.size() >= 2 && (sharedThenExclusive || upgradeOfUnknownHold)) {
        WaitEdge e = onOne.get(0);
        return new RootCause(RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
            "Participants " + String.join(", ", sorted(waiters)) + " all hold "
                + (e.heldMode() == null ? "a weaker lock" : c.modes.canonical(e.heldMode()))
                + " on " + e.resource().shape() + " and request " + c.modes.canonical(e.requestedMode())
                + " on it: each read the row under a shared lock, then tried to update it.",
            facts("resource", e.resource().id(), "held_mode", c.modes.canonical(e.heldMode()), "requested_mode",
                c.modes.canonical(e.requestedMode()), "isolation_level", c.isolationLevel()));
      }
    }
    if (c.graph.engine() == Engine.POSTGRESQL && c.cycles.size() == 1 && c.cycles.get(0).size() == 2) {
      WaitEdge tupleWait = c.edges.stream().filter(e -> "tuple".equalsIgnoreCase(e.resource().lockType()))
          .findFirst().orElse(null);
      Set<String> tables = new LinkedHashSet<>();
      boolean allWrite = true;
      for (String id : c.nodeIds()) {
        StatementInfo s = c.statement(id);
        allWrite &= s.isWrite() || isSelectForUpdate(c.graph.node(id).statement());
        tables.add(s.mainTable());
      }
      if (tupleWait != null && allWrite && tables.size() == 1 && !tables.contains(null)) {
        return new RootCause(RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
            "Both participants write " + tables.iterator().next() + " and wait on one row ("
                + tupleWait.resource().id() + "): each held a shared row lock (SELECT ... FOR SHARE) and then "
                + "updated the row.",
            facts("resource", tupleWait.resource().id(), "table", tables.iterator().next(), "requested_mode",
                tupleWait.requestedMode()));
      }
    }
    return null;
  }

  private static boolean isSelectForUpdate(String sql) {
    return sql != null && sql.toUpperCase(Locale.ROOT).matches("(?s)\\s*SELECT\\b.*\\bFOR\\s+(NO\\s+KEY\\s+)?UPDATE\\b.*");
  }

  /**
   * The classic: each participant holds what the next one wants, because they take the same resources
   * in different orders (different statements, or one statement on keys in a different order). Shown
   * by waits on at least two distinct resources; or, where resource ids are coarse (InnoDB keys name the
   * index, not the row), by exclusive locks held and requested on the same key, which can only be on
   * different rows.
   */
  private RootCause lockOrderInversion(Case c) {
    for (DeadlockCycle cycle : c.cycles) {
      if (cycle.size() < 2) {
        continue;
      }
      Set<String> resources = cycle.resources().stream().map(LockResource::id).collect(Collectors.toCollection(LinkedHashSet::new));
      boolean coarseExclusive = resources.size() == 1 && cycle.edges().stream().anyMatch(e -> e.heldMode() != null)
          && cycle.edges().stream().allMatch(e -> (e.heldMode() == null || !c.modes.isShared(e.heldMode()))
              && e.requestedMode() != null && !c.modes.isShared(e.requestedMode()));
      if (resources.size() < 2 && !coarseExclusive) {
        continue;
      }
      Set<String> fingerprints = new LinkedHashSet<>();
      for (String id : cycle.nodeIds()) {
        String fp = DeadlockSignature.fingerprint(c.graph, c.statements, id);
        fingerprints.add(fp.equals("-") ? "?" + id : fp);
      }
      String statements = fingerprints.size() == 1
          ? "the same statement on different keys" : fingerprints.size() + " different statements";
      List<String> steps = new ArrayList<>();
      for (WaitEdge e : cycle.edges()) {
        steps.add(e.waiter() + " waits for " + e.resource().id() + " held by " + e.blocker());
      }
      return new RootCause(RootCauseClass.LOCK_ORDER_INVERSION,
          String.join("; ", steps) + ": " + statements + " take the same resources in opposite order.",
          facts("cycle", String.join("->", cycle.nodeIds()), "resources", String.join(" | ", resources),
              "distinct_statements", String.valueOf(fingerprints.size())));
    }
    return null;
  }

  private static String describeTable(LockResource r) {
    return r.table() == null ? r.id() : r.table() + (r.index() == null ? "" : " (" + r.index() + ")");
  }

  private static String describe(List<WaitEdge> edges) {
    return edges.stream().map(e -> e.waiter() + "->" + e.blocker() + " " + e.resource().id() + " "
        + e.requestedMode() + "/" + e.heldMode()).collect(Collectors.joining("; "));
  }

  private static String sessions(Case c) {
    return c.graph.nodes().stream().map(DeadlockNode::session).filter(Objects::nonNull).distinct()
        .sorted(WaitForGraph.SESSION_ORDER).collect(Collectors.joining(","));
  }

  private static List<String> sorted(Set<String> ids) {
    return ids.stream().sorted(WaitForGraph.SESSION_ORDER).toList();
  }

  /** Facts in the given order, null values left out. */
  private static Map<String, String> facts(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  /** One deadlock with what the rules look at. */
  private static final class Case {
    final WaitForGraph graph;
    final List<DeadlockCycle> cycles;
    final List<WaitEdge> edges;
    final Map<String, StatementInfo> statements;
    final Set<ForeignKey> foreignKeys;
    final LockModes modes;

    Case(WaitForGraph graph, List<DeadlockCycle> cycles, Map<String, StatementInfo> statements,
        List<ForeignKey> foreignKeys) {
      this.graph = graph;
      this.cycles = cycles == null ? List.of() : cycles;
      List<WaitEdge> fromCycles = this.cycles.stream().flatMap(cy -> cy.edges().stream()).distinct().toList();
      this.edges = fromCycles.isEmpty() ? graph.edges() : fromCycles;
      this.statements = statements;
      this.foreignKeys = Set.copyOf(foreignKeys);
      this.modes = LockModes.forEngine(graph.engine());
    }

    List<String> nodeIds() {
      return graph.nodes().stream().map(DeadlockNode::id).toList();
    }

    /** The caller's statement info, else a guess from the node's statement text. */
    StatementInfo statement(String id) {
      StatementInfo given = statements.get(id);
      if (given != null) {
        return given;
      }
      DeadlockNode n = graph.node(id);
      return StatementInfo.guess(n == null ? null : n.statement());
    }

    /** The first isolation level any participant reports; null when none does. */
    String isolationLevel() {
      for (DeadlockNode n : graph.nodes()) {
        for (String key : ISOLATION_KEYS) {
          String v = n.attributes().get(key);
          if (v != null && !v.isBlank()) {
            return v;
          }
        }
      }
      return null;
    }
  }
}
