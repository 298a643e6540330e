package io.dblens.parsers.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Deadlock participants agree with pt-deadlock-logger's parse of the same InnoDB status captures, and with
 * innotop's InnoDBParser expectations (which captures hold a deadlock, and every transaction of it).
 */
class DeadlockAgreementTest {
  private static final Path REAL = Path.of("../../shared/data/real");
  private static final Path EXPECTED = REAL.resolve("_generated/pt-deadlock-logger");
  private static final Path INNOTOP = REAL.resolve("innotop");

  @Test
  void participantsMatchPtDeadlockLogger() throws IOException {
    assumeTrue(Files.isDirectory(EXPECTED), "pt-deadlock-logger outputs not present at " + EXPECTED);
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> s = Files.list(EXPECTED)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int total = 0;
    List<String> failures = new ArrayList<>();
    for (Path f : files) {
      Path input = input(f.getFileName().toString());
      if (input == null || !Files.exists(input)) {
        continue;
      }
      ParsedFile r = ParsedFile.parse(input, Engine.MYSQL, null, new ParseContext(input.toString(), null, null));
      assertThat(r.outcome().format()).as(input.toString()).isEqualTo("innodb-status");
      assertThat(r.coverageProblems()).isEmpty();
      List<DeadlockParticipant> ours = r.events().stream().filter(e -> e.type() == EventType.DEADLOCK)
          .map(LogEvent::deadlock).flatMap(List::stream).toList();
      JsonNode want = json.readTree(f.toFile());
      int i = 0;
      for (var it = want.fields(); it.hasNext(); i++) {
        JsonNode w = it.next().getValue();
        total++;
        DeadlockParticipant p = i < ours.size() ? ours.get(i) : null;
        String diff = p == null ? "missing" : diff(w, p);
        if (!diff.isEmpty()) {
          failures.add(input.getFileName() + " txn " + (i + 1) + ": " + diff);
        }
      }
      if (want.size() == 0) {
        // pt reports nothing for "TOO DEEP OR LONG SEARCH IN THE LOCK TABLE WAITS-FOR GRAPH" sections.
        assertThat(ours).as(input.toString()).isEmpty();
      }
    }
    System.out.printf("pt-deadlock-logger participants: %d/%d agree%n", total - failures.size(), total);
    failures.forEach(System.out::println);
    assertThat(total).isGreaterThanOrEqualTo(20);
    assertThat(failures).isEmpty();
  }

  /**
   * innotop's expected {@code IB_dl_*} values for its nine status captures: a capture without a deadlock
   * section gives no DEADLOCK event; the one with a deadlock (innodb-status-007) gives one event at
   * innotop's time with each transaction's thread, transaction id, user, host, table, index, lock type and
   * mode, whether it waits, and which one was rolled back.
   */
  @Test
  void deadlocksMatchInnotopExpectations() throws IOException {
    Path expected = INNOTOP.resolve("_derived/InnoDBParser_expected.json");
    assumeTrue(Files.exists(expected), "innotop expectations not present at " + expected);
    int captures = 0;
    int transactions = 0;
    for (var it = new ObjectMapper().readTree(expected.toFile()).path("cases").fields(); it.hasNext(); ) {
      var c = it.next();
      Path input = INNOTOP.resolve(c.getKey());
      JsonNode want = c.getValue().path("expected_get_status_hash");
      ParsedFile r = ParsedFile.parse(input, Engine.MYSQL, null, new ParseContext(input.toString(), null, null));
      assertThat(r.outcome().format()).as(input.toString()).isEqualTo("innodb-status");
      assertThat(r.coverageProblems()).isEmpty();
      List<LogEvent> deadlocks = r.events().stream().filter(e -> e.type() == EventType.DEADLOCK).toList();
      captures++;
      if (want.path("IB_dl_txns").isNull()) {
        assertThat(deadlocks).as(input.toString()).isEmpty();
        continue;
      }
      assertThat(deadlocks).as(input.toString()).hasSize(1);
      LogEvent d = deadlocks.get(0);
      // innotop writes the 5.x "120906  6:03:32" stamp as 2012-09-06 06:03:32; the capture has no zone (UTC).
      assertThat(d.eventTime()).isEqualTo(java.time.Instant.parse(
          want.path("IB_dl_timestring").asText().replace(' ', 'T') + "Z"));
      List<DeadlockParticipant> ours = d.deadlock();
      JsonNode txns = want.path("IB_dl_txns");
      assertThat(ours).hasSize(txns.size());
      for (DeadlockParticipant p : ours) {
        String number = p.attributes().get("mysql.trx_number");
        JsonNode tx = txns.path(number).path("tx");
        JsonNode locks = txns.path(number).path("locks");
        transactions++;
        assertThat(p.session()).isEqualTo(tx.path("mysql_thread_id").asText());
        assertThat(p.transaction()).isEqualTo(tx.path("txn_id").asText());
        assertThat(p.user()).isEqualTo(tx.path("user").asText());
        assertThat(p.host()).isEqualTo(tx.path("hostname").asText());
        assertThat(p.attributes().get("mysql.txn_time_s")).isEqualTo(tx.path("active_secs").asText());
        assertThat(p.statement()).isEqualTo(tx.path("query_text").asText());
        assertThat(p.victim()).isEqualTo(number.equals(want.path("IB_dl_rolled_back").asText()));
        String held = null;
        String waited = null;
        for (JsonNode lock : locks) {
          String mode = lock.path("lock_mode").asText()
              + (lock.path("special").asText().isEmpty() ? "" : " locks " + lock.path("special").asText());
          if (lock.path("waiting").asInt() == 1) {
            waited = mode;
            assertThat(p.lockType()).isEqualTo(lock.path("lock_type").asText());
            assertThat(p.database()).isEqualTo(lock.path("db").asText());
            assertThat(p.tableName()).isEqualTo(lock.path("table").asText());
            assertThat(p.indexName()).isEqualTo(lock.path("index").asText());
          } else {
            held = mode;
          }
        }
        assertThat(p.waitMode()).as("transaction " + number).isEqualTo(waited);
        assertThat(p.heldMode()).as("transaction " + number).isEqualTo(held);
      }
    }
    System.out.printf("innotop captures: %d, deadlock transactions checked: %d%n", captures, transactions);
    assertThat(captures).isEqualTo(9);
    assertThat(transactions).isEqualTo(2);
  }

