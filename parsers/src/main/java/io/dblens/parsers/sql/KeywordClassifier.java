package io.dblens.parsers.sql;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Statement type and table names from the tokens alone, with the same {@link SqlScanner} as the
 * fingerprint. It gives the statement type for every statement (so parsed and unparsed statements are
 * labelled by one rule) and the tables when JSqlParser cannot parse the text (VACUUM, COPY, T-SQL
 * {@code UPDATE TOP (n)}, vendor syntax): names after FROM, JOIN, UPDATE, INTO, TABLE and the targets
 * of VACUUM, ANALYZE, COPY and TRUNCATE.
 */
final class KeywordClassifier {
  private static final Set<String> DDL_MODIFIERS = Set.of("or", "replace", "unique", "temporary", "temp",
      "global", "local", "materialized", "unlogged", "if", "not", "exists", "clustered", "nonclustered",
      "foreign", "recursive", "definer", "algorithm", "sql", "security", "public", "private", "force",
      "noforce", "editionable", "noneditionable", "concurrently", "fulltext", "spatial", "bitmap", "online");
  private static final Set<String> TABLE_KEYWORDS = Set.of("from", "join", "update", "into", "table");
  private static final Set<String> TARGET_COMMANDS = Set.of("vacuum", "analyze", "copy", "truncate", "lock");
  private static final Set<String> NOISE_BEFORE_TABLE = Set.of("only", "full", "verbose", "freeze", "table",
      "lateral", "if", "exists", "ignore", "low_priority", "quick", "analyze", "skip_locked");

  private KeywordClassifier() {}

  static String statementType(Dialect dialect, String sql) {
    SqlScanner scanner = new SqlScanner(dialect, sql);
    String first = null;
    int depth = 0;
    int kind;
    while ((kind = scanner.next()) != SqlScanner.EOF) {
      if (kind == SqlScanner.LPAREN) {
        depth++;
        continue;
      }
      if (kind == SqlScanner.RPAREN) {
        depth--;
        continue;
      }
      if (kind == SqlScanner.SEMICOLON && first != null) {
        break;
      }
      if (kind != SqlScanner.WORD || depth > 0) {
        continue;
      }
      String word = lower(scanner);
      if (first == null) {
        first = word;
        if (!first.equals("with") && !first.equals("create") && !first.equals("alter") && !first.equals("drop")) {
          return typeOf(first, scanner);
        }
        continue;
      }
      if (first.equals("with")) {
        switch (word) {
          case "select", "insert", "update", "delete", "merge" -> { return word; }
          default -> { }
        }
      } else if (!DDL_MODIFIERS.contains(word)) {
        return first + "_" + word; // create_table, alter_index, drop_view ...
      }
    }
    if (first == null) {
      return "other";
    }
    return first.equals("with") ? "select" : first;
  }

  private static String typeOf(String first, SqlScanner scanner) {
    return switch (first) {
      case "select", "values", "table" -> "select";
      case "insert", "replace", "upsert" -> "insert";
      case "update", "delete", "merge", "set", "show", "vacuum", "copy", "explain", "truncate", "grant",
          "revoke", "use", "analyze", "savepoint", "lock", "listen", "notify", "unlisten", "prepare",
          "deallocate", "declare", "fetch", "close", "reindex", "cluster", "refresh", "comment", "do" -> first;
      case "describe", "desc" -> "explain";
      case "begin", "start" -> "begin";
      case "commit", "end" -> "commit";
      case "rollback", "abort" -> "rollback";
      case "release" -> "savepoint";
      case "call", "exec", "execute" -> "call";
      case "rename" -> "alter_table";
      default -> "other";
    };
  }

  record Counts(int joins, int subqueries, int setOperations) {}

  /** JOIN keywords, "(SELECT" openings and UNION/INTERSECT/EXCEPT/MINUS words: the fallback's structure. */
  static Counts counts(Dialect dialect, String sql) {
    SqlScanner scanner = new SqlScanner(dialect, sql);
    int joins = 0;
    int subqueries = 0;
    int setOperations = 0;
    int previous = SqlScanner.EOF;
    int kind;
    while ((kind = scanner.next()) != SqlScanner.EOF) {
      if (kind == SqlScanner.WORD) {
        String word = lower(scanner);
        switch (word) {
          case "join", "straight_join" -> joins++;
          case "select" -> subqueries += previous == SqlScanner.LPAREN ? 1 : 0;
          case "union", "intersect", "except", "minus" -> setOperations++;
          default -> { }
        }
      }
      previous = kind;
    }
    return new Counts(joins, subqueries, setOperations);
  }

