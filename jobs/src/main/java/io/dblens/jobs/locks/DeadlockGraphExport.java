package io.dblens.jobs.locks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes one deadlock graph for people (DOT for Graphviz, GraphML for yEd / Gephi) and for programs
 * (JSON). Nodes show the session and its statement shortened to one line, the victim is marked; edges
 * show the resource and the requested / held modes. Edges on a cycle are drawn bold in DOT. Output
 * depends only on the graph, in node and edge order, so it can be compared as text.
 */
public final class DeadlockGraphExport {

  static final int STATEMENT_CHARS = 60;
  static final int RESOURCE_CHARS = 48;
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadlockGraphExport() {}

  /** DOT; edges of {@code cycles} are bold. */
  public static String toDot(WaitForGraph graph, List<DeadlockCycle> cycles) {
    Set<WaitEdge> onCycle = onCycle(cycles);
    StringBuilder out = new StringBuilder("digraph deadlock {\n");
    out.append("  graph [label=\"").append(dotEscape(graph.engine().id() + " deadlock")).append("\", labelloc=t];\n");
    out.append("  node [shape=box, fontname=\"Helvetica\"];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (DeadlockNode n : graph.nodes()) {
      out.append("  \"").append(dotEscape(n.id())).append("\" [label=\"").append(dotEscape(nodeLabel(n))).append('"');
      if (n.victim()) {
        out.append(", style=filled, fillcolor=\"#f4cccc\", color=red, penwidth=2");
      }
      out.append("];\n");
    }
    for (WaitEdge e : graph.edges()) {
      out.append("  \"").append(dotEscape(e.waiter())).append("\" -> \"").append(dotEscape(e.blocker()))
          .append("\" [label=\"").append(dotEscape(edgeLabel(e))).append('"');
      if (onCycle.contains(e)) {
        out.append(", penwidth=2");
      }
      out.append("];\n");
    }
    return out.append("}\n").toString();
  }

  /** GraphML with node data (label, session, statement, victim) and edge data (label, resource, modes). */
  public static String toGraphMl(WaitForGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");
    String[][] keys = {
        {"label", "node"}, {"session", "node"}, {"transaction", "node"}, {"statement", "node"}, {"victim", "node"},
        {"label", "edge"}, {"resource", "edge"}, {"lockType", "edge"}, {"requestedMode", "edge"}, {"heldMode", "edge"}};
    for (String[] k : keys) {
      out.append("  <key id=\"").append(k[1]).append('_').append(k[0]).append("\" for=\"").append(k[1])
          .append("\" attr.name=\"").append(k[0]).append("\" attr.type=\"")
          .append(k[0].equals("victim") ? "boolean" : "string").append("\"/>\n");
    }
    out.append("  <graph id=\"deadlock\" edgedefault=\"directed\">\n");
    for (DeadlockNode n : graph.nodes()) {
      out.append("    <node id=\"").append(xml(n.id())).append("\">\n");
      data(out, "node_label", nodeLabel(n));
      data(out, "node_session", n.session());
      data(out, "node_transaction", n.transaction());
      data(out, "node_statement", n.statement());
      data(out, "node_victim", String.valueOf(n.victim()));
      out.append("    </node>\n");
    }
    int i = 0;
    for (WaitEdge e : graph.edges()) {
      out.append("    <edge id=\"e").append(i++).append("\" source=\"").append(xml(e.waiter()))
          .append("\" target=\"").append(xml(e.blocker())).append("\">\n");
      data(out, "edge_label", edgeLabel(e));
      data(out, "edge_resource", e.resource().id());
      data(out, "edge_lockType", e.resource().lockType());
      data(out, "edge_requestedMode", e.requestedMode());
      data(out, "edge_heldMode", e.heldMode());
      out.append("    </edge>\n");
    }
    return out.append("  </graph>\n</graphml>\n").toString();
  }

  /** {"engine", "nodes": [...], "edges": [...]}; null fields are left out. */
  public static String toJson(WaitForGraph graph) {
    ObjectNode root = JSON.createObjectNode();
    root.put("engine", graph.engine().id());
    ArrayNode nodes = root.putArray("nodes");
    for (DeadlockNode n : graph.nodes()) {
      ObjectNode o = nodes.addObject();
      put(o, "id", n.id());
      put(o, "session", n.session());
      put(o, "transaction", n.transaction());
      put(o, "statement", n.statement());
      o.put("victim", n.victim());
      o.put("label", nodeLabel(n));
    }
    ArrayNode edges = root.putArray("edges");
    for (WaitEdge e : graph.edges()) {
      ObjectNode o = edges.addObject();
      o.put("waiter", e.waiter());
      o.put("blocker", e.blocker());
      put(o, "resource", e.resource().id());
      put(o, "lockType", e.resource().lockType());
      put(o, "database", e.resource().database());
      put(o, "table", e.resource().table());
      put(o, "index", e.resource().index());
      put(o, "requestedMode", e.requestedMode());
      put(o, "heldMode", e.heldMode());
      o.put("label", edgeLabel(e));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a tree of strings always serialises", impossible);
    }
  }

  static String nodeLabel(DeadlockNode n) {
    StringBuilder s = new StringBuilder(n.victim() ? "victim " : "");
    s.append(n.id());
    if (n.session() != null && !n.session().equals(n.id())) {
      s.append(" (session ").append(n.session()).append(')');
    }
    if (n.statement() != null && !n.statement().isBlank()) {
      s.append('\n').append(shorten(n.statement(), STATEMENT_CHARS));
    }
    return s.toString();
  }

  static String edgeLabel(WaitEdge e) {
    return shorten(e.resource().id(), RESOURCE_CHARS) + "\nwants " + orUnknown(e.requestedMode()) + ", held "
        + orUnknown(e.heldMode());
  }

  /** One line, at most {@code max} characters, "..." marking a cut. */
  static String shorten(String text, int max) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }

  private static String orUnknown(String mode) {
    return mode == null ? "?" : mode;
  }

  private static Set<WaitEdge> onCycle(List<DeadlockCycle> cycles) {
    return cycles == null ? Set.of() : cycles.stream().flatMap(c -> c.edges().stream()).collect(Collectors.toSet());
  }

  /** A DOT double-quoted string body: backslash and quote escaped, newlines as DOT's \n. */
  static String dotEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> { }
        default -> out.append(c < 0x20 ? ' ' : c);
      }
    }
    return out.toString();
  }

  private static void data(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append("      <data key=\"").append(key).append("\">").append(xml(value)).append("</data>\n");
    }
  }

  /** XML text: markup characters escaped, characters XML 1.0 forbids dropped. */
  static String xml(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
            if (c != 0xFFFE && c != 0xFFFF) {
              out.append(c);
            }
          }
        }
      }
    }
    return out.toString();
  }

  private static void put(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}
