package io.dblens.jobs.locks;

import io.dblens.jobs.locks.ResourceLocks.SessionMode;
import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Labelled deadlocks, written for these tests after each engine's report format. */
final class Scenarios {

  private Scenarios() {}

  /** A deadlock with the class a DBA would give it. */
  record Scenario(String name, RootCauseClass expected, WaitForGraph graph, Map<String, StatementInfo> statements,
      List<ForeignKey> foreignKeys) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Scenario> all() {
    List<Scenario> s = new ArrayList<>();
    // lock order inversion
    s.add(plain("pg two accounts updated in opposite order", RootCauseClass.LOCK_ORDER_INVERSION,
        pgTwoAccounts("22015", "22007", "88123", "88130", 7, 9)));
    s.add(plain("innodb read committed, two rows of one index", RootCauseClass.LOCK_ORDER_INVERSION,
        WaitForGraph.fromInnoDb(List.of(
            innodb("11", "4501", "orders", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock_mode X locks rec but not gap", "UPDATE orders SET state = 'paid' WHERE id = 10", "READ-COMMITTED"),
            innodb("12", "4502", "orders", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock_mode X locks rec but not gap", "UPDATE orders SET state = 'sent' WHERE id = 20",
                "READ-COMMITTED")))));
    // After percona-toolkit's bug_1082104 capture: only the second transaction's locks are printed.
    s.add(plain("innodb two primary-key rows in opposite order, first transaction's locks not printed", RootCauseClass.LOCK_ORDER_INVERSION,
        WaitForGraph.fromInnoDb(List.of(
            innodb("19", "3405", "a", "PRIMARY", "lock_mode X locks rec but not gap waiting", null,
                "update a set movie_id=96 where id =2", null),
            innodb("18", "3404", "a", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock_mode X locks rec but not gap", "update a set movie_id=98 where id =4", null)))));
    s.add(plain("sql server two tables in opposite order", RootCauseClass.LOCK_ORDER_INVERSION,
        WaitForGraph.fromSqlServer(List.of(
            mssql("process1", "51", "UPDATE dbo.Stock SET qty = qty - 1 WHERE sku = @p", true, "read committed (2)"),
            mssql("process2", "52", "UPDATE dbo.Orders SET total = @t WHERE id = @id", false, "read committed (2)")),
            List.of(
                keylock("KEY: 7:72057594043105280 (8194443284a0)", "dbo.Orders", "PK_Orders", "process1", "X",
                    "process2", "U"),
                keylock("KEY: 7:72057594043170816 (61a06abd401c)", "dbo.Stock", "PK_Stock", "process2", "X",
                    "process1", "U")))));
    s.add(plain("oracle three sessions in a ring of row locks", RootCauseClass.LOCK_ORDER_INVERSION,
        oracleRing("X")));
    // unindexed foreign key
    s.add(plain("oracle TM SSX on child table", RootCauseClass.UNINDEXED_FOREIGN_KEY,
        WaitForGraph.fromOracle(List.of(
            oracle("130", "DELETE FROM dept WHERE deptno = :1", true),
            oracle("140", "DELETE FROM dept WHERE deptno = :1", false)),
            List.of(new ResourceLocks(new LockResource("TM-0001a2b3-00000000", "TM", null, "EMP", null),
                List.of(new SessionMode("130", "SX"), new SessionMode("140", "SX")),
                List.of(new SessionMode("130", "SSX"), new SessionMode("140", "SSX")))))));
    s.add(plain("oracle TM S wait while the other does DML", RootCauseClass.UNINDEXED_FOREIGN_KEY,
        WaitForGraph.fromOracle(List.of(
            oracle("201", "UPDATE parent SET id = :1 WHERE id = :2", false),
            oracle("202", "INSERT INTO child VALUES (:1, :2)", true)),
            List.of(
                new ResourceLocks(new LockResource("TM-0000c0de-00000000", "TM", null, "CHILD", null),
                    List.of(new SessionMode("202", "SX")), List.of(new SessionMode("201", "S"))),
                new ResourceLocks(LockResource.of("TX-00060021-000001a4", "TX"),
                    List.of(new SessionMode("201", "X")), List.of(new SessionMode("202", "X")))))));
    s.add(new Scenario("pg insert child vs delete parent, catalogue fk", RootCauseClass.UNINDEXED_FOREIGN_KEY,
        pg(new String[][] {
            {"201", "ShareLock", "transaction 9001", "202", "INSERT INTO order_items (order_id, sku) VALUES (5, 'a')"},
            {"202", "ShareLock", "transaction 9002", "201", "DELETE FROM orders WHERE id = 5"}}),
        Map.of(), List.of(new ForeignKey("public.order_items", "public.orders"))));
    s.add(plain("pg insert child vs update parent key, fk inferred", RootCauseClass.UNINDEXED_FOREIGN_KEY,
        pg(new String[][] {
            {"301", "ShareLock", "transaction 777", "302", "UPDATE customers SET id = 99 WHERE id = 4"},
            {"302", "ShareLock", "transaction 778", "301", "INSERT INTO invoices (customer_id) VALUES (4)"}})));
    s.add(new Scenario("innodb child insert vs parent delete, catalogue fk", RootCauseClass.UNINDEXED_FOREIGN_KEY,
        WaitForGraph.fromInnoDb(List.of(
            innodb("21", "900", "orders", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock mode S locks rec but not gap", "INSERT INTO order_lines (order_id) VALUES (3)", "READ-COMMITTED"),
            innodb("22", "901", "orders", "PRIMARY", "lock mode S locks rec but not gap waiting",
                "lock_mode X locks rec but not gap", "DELETE FROM orders WHERE id = 3", "READ-COMMITTED"))),
        Map.of(), List.of(new ForeignKey("order_lines", "orders"))));
    // gap locks
    s.add(plain("innodb two range locks then inserts", RootCauseClass.GAP_LOCK_REPEATABLE_READ,
        WaitForGraph.fromInnoDb(List.of(
            innodb("31", "5001", "slots", "idx_day", "lock_mode X locks gap before rec insert intention waiting",
                "lock_mode X locks gap before rec", "INSERT INTO slots (day, n) VALUES ('2024-07-02', 1)",
                "REPEATABLE-READ"),
            innodb("32", "5002", "slots", "idx_day", "lock_mode X locks gap before rec insert intention waiting",
                "lock_mode X locks gap before rec", "INSERT INTO slots (day, n) VALUES ('2024-07-03', 1)",
                "REPEATABLE-READ")))));
    s.add(plain("innodb duplicate-key S next-key then insert, isolation not reported",
        RootCauseClass.GAP_LOCK_REPEATABLE_READ,
        WaitForGraph.fromInnoDb(List.of(
            innodb("41", "6001", "users", "uk_email", "lock_mode X insert intention waiting", "lock mode S",
                "INSERT INTO users (email) VALUES ('a@x')", null),
            innodb("42", "6002", "users", "uk_email", "lock_mode X insert intention waiting", "lock mode S",
                "INSERT INTO users (email) VALUES ('a@x')", null)))));
    s.add(plain("innodb old report without the first transaction's locks", RootCauseClass.GAP_LOCK_REPEATABLE_READ,
        WaitForGraph.fromInnoDb(List.of(
            innodb("51", "7001", "jobs", "idx_state", "lock_mode X locks gap before rec insert intention waiting",
                null, "INSERT INTO jobs (state) VALUES ('new')", "REPEATABLE-READ"),
            innodb("52", "7002", "jobs", "idx_state", "lock_mode X locks gap before rec insert intention waiting",
                "lock_mode X", "INSERT INTO jobs (state) VALUES ('new')", "REPEATABLE-READ")))));
    // escalation / page locks
    s.add(plain("sql server page locks", RootCauseClass.LOCK_ESCALATION_OR_PAGE_LOCK,
        WaitForGraph.fromSqlServer(List.of(
            mssql("process11", "61", "UPDATE dbo.Log SET done = 1 WHERE id = @id", true, "read committed (2)"),
            mssql("process12", "62", "UPDATE dbo.Log SET done = 1 WHERE id = @id", false, "read committed (2)")),
            List.of(
                pagelock("PAGE: 7:1:422", "process11", "X", "process12", "U"),
                pagelock("PAGE: 7:1:423", "process12", "X", "process11", "U")))));
    s.add(plain("sql server escalated object lock", RootCauseClass.LOCK_ESCALATION_OR_PAGE_LOCK,
        WaitForGraph.fromSqlServer(List.of(
            mssql("process21", "71", "UPDATE dbo.Archive SET flag = 1", false, "read committed (2)"),
            mssql("process22", "72", "UPDATE dbo.Archive SET flag = 2 WHERE id = @id", true, "read committed (2)")),
            List.of(
                new ResourceLocks(new LockResource("OBJECT: 7:245575913:0", "objectlock", "shop", "dbo.Archive", null),
                    List.of(new SessionMode("process21", "X")), List.of(new SessionMode("process22", "IX"))),
                keylock("KEY: 7:72057594043236352 (0a1b2c3d4e5f)", "dbo.Archive", "PK_Archive", "process22", "X",
                    "process21", "X")))));
    // read then update
    s.add(plain("sql server serializable S to X conversion", RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
        WaitForGraph.fromSqlServer(List.of(
            mssql("process31", "81", "UPDATE dbo.Seq SET v = v + 1 WHERE name = @n", true, "serializable (4)"),
            mssql("process32", "82", "UPDATE dbo.Seq SET v = v + 1 WHERE name = @n", false, "serializable (4)")),
            List.of(new ResourceLocks(
                new LockResource("KEY: 7:72057594043301888 (ffffffffffff)", "keylock", "shop", "dbo.Seq", "PK_Seq"),
                List.of(new SessionMode("process31", "S"), new SessionMode("process32", "S")),
                List.of(new SessionMode("process31", "X"), new SessionMode("process32", "X")))))));
    s.add(plain("pg select for share then update of one row", RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
        pg(new String[][] {
            {"401", "ShareLock", "transaction 5501", "402", "UPDATE inventory SET qty = qty - 1 WHERE sku = 'A'"},
            {"402", "ExclusiveLock", "tuple (0,5) of relation 16402 of database 16384", "401",
                "UPDATE inventory SET qty = qty - 1 WHERE sku = 'A'"}})));
    s.add(plain("innodb read committed share lock then update", RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
        WaitForGraph.fromInnoDb(List.of(
            innodb("61", "8001", "wallet", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock mode S locks rec but not gap", "UPDATE wallet SET v = v - 1 WHERE id = 1", "READ-COMMITTED"),
            innodb("62", "8002", "wallet", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock mode S locks rec but not gap", "UPDATE wallet SET v = v - 1 WHERE id = 1", "READ-COMMITTED")))));
    // After the pt-secure-collect captures: a duplicate-key check left an S lock that the insert must raise to X.
    s.add(plain("innodb duplicate insert holds S and wants X, first transaction's locks not printed",
        RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
        WaitForGraph.fromInnoDb(List.of(
            innodb("292", "55984EF58", "semaphore", "PRIMARY", "lock_mode X locks rec but not gap waiting", null,
                "INSERT INTO semaphore (name, value) VALUES ('variable_init', 'a')", null),
            innodb("291", "55984EF59", "semaphore", "PRIMARY", "lock_mode X locks rec but not gap waiting",
                "lock mode S locks rec but not gap", "INSERT INTO semaphore (name, value) VALUES ('variable_init', 'b')",
                null)))));
    s.add(plain("pg two sessions upgrading a table lock", RootCauseClass.SERIALIZABLE_READ_THEN_UPDATE,
        pg(new String[][] {
            {"501", "AccessExclusiveLock", "relation 16385 of database 16384", "502", "ALTER TABLE t ADD COLUMN c int"},
            {"502", "AccessExclusiveLock", "relation 16385 of database 16384", "501", "ALTER TABLE t ADD COLUMN d int"}})));
    // parallel query
    s.add(plain("sql server exchange event", RootCauseClass.PARALLEL_QUERY_SELF_DEADLOCK,
        WaitForGraph.fromSqlServer(List.of(
            mssql("process41", "55", "SELECT * FROM dbo.Big b JOIN dbo.Other o ON o.id = b.id", true, null),
            mssql("process42", "55", "SELECT * FROM dbo.Big b JOIN dbo.Other o ON o.id = b.id", false, null),
            mssql("process43", "55", "SELECT * FROM dbo.Big b JOIN dbo.Other o ON o.id = b.id", false, null)),
            List.of(
                new ResourceLocks(LockResource.of("Pipe8a3b1f000", "exchangeEvent"),
                    List.of(new SessionMode("process42", null)), List.of(new SessionMode("process41", "e_waitPipeGetRow"))),
                new ResourceLocks(LockResource.of("Pipe8a3b1f100", "exchangeEvent"),
                    List.of(new SessionMode("process43", null)), List.of(new SessionMode("process42", "e_waitPipeNewRow"))),
                keylock("KEY: 7:72057594043367424 (aaaaaaaaaaaa)", "dbo.Big", "PK_Big", "process41", "X",
                    "process43", "S")))));
    s.add(plain("sql server threads of one spid on key locks", RootCauseClass.PARALLEL_QUERY_SELF_DEADLOCK,
        WaitForGraph.fromSqlServer(List.of(
            mssql("process51", "66", "UPDATE dbo.T SET a = 1", true, null),
            mssql("process52", "66", "UPDATE dbo.T SET a = 1", false, null)),
            List.of(
                keylock("KEY: 7:1 (1)", "dbo.T", "PK_T", "process51", "X", "process52", "X"),
                keylock("KEY: 7:1 (2)", "dbo.T", "PK_T", "process52", "X", "process51", "X")))));
    // itl / unique key
    s.add(plain("oracle unique key: both wait in share mode", RootCauseClass.ITL_OR_UNIQUE_KEY_CONTENTION,
        oracleTwo("S", "S", "INSERT INTO codes (code) VALUES (:1)")));
    s.add(plain("oracle ITL shortage: one waits in share mode", RootCauseClass.ITL_OR_UNIQUE_KEY_CONTENTION,
        oracleTwo("4", "6", "UPDATE hot_block SET n = n + 1 WHERE id = :1")));
    // none fits
    s.add(plain("pg wait without a cycle", RootCauseClass.UNKNOWN,
        pg(new String[][] {{"601", "ShareLock", "transaction 1", "602", "UPDATE t SET a = 1"}})));
    s.add(plain("mongodb report without modes", RootCauseClass.UNKNOWN,
        WaitForGraph.builder(Engine.MONGODB)
            .waitsFor("conn1", "conn2", LockResource.of("collection shop.orders", "collection"), null, null)
            .waitsFor("conn2", "conn1", LockResource.of("collection shop.orders", "collection"), null, null).build()));
    return s;
  }

  static Scenario plain(String name, RootCauseClass expected, WaitForGraph graph) {
    return new Scenario(name, expected, graph, Map.of(), List.of());
  }

  /** The PostgreSQL sample's deadlock: two sessions updating two accounts in opposite order. */
  static WaitForGraph pgTwoAccounts(String a, String b, String txOfB, String txOfA, int keyA, int keyB) {
    return pg(new String[][] {
        {a, "ShareLock", "transaction " + txOfB, b, "UPDATE accounts SET balance = balance + 10 WHERE id = " + keyA + ";"},
        {b, "ShareLock", "transaction " + txOfA, a, "UPDATE accounts SET balance = balance + 5 WHERE id = " + keyB + ";"}});
  }

  /** Rows of {pid, mode, resource, blocker, statement}, as Messages.deadlock produces them; first is the victim. */
  static WaitForGraph pg(String[][] rows) {
    List<DeadlockParticipant> ps = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      String[] r = rows[i];
      String type = r[2].startsWith("transaction") ? "transactionid" : r[2].startsWith("tuple") ? "tuple" : "relation";
      ps.add(new DeadlockParticipant(r[0], null, null, null, null, null, null, type, r[1], null, r[2], r[3], r[4],
          i == 0, null));
    }
    return WaitForGraph.fromPostgres(ps);
  }

  static DeadlockParticipant innodb(String thread, String trx, String table, String index, String waitMode,
      String heldMode, String statement, String isolation) {
    Map<String, String> attrs = new LinkedHashMap<>();
    if (isolation != null) {
      attrs.put("mysql.isolation_level", isolation);
    }
    return new DeadlockParticipant(thread, trx, "app", "10.0.0.5", "shop", table, index, "RECORD", waitMode, heldMode,
        "space id 58 page no 4 n bits 72 index " + index + " of table `shop`.`" + table + "`", null, statement,
        false, attrs);
  }

  static DeadlockParticipant mssql(String process, String spid, String statement, boolean victim, String isolation) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(WaitForGraph.MSSQL_PROCESS_ID, process);
    if (isolation != null) {
      attrs.put("mssql.isolation_level", isolation);
    }
    return new DeadlockParticipant(spid, null, "app", "web01", "shop", null, null, null, null, null, null, null,
        statement, victim, attrs);
  }

  static ResourceLocks keylock(String id, String table, String index, String owner, String ownerMode, String waiter,
      String waiterMode) {
    return new ResourceLocks(new LockResource(id, "keylock", "shop", table, index),
        List.of(new SessionMode(owner, ownerMode)), List.of(new SessionMode(waiter, waiterMode)));
  }

  static ResourceLocks pagelock(String id, String owner, String ownerMode, String waiter, String waiterMode) {
    return new ResourceLocks(new LockResource(id, "pagelock", "shop", "dbo.Log", null),
        List.of(new SessionMode(owner, ownerMode)), List.of(new SessionMode(waiter, waiterMode)));
  }

  static DeadlockParticipant oracle(String sid, String statement, boolean victim) {
    return new DeadlockParticipant(sid, null, "APP", null, null, null, null, null, null, null, null, null, statement,
        victim, null);
  }

  /** s130 waits for s140's transaction, s140 for s150's, s150 for s130's, all in {@code mode}. */
  static WaitForGraph oracleRing(String mode) {
    return WaitForGraph.fromOracle(List.of(
        oracle("130", "UPDATE accounts SET bal = bal - :1 WHERE id = :2", true),
        oracle("140", "UPDATE accounts SET bal = bal - :1 WHERE id = :2", false),
        oracle("150", "UPDATE accounts SET bal = bal - :1 WHERE id = :2", false)), List.of(
        tx("TX-00090001-00000a01", "140", "130", mode),
        tx("TX-00090002-00000a02", "150", "140", mode),
        tx("TX-00090003-00000a03", "130", "150", mode)));
  }

  static WaitForGraph oracleTwo(String modeOf10, String modeOf20, String statement) {
    return WaitForGraph.fromOracle(List.of(oracle("10", statement, true), oracle("20", statement, false)), List.of(
        tx("TX-000a0015-00000a3c", "20", "10", modeOf10),
        tx("TX-0009000e-00000a3f", "10", "20", modeOf20)));
  }

  static ResourceLocks tx(String id, String holder, String waiter, String waitMode) {
    return new ResourceLocks(LockResource.of(id, "TX"), List.of(new SessionMode(holder, "X")),
        List.of(new SessionMode(waiter, waitMode)));
  }
}