  private static String diff(JsonNode w, DeadlockParticipant p) {
    StringBuilder d = new StringBuilder();
    check(d, "thread", w.path("thread").asText(), p.session());
    check(d, "user", w.path("user").asText(), p.user());
    String host = w.path("hostname").asText();
    check(d, "host", host.isEmpty() ? w.path("ip").asText() : host, p.host());
    check(d, "db", w.path("db").asText(), p.database());
    check(d, "tbl", w.path("tbl").asText(), p.tableName());
    check(d, "idx", w.path("idx").asText(), p.indexName());
    check(d, "lock_type", w.path("lock_type").asText(), p.lockType());
    // pt keeps the first word of the mode ("X" of "X locks rec but not gap"); we keep all of it.
    String mode = "w".equals(w.path("wait_hold").asText()) ? p.waitMode() : p.heldMode();
    check(d, "lock_mode", w.path("lock_mode").asText(), mode == null ? null : mode.split(" ")[0]);
    check(d, "victim", w.path("victim").asInt() == 1 ? "true" : "false", String.valueOf(p.victim()));
    check(d, "query", w.path("query").asText().strip(), p.statement() == null ? null : p.statement().strip());
    return d.toString();
  }

  /**
   * Where pt-deadlock-logger reports nothing we may still have read a value: its patterns expect
   * backquoted names, so it leaves db, table, index and lock empty for captures that write "db"."t"
   * (the 2018 pt-secure-collect ones) or anonymise them; an empty expected value is not checked.
   */
  private static void check(StringBuilder d, String name, String want, String got) {
    if (want.isEmpty()) {
      return;
    }
    if (!Objects.equals(want.isEmpty() ? null : want, got == null || got.isEmpty() ? null : got)) {
      d.append(name).append(" want [").append(want).append("] got [").append(got).append("]; ");
    }
  }

  /** innotop_t_innodb-status-004.json -> innotop/t/innodb-status-004, percona-toolkit_t_... likewise. */
  static Path input(String name) {
    String base = name.substring(0, name.length() - 5);
    int sep = base.indexOf('_');
    String repo = base.substring(0, sep);
    String rest = base.substring(sep + 1);
    for (String dir : new String[] {"t_pt-deadlock-logger_samples_", "t_pt-fk-error-logger_samples_", "src_go_pt-secure-collect_testdata_", "t_"}) {
      if (rest.startsWith(dir)) {
        return REAL.resolve(repo).resolve(dir.replace('_', '/')).resolve(rest.substring(dir.length()));
      }
    }
    return null;
  }
}
