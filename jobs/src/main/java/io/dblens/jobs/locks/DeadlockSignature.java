package io.dblens.jobs.locks;

import io.dblens.parsers.sql.SqlFingerprinter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups recurring deadlocks: two deadlocks get the same signature when the same statement shapes wait
 * for each other on the same kinds of resource (lock type, table, index) in the same modes, whatever the
 * sessions, transaction ids, key values or page numbers. Built from the cycle edges (all edges when no
 * cycle is given), each written as "waiter fingerprint -> blocker fingerprint resource-shape
 * requested/held" and sorted, so the order in which the engine lists participants does not matter.
 *
 * @param hash     16 hex digits of a 64-bit FNV-1a hash of {@code readable}
 * @param readable the text hashed: engine | fingerprints | waits
 */
public record DeadlockSignature(String hash, String readable) {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /**
   * Fingerprints come from {@code statements} (query_fingerprints ids); participants without one get
   * the fingerprint of their statement text, and "-" when they have no statement either.
   */
  public static DeadlockSignature of(WaitForGraph graph, List<DeadlockCycle> cycles,
      Map<String, StatementInfo> statements) {
    LockModes modes = LockModes.forEngine(graph.engine());
    Set<WaitEdge> edges = new LinkedHashSet<>();
    if (cycles != null) {
      cycles.forEach(c -> edges.addAll(c.edges()));
    }
    if (edges.isEmpty()) {
      edges.addAll(graph.edges());
    }
    Set<String> participants = new LinkedHashSet<>();
    edges.forEach(e -> {
      participants.add(e.waiter());
      participants.add(e.blocker());
    });
    if (participants.isEmpty()) {
      graph.nodes().forEach(n -> participants.add(n.id()));
    }
    List<String> fingerprints = new ArrayList<>();
    participants.forEach(id -> fingerprints.add(fingerprint(graph, statements, id)));
    fingerprints.sort(null);
    List<String> waits = new ArrayList<>();
    for (WaitEdge e : edges) {
      waits.add(fingerprint(graph, statements, e.waiter()) + "->" + fingerprint(graph, statements, e.blocker())
          + " " + e.resource().shape() + " " + modes.canonical(e.requestedMode()) + "/"
          + (e.heldMode() == null ? "?" : modes.canonical(e.heldMode())));
    }
    waits.sort(null);
    String readable = graph.engine().id() + " | " + String.join(",", fingerprints) + " | " + String.join(" ; ", waits);
    return new DeadlockSignature(hex(fnv1a64(readable)), readable);
  }

  /** The caller's fingerprint id, else the fingerprint of the statement text, else "-". */
  static String fingerprint(WaitForGraph graph, Map<String, StatementInfo> statements, String id) {
    StatementInfo s = statements == null ? null : statements.get(id);
    if (s != null && s.fingerprintId() != null) {
      return s.fingerprintId();
    }
    DeadlockNode n = graph.node(id);
    if (n == null || n.statement() == null || n.statement().isBlank()) {
      return "-";
    }
    return SqlFingerprinter.forEngine(graph.engine()).fingerprint(n.statement()).hexId();
  }

  /** FNV-1a over UTF-8 bytes: the same text hashes the same on any JVM and in any language. */
  static long fnv1a64(String text) {
    long h = FNV_OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  private static String hex(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
