package io.dblens.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses each sample file directly under {@code data-samples/<engine>} (the folder is named by
 * {@link Engine#id()}) and compares with its hand-checked {@code <name>.expected.jsonl}. Run with
 * {@code -Ddblens.updateGolden=true} to rewrite the expected files (then read the diff before committing
 * it). Sub-folders hold generated sets checked against their ground truth elsewhere.
 */
class GoldenSamplesTest {

  static final Path SAMPLES = Path.of("../data-samples");
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

  @TestFactory
  Stream<DynamicTest> samplesMatchExpectedOutput() throws IOException {
    assumeTrue(Files.isDirectory(SAMPLES), "samples not found at " + SAMPLES.toAbsolutePath());
    List<DynamicTest> tests = new ArrayList<>();
    for (Engine engine : Engine.values()) {
      Path dir = SAMPLES.resolve(engine.id());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().endsWith(".expected.jsonl"))
            .sorted()
            .forEach(f -> tests.add(DynamicTest.dynamicTest(engine.id() + "/" + f.getFileName(), () -> check(f, engine))));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  private static void check(Path sample, Engine engine) throws IOException {
    ParsedFile r = ParsedFile.parse(sample, engine, null,
        new ParseContext(sample.getFileName().toString(), null, null));
    assertThat(r.outcome().linesRead()).isEqualTo(r.outcome().linesParsed() + r.outcome().linesQuarantined());
    assertThat(r.coverageProblems()).as("line coverage").isEmpty();
    List<String> actual = new ArrayList<>();
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("format", r.outcome().format());
    head.put("inferred", r.outcome().inferred());
    actual.add(JSON.writeValueAsString(head));
    r.events().stream().sorted((a, b) -> Long.compare(a.lineStart(), b.lineStart()))
        .forEach(e -> actual.add(write(summary(e))));
    r.quarantined().forEach(q -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("quarantine", q.start() + "-" + q.end());
      row.put("reason", q.reason());
      actual.add(write(row));
    });
    Path expected = sample.resolveSibling(sample.getFileName() + ".expected.jsonl");
    if (Boolean.getBoolean("dblens.updateGolden")) {
      Files.write(expected, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(Files.exists(expected)).as("expected output " + expected + " (generate with -Ddblens.updateGolden=true)").isTrue();
    assertThat(actual).containsExactlyElementsOf(Files.readAllLines(expected, StandardCharsets.UTF_8));
  }

  private static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> summary(LogEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type().name());
    m.put("lines", e.lineStart() + "-" + e.lineEnd());
    m.put("eventTime", e.eventTime() == null ? null : e.eventTime().toString());
    m.put("rawTime", e.rawTime());
    put(m, "database", e.database());
    put(m, "user", e.user());
    put(m, "application", e.application());
    put(m, "client", e.client());
    put(m, "sessionId", e.sessionId());
    put(m, "pid", e.pid());
    put(m, "severity", e.severity());
    put(m, "sqlState", e.sqlState());
    put(m, "durationMs", e.durationMs());
    put(m, "calls", e.calls());
    put(m, "queryText", e.queryText());
    put(m, "detail", e.detail());
    if (e.lock() != null) {
      m.put("lock", e.lock().lockType() + " " + e.lock().lockMode() + " on " + e.lock().object() + " after "
          + e.lock().waitMs() + " ms; holders " + e.lock().holders() + "; queue " + e.lock().waitQueue());
    }
    if (!e.deadlock().isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (DeadlockParticipant p : e.deadlock()) {
        parts.add(p.session() + (p.victim() ? " (victim)" : "") + " waits " + p.waitMode() + " on " + p.resource()
            + " for " + p.waitsFor() + ": " + p.statement());
      }
      m.put("deadlock", parts);
    }
    if (e.plan() != null) {
      m.put("plan", e.plan().format() + ", " + e.plan().planText().lines().count() + " lines");
    }
    if (!e.attributes().isEmpty()) {
      m.put("attributes", new TreeMap<>(e.attributes()));
    }
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
