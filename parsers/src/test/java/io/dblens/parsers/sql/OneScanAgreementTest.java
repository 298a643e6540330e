package io.dblens.parsers.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlFingerprinter#fingerprintAndRedact} scans once for what {@link SqlFingerprinter#fingerprint}
 * and {@link SqlFingerprinter#redact} each scan for: it must give exactly their two results, for every
 * engine and any text, well-formed or not (the per-event path relies on it, and the ids are stored).
 */
class OneScanAgreementTest {
  /** Shared libpg_query cases, used when the corpus is checked out next to the repository. */
  private static final Path LIBPG = Path.of("../../shared/data/real/libpg_query/_derived");

  private static final String[] TABLES = {"orders", "public.users", "\"Accounts\"", "events_20240301",
      "shop.order_items_2024_03", "t", "[dbo].[Orders]", "`items`", "v$session", "\"select\""};
  private static final String[] COLUMNS = {"id", "user_id", "status", "\"Name\"", "created_at", "amount", "a",
      "data", "col_2024", "[Order Id]"};
  private static final String[] LITERALS = {"1", "42", "-7", "+3", "3.14", ".5", "1e10", "1.5e-3", "0x1F", "1_000",
      "'x'", "'O''Brien'", "''", "'it\\'s'", "E'esc\\'aped\\n'", "e'\\\\'", "B'101'", "X'ff'", "N'Bob'",
      "U&'d\\0061t'", "$$body ' quote$$", "$fn$ x $fn$", "$a$$a$", "q'[it's]'", "nq'{x}'", "\"dq string\"",
      "'multi\nline'", "'€ é \uD83D\uDE00'", "NULL", "TRUE", "false", "$1", "$12", "?", ":name", ":1", "@p1",
      "@@version", "'2024-03-01'::date", "ARRAY[1,2]", "interval '1 day'", "now()", "-a", "a-1", "a - -1"};
  private static final String[] FRAGMENTS = {"SELECT", "select", " ", "  ", "\n", "\t", "*", "FROM", "t", "t_2024",
      "WHERE", "a", "=", "-", "+", "1", "-1", "1.5e", "0x", "0x1F", ".", "..", "'", "''", "'x'", "\"", "\"Q\"", "`",
      "`b`", "[", "]", "[x]", "(", ")", ",", ";", ":", "::", ":=", ":n", "?", "?|", "$", "$1", "$$", "$tag$", "$a",
      "@", "@@", "@p1", "#", "##t", "--", "/*", "*/", "/", "E'", "e'\\'", "\\", "N'", "U&'", "q'[", "nq'{", "IN",
      "in (", "= ANY(", "VALUES", "values (", "), (", "ORDER BY", "GROUP BY", "SAVEPOINT", "FETCH", "ROLLBACK TO",
      "NULL", "IS", "NOT", "é", "€", "\uD83D\uDE00", "\uD800", "\u0000", "\u00a0", "{", "}", "->>", "array[",
      "::int[]", "/* c */", "-- c\n", "/* /* nested */ */", "E'\\''", "$x$ never closed", "'never closed"};

  @Test
  void generatedStatementsAgreeForEveryEngine() {
    SplittableRandom random = new SplittableRandom(20240301);
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      statements.add(random.nextInt(4) == 0 ? fragments(random) : statement(random));
    }
    for (Engine engine : Engine.values()) {
      // pt-query-digest's regular expressions (MySQL) and the shape parser (MongoDB) are slow: a sample
      int count = engine == Engine.MYSQL || engine == Engine.MONGODB ? 4_000 : statements.size();
      assertAgree(engine, statements.subList(0, count));
    }
  }

  @Test
  void truncatedStatementsAgree() {
    // a log line cut anywhere: inside a quote, a comment, a dollar quote, an escape, a surrogate pair
    SplittableRandom random = new SplittableRandom(7);
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String sql = statement(random);
      for (int cut = 0; cut <= sql.length(); cut += 1 + random.nextInt(4)) {
        statements.add(sql.substring(0, cut));
      }
    }
    for (Engine engine : List.of(Engine.POSTGRESQL, Engine.SQLSERVER, Engine.ORACLE)) {
      assertAgree(engine, statements);
    }
  }

  @Test
  void edgeAndHugeInputsAgree() {
    StringBuilder inList = new StringBuilder("SELECT * FROM t WHERE id IN (");
    StringBuilder values = new StringBuilder("INSERT INTO t (a, b) VALUES ");
    for (int i = 0; i < 100_000; i++) {
      inList.append(i == 0 ? "" : ", ").append(i % 3 == 0 ? "'s" + i + "'" : String.valueOf(i));
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'v").append(i).append("')");
    }
    List<String> statements = new ArrayList<>(List.of("", " ", ";", ";;", "--", "/*", "'", "$$", "$a$", "E'\\",
        "SELECT 'never closed", "SELECT 1 /* never closed", "SELECT $x$ never closed", "SELECT \"never closed",
        ")))((( ,,, ;;;", "SELECT 1; SELECT 'a';; INSERT INTO t VALUES (1), (2)", inList.toString(),
        inList.append(')').toString(), values.toString(), "SELECT '" + "x".repeat(300_000),
        "SELECT " + "1, ".repeat(50_000) + "2"));
    statements.add(null);
    for (Engine engine : Engine.values()) {
      assertAgree(engine, engine == Engine.MYSQL ? statements.subList(0, 16) : statements);
    }
  }

  @Test
  void libpgQueryCorpusAgrees() throws IOException {
    List<String> statements = new ArrayList<>();
    for (String name : List.of("fingerprint_tests.tsv", "normalize_tests.tsv", "fingerprint_opts_tests.tsv")) {
      Path file = LIBPG.resolve(name);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        for (String column : line.split("\t", -1)) {
          statements.add(column.replace("\\n", "\n").replace("\\t", "\t"));
        }
      }
    }
    for (Engine engine : List.of(Engine.POSTGRESQL, Engine.SQLSERVER, Engine.ORACLE)) {
      assertAgree(engine, statements);
    }
  }

  private static void assertAgree(Engine engine, List<String> statements) {
    SqlFingerprinter fingerprinter = SqlFingerprinter.forEngine(engine);
    for (String sql : statements) {
      Fingerprinted twoCalls = new Fingerprinted(fingerprinter.fingerprint(sql), fingerprinter.redact(sql));
      Fingerprinted oneCall = fingerprinter.fingerprintAndRedact(sql);
      if (!oneCall.equals(twoCalls)) { // compared here, not by assertThat per statement: 10^5 statements
        assertThat(oneCall).as("%s: %s", engine, sql).isEqualTo(twoCalls);
      }
    }
  }

  /** A statement of the kinds a PostgreSQL log holds, with every kind of literal, comment and list. */
  private static String statement(SplittableRandom r) {
    StringBuilder sql = new StringBuilder();
    if (r.nextInt(8) == 0) {
      sql.append(r.nextBoolean() ? "/* app:web */ " : "-- tag\n");
    }
    switch (r.nextInt(5)) {
      case 0 -> {
        sql.append("SELECT ").append(pick(r, COLUMNS)).append(", ").append(pick(r, LITERALS))
            .append(" FROM ").append(pick(r, TABLES)).append(" WHERE ");
        predicates(r, sql);
        if (r.nextInt(3) == 0) {
          sql.append(r.nextBoolean() ? " ORDER BY 1, 2 DESC" : " GROUP BY 1 ORDER BY ").append(pick(r, COLUMNS));
        }
        if (r.nextBoolean()) {
          sql.append(" LIMIT ").append(r.nextInt(1000)).append(" OFFSET ").append(pick(r, LITERALS));
        }
      }
      case 1 -> {
        sql.append("UPDATE ").append(pick(r, TABLES)).append(" SET ").append(pick(r, COLUMNS)).append(" = ")
            .append(pick(r, LITERALS)).append(", ").append(pick(r, COLUMNS)).append("=").append(pick(r, LITERALS))
            .append(" WHERE ");
        predicates(r, sql);
      }
      case 2 -> {
        sql.append("INSERT INTO ").append(pick(r, TABLES)).append(" (a, b, c) VALUES ");
        int rows = 1 + r.nextInt(4);
        for (int i = 0; i < rows; i++) {
          sql.append(i == 0 ? "" : ", ").append('(').append(pick(r, LITERALS)).append(", ")
              .append(pick(r, LITERALS)).append(",").append(pick(r, LITERALS)).append(')');
        }
        if (r.nextInt(3) == 0) {
          sql.append(" ON CONFLICT (a) DO UPDATE SET b = ").append(pick(r, LITERALS)).append(" RETURNING id");
        }
      }
      case 3 -> {
        sql.append("DELETE FROM ").append(pick(r, TABLES)).append(" WHERE ");
        predicates(r, sql);
      }
      default -> sql.append(pick(r, new String[] {"SAVEPOINT sa_savepoint_17", "RELEASE SAVEPOINT sp_2",
          "ROLLBACK TO SAVEPOINT s1", "DEALLOCATE pdo_stmt_0001", "EXECUTE s1(1, 'a')", "FETCH 100 FROM c1",
          "BEGIN", "COMMIT", "SET search_path = 'a', public", "SELECT pg_sleep(0.5)",
          "SELECT * FROM t WHERE j ?| array['a'] AND k ?& array['b']", "SELECT data ->> 'k' FROM t"}));
    }
    if (r.nextInt(6) == 0) {
      sql.append(r.nextBoolean() ? ";" : "; SELECT " + pick(r, LITERALS) + ";");
    }
    if (r.nextInt(10) == 0) {
      sql.append(r.nextBoolean() ? " -- trailing 'comment'" : " /* unterminated");
    }
    return sql.toString();
  }

  private static void predicates(SplittableRandom r, StringBuilder sql) {
    int count = 1 + r.nextInt(4);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sql.append(r.nextBoolean() ? " AND " : " or ");
      }
      switch (r.nextInt(6)) {
        case 0 -> {
          sql.append(pick(r, COLUMNS)).append(" IN (");
          int items = 1 + r.nextInt(6);
          for (int j = 0; j < items; j++) {
            sql.append(j == 0 ? "" : ", ").append(pick(r, LITERALS));
          }
          sql.append(')');
        }
        case 1 -> sql.append(pick(r, COLUMNS)).append(" = ANY(").append(pick(r, LITERALS)).append(')');
        case 2 -> sql.append(pick(r, COLUMNS)).append(" IS ").append(r.nextBoolean() ? "NOT NULL" : "NULL");
        case 3 -> sql.append(pick(r, COLUMNS)).append(" BETWEEN ").append(pick(r, LITERALS)).append(" AND ")
            .append(pick(r, LITERALS));
        default -> sql.append(pick(r, COLUMNS)).append(pick(r, new String[] {" = ", "=", " <> ", ">=", " LIKE "}))
            .append(pick(r, LITERALS));
      }
    }
  }

  private static String fragments(SplittableRandom r) {
    StringBuilder sql = new StringBuilder();
    int pieces = r.nextInt(40);
    for (int p = 0; p < pieces; p++) {
      sql.append(pick(r, FRAGMENTS));
      if (r.nextInt(3) == 0) {
        sql.append(' ');
      }
    }
    if (r.nextInt(10) == 0) {
      sql.append((char) r.nextInt(0x10000));
    }
    return sql.toString();
  }

  private static String pick(SplittableRandom r, String[] options) {
    return options[r.nextInt(options.length)];
  }
}
