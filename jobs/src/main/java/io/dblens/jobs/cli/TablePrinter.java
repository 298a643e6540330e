package io.dblens.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Prints query results as an aligned text table, CSV (RFC 4180) or JSON lines. */
final class TablePrinter {

  enum Format { TABLE, CSV, JSON }

  /** Cells wider than this are cut in table output (CSV and JSON keep everything). */
  static final int MAX_CELL = 80;

  private TablePrinter() {}

  static void print(PrintStream out, StructType schema, List<Row> rows, Format format) {
    switch (format) {
      case CSV -> csv(out, schema, rows);
      case JSON -> json(out, schema, rows);
      default -> table(out, schema, rows);
    }
  }

  private static void table(PrintStream out, StructType schema, List<Row> rows) {
    String[] names = schema.fieldNames();
    int[] width = new int[names.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
    }
    for (Row r : rows) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        String v = text(r.get(i)).replace('\n', ' ').replace('\t', ' ');
        line[i] = v.length() > MAX_CELL ? v.substring(0, MAX_CELL - 1) + "…" : v;
        width[i] = Math.max(width[i], line[i].length());
      }
      cells.add(line);
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(row(names, width));
    out.println(rule);
    for (String[] line : cells) {
      out.println(row(line, width));
    }
    out.println(rule);
    out.println(rows.size() + (rows.size() == 1 ? " row" : " rows"));
  }

  private static String row(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      sb.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
    }
    return sb.toString();
  }

  private static void csv(PrintStream out, StructType schema, List<Row> rows) {
    out.println(String.join(",", List.of(schema.fieldNames()).stream().map(TablePrinter::quote).toList()));
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        line.add(r.isNullAt(i) ? "" : quote(text(r.get(i))));
      }
      out.println(String.join(",", line));
    }
  }

  private static String quote(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }

  private static void json(PrintStream out, StructType schema, List<Row> rows) {
    for (Row r : rows) {
      out.println(r.json());
    }
  }

  private static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof scala.collection.Iterable<?> it) {
      return it.mkString("[", ", ", "]");
    }
    if (v instanceof Double d) {
      // Durations are logged with microsecond precision in ms: three decimals show all of it.
      return String.format(java.util.Locale.ROOT, "%.3f", d);
    }
    return String.valueOf(v);
  }
}
