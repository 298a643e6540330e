package io.dblens.parsers.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFingerprinterTest {
  private static final SqlFingerprinter PG = SqlFingerprinter.forEngine(Engine.POSTGRESQL);
  private static final SqlFingerprinter MY = SqlFingerprinter.forEngine(Engine.MYSQL);
  private static final SqlFingerprinter MS = SqlFingerprinter.forEngine(Engine.SQLSERVER);
  private static final SqlFingerprinter ORA = SqlFingerprinter.forEngine(Engine.ORACLE);

  private static String pg(String sql) {
    return PG.fingerprint(sql).normalized();
  }

  /** Golden table: PostgreSQL input | normalised text. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      SELECT 1                                                  | select ?
      select  a ,b   FROM   t                                   | select a, b from t
      SELECT * FROM t WHERE name = 'O''Brien'                   | select * from t where name = ?
      SELECT * FROM t WHERE x = 1.5e-3 AND y = .5               | select * from t where x = ? and y = ?
      SELECT * FROM t WHERE a = $1 AND b = ? AND c = :name      | select * from t where a = ? and b = ? and c = ?
      SELECT * FROM t WHERE flag = TRUE AND v = NULL            | select * from t where flag = ? and v = ?
      SELECT * FROM t WHERE v IS NULL AND w IS NOT NULL         | select * from t where v is null and w is not null
      SELECT * FROM t WHERE b IS TRUE                           | select * from t where b is true
      SELECT * FROM t WHERE id IN (1, 2, 3)                     | select * from t where id in (?+)
      SELECT * FROM t WHERE id IN ($1::uuid, $2::uuid)          | select * from t where id in (?+)
      SELECT * FROM t WHERE id = ANY($1)                        | select * from t where id in (?+)
      SELECT * FROM t WHERE id = ANY(ARRAY[1,2])                | select * from t where id in (?+)
      SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))          | select * from t where (a, b) in (?+)
      SELECT * FROM t WHERE id IN (SELECT id FROM u)            | select * from t where id in (select id from u)
      SELECT * FROM t WHERE id IN (a, 1)                        | select * from t where id in (a, ?)
      INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')  | insert into t(a, b) values (?, ?)
      INSERT INTO t VALUES (1), (2) ON CONFLICT DO NOTHING      | insert into t values (?) on conflict do nothing
      SELECT 1 -- trailing comment                              | select ?
      SELECT /* a /* nested */ comment */ 1                     | select ?
      SELECT 1;                                                 | select ?
      SELECT 1; SELECT 2;;                                      | select ?; select ?
      SELECT a-1, a - -1, -5, 3 * -2                            | select a - ?, a - ?, ?, ? * ?
      SELECT E'it\\'s', B'101', X'ff', U&'d\\0061t'             | select ?, ?, ?, ?
      SELECT $$body ' with quote$$, $fn$ x $fn$                 | select ?, ?
      SELECT '2020-01-01'::date, x::text                        | select ?::date, x::text
      SELECT * FROM t ORDER BY 1, 2 DESC LIMIT 10 OFFSET 5      | select * from t order by 1, 2 desc limit ? offset ?
      SELECT a, count(*) FROM t GROUP BY 1 HAVING count(*) > 5  | select a, count(*) from t group by 1 having count(*) > ?
      SELECT * FROM events_20240301                             | select * from events_?
      SELECT * FROM public.events_2024_03 e                     | select * from public.events_?_? e
      SELECT * FROM t_1                                         | select * from t_1
      SELECT col_2024 FROM t                                    | select col_2024 from t
      SELECT "users".id, "Users".id, "select".x FROM "users"    | select users.id, "Users".id, "select".x from users
      SAVEPOINT sa_savepoint_17                                 | savepoint ?
      RELEASE SAVEPOINT sa_savepoint_17                         | release savepoint ?
      ROLLBACK TO SAVEPOINT sa_savepoint_17                     | rollback to savepoint ?
      DEALLOCATE pdo_stmt_0001                                  | deallocate ?
      EXECUTE s1(1, 2)                                          | execute ?(?, ?)
      FETCH 100 FROM c1                                         | fetch ? from ?
      SELECT data ->> 'k', data @> '{}' FROM t                  | select data ->> ?, data @> ? from t
      ~~                                                        | ~~
      -- only a comment                                         | ~~
      """)
  void normalisesPostgresql(String sql, String expected) {
    assertThat(pg(sql)).isEqualTo(expected);
  }

  /**
   * MySQL fingerprints are pt-query-digest's text (see PtQueryDigestFingerprintTest), quirks included:
   * backticks stay, a line comment leaves its preceding space, {@code --1} is a comment, variables stay.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      SELECT `id`, `Order` FROM `Users` WHERE name = "bob"       | select `id`, `order` from `users` where name = ?
      SELECT 1 # hash comment                                    | ~select ? ~
      SELECT x--1 FROM t                                         | select x
      SELECT * FROM t WHERE s = 'a\\'b' AND h = 0x1f             | select * from t where s = ? and h = ?
      SELECT @@session.sql_mode, @v                              | select @@session.sql_mode, @v
      INSERT INTO t (a) VALUES (1),(2) ON DUPLICATE KEY UPDATE a=VALUES(a) | insert into t (a) values(?+)
      PREPARE stmt1 FROM 'SELECT 1'                              | prepare stmt? from ?
      """)
  void normalisesMysql(String sql, String expected) {
    assertThat(MY.fingerprint(sql).normalized()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      SELECT TOP (10) [Id], [Order Details].qty FROM [dbo].[Orders] | select top (?) id, [Order Details].qty from dbo.orders
      SELECT * FROM t WHERE name = N'Bob' AND id = @p1                | select * from t where name = ? and id = ?
      UPDATE TOP (5) t SET a = 1 FROM #temp t                        | update top (?) t set a = ? from #temp t
      SELECT "Id" FROM t                                             | select id from t
      EXEC dbo.usp_orders @p1 = 5                                    | exec dbo.usp_orders ? = ?
      SAVE TRANSACTION sp_12                                         | save transaction ?
      """)
  void normalisesSqlServer(String sql, String expected) {
    assertThat(MS.fingerprint(sql).normalized()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      SELECT "EMPNO", "MixedCase" FROM "SCOTT"."EMP" WHERE ename = :name | select empno, "MixedCase" from scott.emp where ename = ?
      SELECT * FROM v$session WHERE sid = :1                              | select * from v$session where sid = ?
      SELECT q'[it's]', nq'{x}' FROM dual                                 | select ?, ? from dual
      """)
  void normalisesOracle(String sql, String expected) {
    assertThat(ORA.fingerprint(sql).normalized()).isEqualTo(expected);
  }

  @Test
  void jsonbQuestionOperatorsAreNotParameters() {
    assertThat(pg("SELECT * FROM t WHERE j ?| array['a'] AND k ?& array['b']"))
        .isEqualTo("select * from t where j ?| array[?] and k ?& array[?]");
  }

  @Test
  void doubleQuotesAreStringsInMysqlButNamesInPostgresql() {
    assertThat(MY.fingerprint("SELECT \"a\"").normalized()).isEqualTo("select ?");
    assertThat(pg("SELECT \"a\"")).isEqualTo("select a");
  }

  @Test
  void hashIsACommentOnlyInMysql() {
    assertThat(pg("SELECT a # b FROM t")).isEqualTo("select a # b from t");
    assertThat(MY.fingerprint("SELECT a # b FROM t").normalized()).isEqualTo("select a ");
  }

  @Test
  void statementsDifferingOnlyInConstantsShareAFingerprint() {
    assertThat(PG.fingerprint("SELECT * FROM users WHERE id = 1 AND name = 'a'"))
        .isEqualTo(PG.fingerprint("select *  from USERS where ID=42 and NAME='bob' -- x"));
    assertThat(PG.fingerprint("SELECT * FROM t WHERE id IN (1)").id())
        .isEqualTo(PG.fingerprint("SELECT * FROM t WHERE id IN (1,2,3,4,5,6,7,8,9)").id());
    assertThat(PG.fingerprint("SELECT * FROM t WHERE a = 1").id())
        .isNotEqualTo(PG.fingerprint("SELECT * FROM t WHERE b = 1").id());
    assertThat(PG.fingerprint("SELECT * FROM t ORDER BY 1").id())
        .isNotEqualTo(PG.fingerprint("SELECT * FROM t ORDER BY 2").id());
  }

  @Test
  void idIsAStableDocumentedHash() {
    // FNV-1a 64 over UTF-8 then fmix64; these values must never change (they are stored in tables)
    assertThat(Fnv1a64.hash("")).isEqualTo(fmix64(0xcbf29ce484222325L));
    assertThat(Fnv1a64.hash("a")).isEqualTo(fmix64(0xaf63dc4c8601ec8cL));
    assertThat(PG.fingerprint("SELECT 1").hexId()).isEqualTo("1cab9ada31915ed1");
    assertThat(PG.fingerprint("SELECT 1").hexId()).matches("[0-9a-f]{16}");
    assertThat(Fnv1a64.hash("é€😀")).isEqualTo(referenceHash("é€😀"));
  }

  @Test
  void hexIdIsZeroPadded() {
    assertThat(new Fingerprint(0x1fL, "x").hexId()).isEqualTo("000000000000001f");
    assertThat(new Fingerprint(-1L, "x").hexId()).isEqualTo("ffffffffffffffff");
  }

  @Test
  void redactReplacesLiteralsAndKeepsTheRest() {
    assertThat(PG.redact("SELECT * FROM Users WHERE Name = 'bob' AND id IN (1, 2) /* keep */ ORDER BY 1"))
        .isEqualTo("SELECT * FROM Users WHERE Name = ? AND id IN (?, ?) /* keep */ ORDER BY 1");
    assertThat(PG.redact("SELECT a FROM t WHERE b = $1 AND c IS NULL")).isEqualTo("SELECT a FROM t WHERE b = $1 AND c IS NULL");
    assertThat(PG.redact("SELECT 'unterminated secret")).isEqualTo("SELECT ?");
    assertThat(MY.redact("SELECT \"secret\", `col` FROM t")).isEqualTo("SELECT ?, `col` FROM t");
    assertThat(PG.redact(null)).isNull();
  }

  private static long referenceHash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return fmix64(h);
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