  /** Tables named in the text: lower-cased, qualified as written, without quotes, sorted. */
  static Set<String> tables(Dialect dialect, String sql) {
    Set<String> tables = new TreeSet<>();
    SqlScanner scanner = new SqlScanner(dialect, sql);
    boolean expectTable = false;
    boolean inFromList = false;
    boolean firstToken = true;
    int kind;
    while ((kind = scanner.next()) != SqlScanner.EOF) {
      if (kind == SqlScanner.WORD || kind == SqlScanner.QUOTED_IDENT) {
        String word = kind == SqlScanner.WORD ? lower(scanner) : null;
        if (word != null && firstToken && TARGET_COMMANDS.contains(word)) {
          expectTable = true;
        } else if (word != null && TABLE_KEYWORDS.contains(word)) {
          expectTable = true;
          inFromList = word.equals("from");
        } else if (expectTable && "top".equals(word)) {
          skipTopClause(scanner); // T-SQL UPDATE TOP (n) t / DELETE TOP (n) FROM t
        } else if (expectTable && word != null && NOISE_BEFORE_TABLE.contains(word)) {
          // keep waiting for the name
        } else if (expectTable && (kind == SqlScanner.QUOTED_IDENT || scanner.keyword() == Keywords.NONE)) {
          tables.add(readQualifiedName(scanner, kind));
          expectTable = false;
          kind = scanner.kind();
          if (kind == SqlScanner.EOF) {
            break;
          }
          if (inFromList && kind == SqlScanner.COMMA) {
            expectTable = true;
          }
        } else {
          expectTable = false;
          inFromList &= word == null || scanner.keyword() == Keywords.NONE || word.equals("as");
        }
      } else if (kind == SqlScanner.COMMA && inFromList) {
        expectTable = true;
      } else {
        expectTable = false;
        if (kind != SqlScanner.COMMA) {
          inFromList = false;
        }
      }
      firstToken = kind == SqlScanner.SEMICOLON;
    }
    return tables;
  }

  private static void skipTopClause(SqlScanner scanner) {
    if (scanner.next() != SqlScanner.LPAREN) {
      return;
    }
    for (int depth = 1, kind = scanner.next(); depth > 0 && kind != SqlScanner.EOF; kind = scanner.next()) {
      if (kind == SqlScanner.LPAREN) {
        depth++;
      } else if (kind == SqlScanner.RPAREN && --depth == 0) {
        return;
      }
    }
  }

  /** Reads name(.name)* starting at the current token; leaves the scanner on the token after it. */
  private static String readQualifiedName(SqlScanner scanner, int kind) {
    StringBuilder name = new StringBuilder();
    appendPart(name, scanner, kind);
    while (scanner.next() == SqlScanner.DOT) {
      int part = scanner.next();
      if (part != SqlScanner.WORD && part != SqlScanner.QUOTED_IDENT) {
        break;
      }
      name.append('.');
      appendPart(name, scanner, part);
    }
    return name.toString();
  }

  private static void appendPart(StringBuilder name, SqlScanner scanner, int kind) {
    String text = scanner.source().substring(scanner.start(), scanner.end());
    name.append(kind == SqlScanner.QUOTED_IDENT ? unquote(text) : text.toLowerCase(Locale.ROOT));
  }

  static String unquote(String part) {
    if (part.length() >= 2) {
      char open = part.charAt(0);
      if (open == '"' || open == '`' || open == '[') {
        return part.substring(1, part.length() - 1).toLowerCase(Locale.ROOT);
      }
    }
    return part.toLowerCase(Locale.ROOT);
  }

  private static String lower(SqlScanner scanner) {
    return scanner.source().substring(scanner.start(), scanner.end()).toLowerCase(Locale.ROOT);
  }
}
