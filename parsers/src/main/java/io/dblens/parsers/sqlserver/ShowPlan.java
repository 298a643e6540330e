package io.dblens.parsers.sqlserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code <ShowPlanXML>} document (estimated or actual; a saved .sqlplan, or the showplan_xml
 * of an Extended Events plan event) into its statements, each with its operator tree and the
 * missing-index hints the optimizer attached. The tree is kept queryable as tab-separated rows
 * ({@link #operatorRows()}, {@link #missingIndexRows()}, documented in the README) and readable as an
 * indented outline ({@link #outline()}).
 */
final class ShowPlan {

  /** One RelOp: where it sits in the tree and what the plan says about it. */
  record Operator(int statement, String nodeId, String parentId, int depth, String physicalOp, String logicalOp,
      String estimateRows, String actualRows, String actualExecutions, String subtreeCost, String object) {}

  /** One missing-index hint: table and its equality, inequality and include columns. */
  record MissingIndex(int statement, String impact, String table, String equality, String inequality,
      String include) {}

  /** One statement: its text, type, cost and hashes. */
  record Statement(int number, String text, String type, String subtreeCost, String estimateRows, String queryHash,
      String queryPlanHash, String elapsedMs, String cpuMs, String dop, String warnings) {}

  final List<Statement> statements = new ArrayList<>();
  final List<Operator> operators = new ArrayList<>();
  final List<MissingIndex> missingIndexes = new ArrayList<>();
  private boolean actual;
  final String build;

  ShowPlan(XmlNode showPlan) {
    build = showPlan.attr("Build");
    showPlan.walk(n -> {
      if (n.name.startsWith("Stmt") && (n.attr("StatementText") != null || n.child("QueryPlan") != null)) {
        statement(n);
      }
    });
  }

  private void statement(XmlNode stmt) {
    int number = statements.size() + 1;
    XmlNode plan = stmt.child("QueryPlan");
    String elapsed = null;
    String cpu = null;
    String dop = null;
    String warnings = null;
    if (plan != null) {
      XmlNode times = plan.child("QueryTimeStats");
      if (times != null) {
        elapsed = times.attr("ElapsedTime");
        cpu = times.attr("CpuTime");
        actual = true;
      }
      dop = plan.attr("DegreeOfParallelism");
      XmlNode w = plan.child("Warnings");
      if (w != null) {
        List<String> names = new ArrayList<>();
        for (XmlNode c : w.children) {
          names.add(c.name);
        }
        warnings = names.isEmpty() ? null : String.join(",", names);
      }
      XmlNode missing = plan.child("MissingIndexes");
      if (missing != null) {
        for (XmlNode group : missing.children("MissingIndexGroup")) {
          for (XmlNode mi : group.children("MissingIndex")) {
            missingIndexes.add(missingIndex(number, group.attr("Impact"), mi));
          }
        }
      }
      XmlNode root = plan.child("RelOp");
      if (root != null) {
        operator(number, root, null, 0);
      }
    }
    statements.add(new Statement(number, stmt.attr("StatementText"), stmt.attr("StatementType"),
        stmt.attr("StatementSubTreeCost"), stmt.attr("StatementEstRows"), stmt.attr("QueryHash"),
        stmt.attr("QueryPlanHash"), elapsed, cpu, dop, warnings));
  }

  private static MissingIndex missingIndex(int statement, String impact, XmlNode mi) {
    List<String> eq = new ArrayList<>();
    List<String> ineq = new ArrayList<>();
    List<String> incl = new ArrayList<>();
    for (XmlNode g : mi.children("ColumnGroup")) {
      List<String> into = switch (String.valueOf(g.attr("Usage")).toUpperCase(Locale.ROOT)) {
        case "EQUALITY" -> eq;
        case "INEQUALITY" -> ineq;
        default -> incl;
      };
      for (XmlNode c : g.children("Column")) {
        into.add(c.attr("Name"));
      }
    }
    String table = join(".", mi.attr("Database"), mi.attr("Schema"), mi.attr("Table"));
    return new MissingIndex(statement, impact, table, String.join(",", eq), String.join(",", ineq),
        String.join(",", incl));
  }

  private void operator(int statement, XmlNode relOp, String parentId, int depth) {
    String rows = null;
    String executions = null;
    XmlNode runtime = relOp.child("RunTimeInformation");
    if (runtime != null) {
      actual = true;
      long r = 0;
      long e = 0;
      for (XmlNode t : runtime.children("RunTimeCountersPerThread")) {
        r += parseLong(t.attr("ActualRows"));
        e += parseLong(t.attr("ActualExecutions"));
      }
      rows = Long.toString(r);
      executions = Long.toString(e);
    }
    String id = relOp.attr("NodeId");
    operators.add(new Operator(statement, id, parentId, depth, relOp.attr("PhysicalOp"), relOp.attr("LogicalOp"),
        relOp.attr("EstimateRows"), rows, executions, relOp.attr("EstimatedTotalSubtreeCost"), object(relOp)));
    for (XmlNode c : relOp.children) {
      children(statement, c, id, depth + 1);
    }
  }

  /** RelOps nest inside their operator's element (NestedLoops, Hash, ...): find the nearest ones below. */
  private void children(int statement, XmlNode n, String parentId, int depth) {
    if (n.name.equals("RelOp")) {
      operator(statement, n, parentId, depth);
      return;
    }
    for (XmlNode c : n.children) {
      children(statement, c, parentId, depth);
    }
  }

  /** The table or index an access operator reads: [db].[schema].[table].[index] as far as given. */
  private static String object(XmlNode relOp) {
    for (XmlNode op : relOp.children) {
      if (op.name.equals("RelOp") || op.name.equals("OutputList") || op.name.equals("RunTimeInformation")) {
        continue;
      }
      XmlNode o = op.child("Object");
      if (o != null) {
        return join(".", o.attr("Database"), o.attr("Schema"), o.attr("Table"), o.attr("Index"));
      }
    }
    return null;
  }

  private static String join(String sep, String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (p != null) {
        if (b.length() > 0) {
          b.append(sep);
        }
        b.append(p);
      }
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static long parseLong(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** True when the plan carries run-time counters (an actual plan). */
  boolean actual() {
    return actual;
  }

  /**
   * One line per operator in tree order: statement, node_id, parent_node_id, depth, physical_op,
   * logical_op, estimate_rows, actual_rows, actual_executions, estimated_subtree_cost, object
   * (tab-separated; empty where the plan has no value).
   */
  String operatorRows() {
    List<String> out = new ArrayList<>();
    for (Operator o : operators) {
      out.add(tsv(Integer.toString(o.statement()), o.nodeId(), o.parentId(), Integer.toString(o.depth()),
          o.physicalOp(), o.logicalOp(), o.estimateRows(), o.actualRows(), o.actualExecutions(), o.subtreeCost(),
          o.object()));
    }
    return out.isEmpty() ? null : String.join("\n", out);
  }

  /**
   * One line per missing-index hint: statement, impact, table, equality_columns, inequality_columns,
   * include_columns (tab-separated, columns comma-separated).
   */
  String missingIndexRows() {
    List<String> out = new ArrayList<>();
    for (MissingIndex m : missingIndexes) {
      out.add(tsv(Integer.toString(m.statement()), m.impact(), m.table(), m.equality(), m.inequality(), m.include()));
    }
    return out.isEmpty() ? null : String.join("\n", out);
  }

  private static String tsv(String... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append('\t');
      }
      String v = values[i];
      b.append(v == null ? "" : v.replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
    }
    return b.toString();
  }

  /** The operator trees as an indented outline, then the missing-index hints. */
  String outline() {
    StringBuilder b = new StringBuilder();
    for (Statement s : statements) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append("statement ").append(s.number()).append(": ").append(s.type() == null ? "?" : s.type())
          .append(", cost ").append(s.subtreeCost()).append(", est. rows ").append(s.estimateRows());
      for (Operator o : operators) {
        if (o.statement() != s.number()) {
          continue;
        }
        b.append('\n').append("  ".repeat(o.depth() + 1)).append(o.nodeId()).append(' ').append(o.physicalOp());
        if (o.logicalOp() != null && !o.logicalOp().equals(o.physicalOp())) {
          b.append(" (").append(o.logicalOp()).append(')');
        }
        if (o.object() != null) {
          b.append(" on ").append(o.object());
        }
        b.append(" est. rows ").append(o.estimateRows());
        if (o.actualRows() != null) {
          b.append(", actual rows ").append(o.actualRows());
        }
        b.append(", cost ").append(o.subtreeCost());
      }
      for (MissingIndex m : missingIndexes) {
        if (m.statement() == s.number()) {
          b.append('\n').append("  missing index (impact ").append(m.impact()).append(") on ").append(m.table())
              .append(" equality (").append(m.equality()).append(") inequality (").append(m.inequality())
              .append(") include (").append(m.include()).append(')');
        }
      }
    }
    return b.toString();
  }
}
