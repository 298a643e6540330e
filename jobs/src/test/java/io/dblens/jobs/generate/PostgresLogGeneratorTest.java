package io.dblens.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresLogGeneratorTest {
  private static final long LINES = 20_000;
  private static final Pattern DURATION =
      Pattern.compile(" LOG:  duration: ([0-9]+)\\.([0-9]{3}) ms  (?:statement|execute [^:]+): (.*)", Pattern.DOTALL);

  @TempDir
  static Path temp;

  private static PostgresLogGenerator.Result result;
  private static JsonNode truth;

  @BeforeAll
  static void generate() throws IOException {
    result = PostgresLogGenerator.generate(config(temp.resolve("a"), 42, null));
    truth = new ObjectMapper().readTree(result.groundTruth().toFile());
  }

  private static PostgresLogGenerator.Config config(Path dir, long seed, String prefix) {
    return new PostgresLogGenerator.Config(dir, 2, 2, LINES, seed, LocalDate.of(2025, 3, 4), prefix, true);
  }

  @Test
  void sameSeedWritesSameBytesAndAnotherSeedDoesNot() throws IOException {
    PostgresLogGenerator.Result again = PostgresLogGenerator.generate(config(temp.resolve("b"), 42, null));
    PostgresLogGenerator.Result other = PostgresLogGenerator.generate(config(temp.resolve("c"), 43, null));

    assertThat(again.files()).hasSameSizeAs(result.files());
    for (int i = 0; i < result.files().size(); i++) {
      assertThat(Files.readAllBytes(again.files().get(i))).isEqualTo(Files.readAllBytes(result.files().get(i)));
      assertThat(Files.readAllBytes(other.files().get(i))).isNotEqualTo(Files.readAllBytes(result.files().get(i)));
    }
    assertThat(Files.readString(again.groundTruth())).isEqualTo(Files.readString(result.groundTruth()));
  }

  @Test
  void writesOneFilePerInstanceAndDayWithTheRequestedLines() throws IOException {
    assertThat(result.files()).extracting(p -> temp.resolve("a").relativize(p).toString().replace('\\', '/'))
        .containsExactly("pg-01/postgresql-2025-03-04.log", "pg-01/postgresql-2025-03-05.log",
            "pg-02/postgresql-2025-03-04.log", "pg-02/postgresql-2025-03-05.log");
    long lines = 0;
    long bytes = 0;
    for (Path file : result.files()) {
      byte[] content = Files.readAllBytes(file);
      bytes += content.length;
      for (byte b : content) {
        if (b == '\n') {
          lines++;
        }
      }
    }
    assertThat(Math.abs(lines - LINES)).isLessThanOrEqualTo(LINES / 1000);
    assertThat(result.linesWritten()).isEqualTo(lines);
    assertThat(result.bytesWritten()).isEqualTo(bytes);
    assertThat(truth.at("/totals/lines").asLong()).isEqualTo(lines);
  }

  @Test
  void groundTruthDurationsEqualWhatAReaderSumsFromTheFiles() throws IOException {
    Map<String, long[]> perInstance = new HashMap<>();
    Map<String, long[]> perInstanceShape = new HashMap<>();
    for (Path file : result.files()) {
      String instance = file.getParent().getFileName().toString();
      for (String entry : entries(file)) {
        Matcher m = DURATION.matcher(entry);
        if (!m.find()) {
          continue;
        }
        long micros = Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2));
        add(perInstance.computeIfAbsent(instance, k -> new long[2]), micros);
        add(perInstanceShape.computeIfAbsent(instance + "|" + normalise(m.group(3)), k -> new long[2]), micros);
      }
    }

    for (JsonNode instance : truth.get("instances")) {
      long[] read = perInstance.get(instance.get("name").asText());
      assertThat(instance.get("durationCount").asLong()).isEqualTo(read[0]);
      assertThat(instance.get("durationTotalMs").decimalValue().movePointRight(3).longValueExact()).isEqualTo(read[1]);
    }
    int shapesSeen = 0;
    Set<String> templates = new HashSet<>();
    for (JsonNode shape : truth.get("shapes")) {
      String template = shape.get("template").asText().replaceAll("\\s+", " ").trim();
      assertThat(templates.add(template)).as("templates are distinct").isTrue();
      var fields = shape.get("perInstance").fields();
      while (fields.hasNext()) {
        var instance = fields.next();
        long[] read = perInstanceShape.getOrDefault(instance.getKey() + "|" + template, new long[2]);
        assertThat(instance.getValue().get("count").asLong()).as(shape.get("id") + " count").isEqualTo(read[0]);
        assertThat(instance.getValue().get("totalDurationMs").decimalValue().movePointRight(3).longValueExact())
            .as(shape.get("id") + " total").isEqualTo(read[1]);
      }
      if (shape.get("count").asLong() > 0) {
        shapesSeen++;
        assertThat(normalise(shape.get("example").asText())).isEqualTo(template);
      }
    }
    assertThat(truth.get("shapes").size()).isBetween(40, 60);
    assertThat(shapesSeen).isGreaterThanOrEqualTo(40);
    assertThat(truth.get("topByTotalDuration")).hasSize(10);
  }

  @Test
  void deadlockBlocksAreWellFormedAndMatchTheGroundTruth() throws IOException {
    Pattern waits = Pattern.compile("Process (\\d+) waits for ShareLock on transaction (\\d+); blocked by process (\\d+)\\.");
    List<Integer> parties = new ArrayList<>();
    for (Path file : result.files()) {
      List<String> entries = entries(file);
      for (int i = 0; i < entries.size(); i++) {
        if (!entries.get(i).endsWith("ERROR:  deadlock detected")) {
          continue;
        }
        String detail = entries.get(i + 1);
        assertThat(detail).contains(" DETAIL:  Process ");
        String[] lines = detail.substring(detail.indexOf("DETAIL:  ") + 9).split("\n");
        Map<String, String> blockedBy = new HashMap<>();
        int statements = 0;
        for (String line : lines) {
          Matcher m = waits.matcher(line);
          if (m.matches()) {
            blockedBy.put(m.group(1), m.group(3));
          } else {
            assertThat(line).matches("Process \\d+: UPDATE .*");
            statements++;
          }
        }
        assertThat(statements).isEqualTo(blockedBy.size());
        String start = blockedBy.keySet().iterator().next();
        String at = start;
        for (int step = 0; step < blockedBy.size(); step++) {
          at = blockedBy.get(at);
        }
        assertThat(at).as("the waits-for chain is a cycle").isEqualTo(start);
        assertThat(entries.get(i + 2)).contains(" HINT:  See server log for query details.");
        assertThat(entries.get(i + 3)).matches("(?s).* CONTEXT:  while updating tuple \\(\\d+,\\d+\\) in relation \"\\w+\"");
        assertThat(entries.get(i + 4)).contains(" STATEMENT:  UPDATE ");
        parties.add(blockedBy.size());
      }
    }
    assertThat(parties).contains(2, 3);
    assertThat(truth.get("deadlocks")).hasSize(parties.size());
    assertThat(truth.at("/totals/events/deadlocks").asInt()).isEqualTo(parties.size());
    for (JsonNode deadlock : truth.get("deadlocks")) {
      assertThat(deadlock.get("participants")).hasSize(deadlock.get("parties").asInt());
    }
    for (JsonNode tree : truth.get("blockingTrees")) {
      assertThat(tree.get("waiters")).hasSize(5);
      assertThat(tree.get("waiters").findValuesAsText("level")).contains("1", "2", "3");
    }
    assertThat(truth.get("blockingTrees")).isNotEmpty();
  }

  @Test
  void eventCountsMatchTheFiles() throws IOException {
    Map<String, Long> counted = new HashMap<>();
    for (Path file : result.files()) {
      for (String entry : entries(file)) {
        countIf(counted, entry, " ERROR:  ", "errors");
        countIf(counted, entry, " LOG:  checkpoint complete: ", "checkpoints");
        countIf(counted, entry, " LOG:  automatic vacuum of table ", "autovacuums");
        countIf(counted, entry, " LOG:  automatic analyze of table ", "autoanalyzes");
        countIf(counted, entry, " LOG:  connection received: ", "connections");
        countIf(counted, entry, " LOG:  disconnection: ", "disconnections");
        countIf(counted, entry, " still waiting for ", "lockWaits");
        countIf(counted, entry, " LOG:  temporary file: ", "tempFiles");
      }
    }
    JsonNode events = truth.at("/totals/events");
    for (Map.Entry<String, Long> e : counted.entrySet()) {
      assertThat(events.get(e.getKey()).asLong()).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(counted.keySet()).hasSize(8);
  }

  @Test
  void rendersOtherLinePrefixes() throws IOException {
    Path dir = temp.resolve("prefix");
    PostgresLogGenerator.Result r = PostgresLogGenerator.generate(new PostgresLogGenerator.Config(dir, 1, 1, 3_000, 7,
        LocalDate.of(2024, 6, 27), "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ", true));
    Pattern line = Pattern.compile("2024-06-27 \\d\\d:\\d\\d:\\d\\d UTC \\[(\\d+)\\]: \\[(\\d+)-1\\] "
        + "user=[a-z\\[\\]]*,db=[a-z\\[\\]]*,app=[a-z-]*,client=[0-9.]* (LOG|ERROR|DETAIL|HINT|CONTEXT|STATEMENT):  .*");
    Map<String, Long> lastLineNumber = new HashMap<>();
    for (String text : Files.readAllLines(r.files().get(0))) {
      if (text.startsWith("\t")) {
        continue;
      }
      Matcher m = line.matcher(text);
      assertThat(m.matches()).as(text).isTrue();
      long number = Long.parseLong(m.group(2));
      Long previous = lastLineNumber.put(m.group(1), number);
      if (previous != null) {
        assertThat(number).as("%%l counts up per process").isEqualTo(previous + 1);
      }
    }

    PostgresLogGenerator.Result q = PostgresLogGenerator.generate(new PostgresLogGenerator.Config(
        temp.resolve("q"), 1, 1, 3_000, 7, LocalDate.of(2024, 6, 27), "%m %c %e %q%u@%d/%a ", false));
    List<String> lines = Files.readAllLines(q.files().get(0));
    assertThat(lines).anyMatch(l -> l.matches(
        "2024-06-27 \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC [0-9a-f]+\\.[0-9a-f]+ 00000 LOG:  checkpoint starting: time"));
    assertThat(lines).anyMatch(l -> l.matches(
        "2024-06-27 [0-9:.]+ UTC [0-9a-f]+\\.[0-9a-f]+ 00000 (app|api)@shop/(web|api-gateway) LOG:  duration: .*"));
    assertThat(lines).anyMatch(l -> l.matches(".* 23505 (app|api)@shop/.* ERROR:  duplicate key value .*"));
  }

  /** Log entries with their continuation lines (starting with a TAB) folded back in. */
  private static List<String> entries(Path file) throws IOException {
    List<String> entries = new ArrayList<>();
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(line -> {
        if (line.startsWith("\t") && !entries.isEmpty()) {
          entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line.substring(1));
        } else {
          entries.add(line);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return entries;
  }

  /** A small normaliser independent of the generator: literals to ?, IN lists to (...). */
  private static String normalise(String sql) {
    String s = sql.replaceAll("'(?:[^']|'')*'", "?");
    s = s.replaceAll("(?<![\\w$.])\\d+(?:\\.\\d+)?", "?");
    s = s.replaceAll("IN \\(\\?(?:, \\?)*\\)", "IN (...)");
    return s.replaceAll("\\s+", " ").trim();
  }

  private static void add(long[] countAndSum, long micros) {
    countAndSum[0]++;
    countAndSum[1] += micros;
  }

  private static void countIf(Map<String, Long> counts, String entry, String marker, String key) {
    counts.merge(key, entry.contains(marker) ? 1L : 0L, Long::sum);
  }
}
