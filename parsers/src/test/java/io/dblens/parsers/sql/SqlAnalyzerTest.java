package io.dblens.parsers.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.Engine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlAnalyzerTest {
  private static SqlAnalyzer pg;
  private static SqlAnalyzer mysql;
  private static SqlAnalyzer mssql;

  @BeforeAll
  static void open() {
    pg = new SqlAnalyzer(Engine.POSTGRESQL, Duration.ofSeconds(2));
    mysql = new SqlAnalyzer(Engine.MYSQL, Duration.ofSeconds(2));
    mssql = new SqlAnalyzer(Engine.SQLSERVER, Duration.ofSeconds(2));
  }

  @AfterAll
  static void close() {
    pg.close();
    mysql.close();
    mssql.close();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      SELECT * FROM t WHERE id = ?                                     | select
      WITH a AS (SELECT 1) SELECT * FROM a                             | select
      WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a               | insert
      INSERT INTO t (a) VALUES (?)                                     | insert
      UPDATE t SET a = ? WHERE id = ?                                  | update
      DELETE FROM t WHERE id = ?                                       | delete
      MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE     | merge
      CREATE TABLE t (id int)                                          | create_table
      CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)                      | create_index
      CREATE OR REPLACE VIEW v AS SELECT 1                             | create_view
      CREATE TEMPORARY TABLE tt AS SELECT 1                            | create_table
      ALTER TABLE t ADD COLUMN x int                                   | alter_table
      DROP TABLE IF EXISTS t                                           | drop_table
      TRUNCATE t                                                       | truncate
      BEGIN                                                            | begin
      START TRANSACTION READ WRITE                                     | begin
      COMMIT                                                           | commit
      ROLLBACK                                                         | rollback
      SET search_path TO public                                        | set
      SHOW work_mem                                                    | show
      VACUUM FULL t                                                    | vacuum
      COPY t FROM stdin                                                | copy
      EXPLAIN ANALYZE SELECT 1                                         | explain
      CALL p(?)                                                        | call
      LISTEN channel                                                   | listen
      -- nothing                                                       | other
      """)
  void statementTypes(String sql, String type) {
    assertThat(pg.analyze(sql).statementType()).isEqualTo(type);
  }

  @Test
  void joinsPredicatesAndAliasResolution() {
    SqlShape shape = pg.analyze(
        "SELECT u.id, o.total FROM app.users u JOIN orders o ON o.user_id = u.id "
            + "LEFT JOIN items i ON i.order_id = o.id WHERE u.status = ? AND o.total > ?");
    assertThat(shape.parsed()).isTrue();
    assertThat(shape.tables()).containsExactly("app.users", "items", "orders");
    assertThat(shape.joinCount()).isEqualTo(2);
    assertThat(shape.subqueryCount()).isZero();
    assertThat(shape.predicateColumns())
        .containsExactly("app.users.id", "app.users.status", "items.order_id", "orders.id", "orders.total", "orders.user_id");
    assertThat(shape.complexity()).isEqualTo("moderate");
  }

  @Test
  void subqueriesInFromAndExpressions() {
    SqlShape shape = pg.analyze("SELECT * FROM (SELECT a FROM t) x WHERE x.a IN (SELECT a FROM u WHERE v = ?) "
        + "AND EXISTS (SELECT 1 FROM w WHERE w.a = x.a)");
    assertThat(shape.subqueryCount()).isEqualTo(3);
    assertThat(shape.tables()).containsExactly("t", "u", "w");
    assertThat(shape.predicateColumns()).contains("v", "w.a");
  }

  @Test
  void cteNamesAreNotTables() {
    SqlShape shape = pg.analyze("WITH recent AS (SELECT * FROM events WHERE ts > ?) SELECT count(*) FROM recent");
    assertThat(shape.tables()).containsExactly("events");
  }

  @Test
  void complexityClasses() {
    assertThat(pg.analyze("SELECT a FROM t WHERE id = ?").complexity()).isEqualTo("simple");
    assertThat(pg.analyze("SELECT a FROM t JOIN u ON u.id = t.u").complexity()).isEqualTo("moderate");
    assertThat(pg.analyze("SELECT a, row_number() OVER (ORDER BY b) FROM t WHERE a IN (SELECT a FROM u) "
        + "UNION ALL SELECT a, 1 FROM w").complexity()).isEqualTo("complex");
    assertThat(pg.analyze("WITH c1 AS (SELECT 1), c2 AS (SELECT 2) SELECT * FROM a JOIN b ON a.x = b.x "
        + "JOIN c ON c.x = b.x WHERE a.y IN (SELECT y FROM d) AND EXISTS (SELECT 1 FROM e WHERE e.x = a.x)")
        .complexity()).isEqualTo("very_complex");
  }

  @Test
  void complexityScoreBoundaries() {
    assertThat(Complexity.classOf(Complexity.score(0, 0, 0, 0, 0, 5))).isEqualTo("simple");
    assertThat(Complexity.classOf(Complexity.score(0, 0, 0, 0, 0, 6))).isEqualTo("moderate");
    assertThat(Complexity.classOf(Complexity.score(3, 0, 0, 0, 0, 0))).isEqualTo("moderate");
    assertThat(Complexity.classOf(Complexity.score(4, 0, 0, 0, 0, 0))).isEqualTo("complex");
    assertThat(Complexity.classOf(Complexity.score(0, 4, 0, 0, 0, 0))).isEqualTo("very_complex");
  }

  @Test
  void vacuumFallsBackToKeywordScan() {
    SqlShape shape = pg.analyze("VACUUM FULL ANALYZE public.big_table");
    assertThat(shape.parsed()).isFalse();
    assertThat(shape.statementType()).isEqualTo("vacuum");
    assertThat(shape.tables()).containsExactly("public.big_table");
    assertThat(shape.parseError()).isNotBlank().doesNotContain("\n").hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void copyFallsBack() {
    SqlShape shape = pg.analyze("COPY vistest FROM stdin FREEZE CSV");
    assertThat(shape.parsed()).isFalse();
    assertThat(shape.statementType()).isEqualTo("copy");
    assertThat(shape.tables()).containsExactly("vistest");
  }

  @Test
  void sqlServerUpdateTopFallsBackWithTablesAndJoins() {
    SqlShape shape = mssql.analyze("UPDATE TOP (?) q SET taken = ? FROM dbo.queue q JOIN dbo.workers w ON w.id = q.w WHERE taken = ?");
    assertThat(shape.statementType()).isEqualTo("update");
    assertThat(shape.tables()).contains("dbo.queue", "dbo.workers");
    assertThat(shape.joinCount()).isEqualTo(1);
  }

  @Test
  void sqlServerBracketsParse() {
    SqlShape shape = mssql.analyze("SELECT TOP (?) [o].[Id] FROM [dbo].[Orders] AS [o] WHERE [o].[CustomerId] = @p0");
    assertThat(shape.parsed()).isTrue();
    assertThat(shape.tables()).containsExactly("dbo.orders");
    assertThat(shape.predicateColumns()).containsExactly("dbo.orders.customerid");
  }

  @Test
  void mysqlBackticksParse() {
    SqlShape shape = mysql.analyze("SELECT `id` FROM `shop`.`orders` o STRAIGHT_JOIN b ON o.id = b.a WHERE o.x = ? LIMIT ?, ?");
    assertThat(shape.parsed()).isTrue();
    assertThat(shape.tables()).containsExactly("b", "shop.orders");
  }

  @Test
  void redactedSamplesWithPlaceholdersInTypeSizesStillParse() {
    SqlFingerprinter fingerprinter = SqlFingerprinter.forEngine(Engine.POSTGRESQL);
    String sample = fingerprinter.redact("CREATE TABLE t (id int, name varchar(40))");
    assertThat(sample).contains("varchar(?)");
    assertThat(pg.analyze(sample).parsed()).isTrue();
  }

  @Test
  void garbageNeverThrows() {
    for (String sql : List.of("", "(((", "SELECT 'x", "garbage not sql", ";;;", "SELECT * FROM")) {
      SqlShape shape = pg.analyze(sql);
      assertThat(shape.statementType()).isNotNull();
    }
    assertThat(pg.analyze(null).parsed()).isFalse();
  }

  @Test
  void analyzerStillWorksAfterATimeout() {
    try (SqlAnalyzer hurried = new SqlAnalyzer(Engine.POSTGRESQL, Duration.ofMillis(1))) {
      StringBuilder deep = new StringBuilder("SELECT ");
      for (int i = 0; i < 300; i++) {
        deep.append("coalesce(");
      }
      deep.append("1");
      deep.append(")".repeat(300));
      SqlShape slow = hurried.analyze(deep.toString());
      assertThat(slow.statementType()).isEqualTo("select");
      SqlShape next = hurried.analyze("SELECT 1");
      assertThat(next.statementType()).isEqualTo("select");
    }
  }
}
