package io.dblens.jobs.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the caller knows about a participant's statement, usually joined from query_fingerprints.
 *
 * @param fingerprintId  fingerprint hex id, null when unknown
 * @param statementType  SELECT, INSERT, UPDATE, DELETE, MERGE ... (upper case)
 * @param tables         tables the statement touches, the written table first for DML
 */
public record StatementInfo(String fingerprintId, String statementType, List<String> tables) {

  private static final Pattern TARGET = Pattern.compile(
      "^\\s*(?:INSERT\\s+(?:IGNORE\\s+)?INTO|UPDATE|DELETE\\s+(?:FROM\\s+)?|MERGE\\s+(?:INTO\\s+)?|REPLACE\\s+INTO)\\s*"
          + "([\\w.\"`\\[\\]]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern FROM = Pattern.compile("\\b(?:FROM|JOIN)\\s+([\\w.\"`\\[\\]]+)", Pattern.CASE_INSENSITIVE);

  public StatementInfo {
    statementType = statementType == null ? null : statementType.toUpperCase(Locale.ROOT);
    tables = tables == null ? List.of() : tables.stream().map(StatementInfo::bareName).toList();
  }

  /** The written (or first read) table, without schema or quotes; null when none is known. */
  public String mainTable() {
    return tables.isEmpty() ? null : tables.get(0);
  }

  boolean isWrite() {
    return statementType != null && switch (statementType) {
      case "INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE" -> true;
      default -> false;
    };
  }

  /**
   * A best guess from the statement text when the caller has no analysed statement: the first keyword
   * and the target table of DML, or the FROM / JOIN tables of a query. Good enough for rules that only
   * ask "which table does it write", not a parser.
   */
  public static StatementInfo guess(String sql) {
    if (sql == null || sql.isBlank()) {
      return new StatementInfo(null, null, List.of());
    }
    String s = sql.strip();
    String type = s.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
    List<String> tables = new ArrayList<>();
    Matcher t = TARGET.matcher(s);
    if (t.find()) {
      tables.add(t.group(1));
    }
    Matcher f = FROM.matcher(s);
    while (f.find()) {
      if (!tables.contains(f.group(1))) {
        tables.add(f.group(1));
      }
    }
    return new StatementInfo(null, type, tables);
  }

  /**
   * What the catalogue knows (query_fingerprints: type and tables, sorted by name) completed from the
   * statement text: the written table of DML first, as the rules expect, then the catalogue's tables.
   * Any argument may be null.
   */
  public static StatementInfo of(String fingerprintId, String catalogueType, List<String> catalogueTables,
      String sql) {
    StatementInfo guessed = guess(sql);
    List<String> tables = new ArrayList<>(guessed.tables());
    if (catalogueTables != null) {
      catalogueTables.stream().map(StatementInfo::bareName).filter(t -> t != null && !tables.contains(t))
          .forEach(tables::add);
    }
    return new StatementInfo(fingerprintId, catalogueType != null ? catalogueType : guessed.statementType(), tables);
  }

  /** "public"."Orders" -> orders, [dbo].[T] -> t, `db`.`t` -> t: table names compare without decoration. */
  static String bareName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.replaceAll("[\"`\\[\\]]", "");
    int dot = n.lastIndexOf('.');
    return (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
  }
}
