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

/** Deadlock participants agree with pt-deadlock-logger's parse of the same InnoDB status captures. */
class DeadlockAgreementTest {
  private static final Path REAL = Path.of("../../shared/data/real");
  private static final Path EXPECTED = REAL.resolve("_generated/pt-deadlock-logger");

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
  private static Path input(String name) {
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
