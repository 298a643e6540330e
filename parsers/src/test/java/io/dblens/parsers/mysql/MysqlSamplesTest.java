package io.dblens.parsers.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the golden files do not show for the MySQL samples of data-samples/mysql: error-log messages and
 * every field of each deadlock participant, checked against the sample text by hand.
 */
class MysqlSamplesTest {
  private static final Path SAMPLES = Path.of("../data-samples/mysql");

  @Test
  void errorLog57() throws IOException {
    List<LogEvent> events = parse("error-5.7.log");
    assertThat(events).extracting(LogEvent::message).containsExactly(
        "InnoDB: Buffer pool(s) load completed at 250114  9:10:01",
        "/usr/sbin/mysqld: ready for connections.",
        "Aborted connection 12 to db: 'shop' user: 'app' host: '10.0.1.23' (Got an error reading communication packets)",
        "InnoDB: Transactions deadlock detected, dumping detailed information.",
        "Slave SQL for channel '': Error 'Duplicate entry '1001' for key 'PRIMARY'' on query. Default database: 'shop'. "
            + "Query: 'INSERT INTO orders (id, status) VALUES (1001, 'pending')', Error_code: 1062",
        "Slave: Duplicate entry '1001' for key 'PRIMARY' Error_code: 1062",
        "Giving 3 client threads a chance to die gracefully",
        "InnoDB: Shutdown completed; log sequence number 27419323",
        "/usr/sbin/mysqld: Shutdown complete");
    LogEvent deadlock = events.get(3);
    assertThat(deadlock.type()).isEqualTo(EventType.DEADLOCK);
    assertThat(deadlock.lineStart()).isEqualTo(6);
    assertThat(deadlock.lineEnd()).isEqualTo(42);
    List<DeadlockParticipant> p = deadlock.deadlock();
    assertThat(p).hasSize(2);
    participant(p.get(0), "30", "421937", "app", "10.0.1.23", "X locks rec but not gap", null, "31", false,
        "UPDATE accounts SET balance = balance - 10 WHERE id = 2");
    participant(p.get(1), "31", "421938", "app", "10.0.1.24", "X locks rec but not gap", "X locks rec but not gap",
        "30", true, "UPDATE accounts SET balance = balance + 10 WHERE id = 1");
  }

  @Test
  void errorLog80WithAThreeWayDeadlock() throws IOException {
    List<LogEvent> events = parse("error-8.0.log");
    assertThat(events).hasSize(12);
    assertThat(events.get(5).message()).startsWith("/usr/sbin/mysqld: ready for connections. Version: '8.0.36'");
    LogEvent deadlock = events.get(6);
    // The source location 8.0 appends to InnoDB notes is not part of the message.
    assertThat(deadlock.message()).isEqualTo("Transactions deadlock detected, dumping detailed information.");
    assertThat(deadlock.eventTime()).isEqualTo(Instant.parse("2025-01-14T09:12:44.512345Z"));
    List<DeadlockParticipant> p = deadlock.deadlock();
    assertThat(p).hasSize(3);
    String held = "X locks rec but not gap";
    participant(p.get(0), "30", "421937", "app", "10.0.1.23", held, held, "31", false,
        "UPDATE accounts SET balance = balance - 10 WHERE id = 2");
    participant(p.get(1), "31", "421938", "app", "10.0.1.24", held, held, "33", false,
        "UPDATE accounts SET balance = balance + 10 WHERE id = 3");
    participant(p.get(2), "33", "421940", "api", "10.0.2.17", held, held, "30", true,
        "UPDATE accounts SET balance = balance + 5 WHERE id = 1");
    assertThat(events.get(8).message()).startsWith("Replica I/O for channel '': Error connecting to source");
    assertThat(events.get(11).message()).startsWith("/usr/sbin/mysqld: Shutdown complete (mysqld 8.0.36)");
  }

  @Test
  void innodbStatusCapture() throws IOException {
    List<LogEvent> deadlocks = parse("innodb-status.txt").stream().filter(e -> e.type() == EventType.DEADLOCK).toList();
    assertThat(deadlocks).hasSize(1);
    assertThat(deadlocks.get(0).eventTime()).isEqualTo(Instant.parse("2025-01-14T09:12:44Z"));
    List<DeadlockParticipant> p = deadlocks.get(0).deadlock();
    String insertIntention = "X locks gap before rec insert intention";
    participant(p.get(0), "52", "421950", "app", "10.0.1.23", insertIntention, "S", "53", false,
        "INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (991, 17, 1)");
    participant(p.get(1), "53", "421951", "app", "10.0.1.24", insertIntention, "S", "52", true,
        "INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (991, 18, 2)");
    assertThat(p).allSatisfy(x -> assertThat(x.indexName()).isEqualTo("uniq_cart_product"));
    assertThat(p).allSatisfy(x -> assertThat(x.tableName()).isEqualTo("cart_items"));
  }

  private static void participant(DeadlockParticipant p, String session, String txn, String user, String host,
      String waitMode, String heldMode, String waitsFor, boolean victim, String statement) {
    assertThat(p.session()).isEqualTo(session);
    assertThat(p.transaction()).isEqualTo(txn);
    assertThat(p.user()).isEqualTo(user);
    assertThat(p.host()).isEqualTo(host);
    assertThat(p.database()).isEqualTo("shop");
    assertThat(p.lockType()).isEqualTo("RECORD");
    assertThat(p.waitMode()).isEqualTo(waitMode);
    assertThat(p.heldMode()).isEqualTo(heldMode);
    assertThat(p.waitsFor()).isEqualTo(waitsFor);
    assertThat(p.victim()).isEqualTo(victim);
    assertThat(p.statement()).isEqualTo(statement);
    if (p.tableName().equals("accounts")) {
      assertThat(p.indexName()).isEqualTo("PRIMARY");
    }
  }

  private static List<LogEvent> parse(String name) throws IOException {
    Path f = SAMPLES.resolve(name);
    ParsedFile r = ParsedFile.parse(f, Engine.MYSQL, null, new ParseContext(name, null, null));
    assertThat(r.coverageProblems()).isEmpty();
    return r.events();
  }
}
