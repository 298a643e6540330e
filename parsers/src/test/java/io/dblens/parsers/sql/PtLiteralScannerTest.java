package io.dblens.parsers.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The character scanner gives exactly the text of pt-query-digest's rules, applied one regular expression
 * at a time, on every statement of the corpus slow logs and pt-query-digest outputs, and on random
 * statements built from the pieces the rules treat specially.
 */
class PtLiteralScannerTest {
  private static final Path TOOLKIT = Path.of("../../shared/data/real/percona-toolkit");

  @Test
  void sameTextAsTheRulesOnCorpusStatements() throws IOException {
    List<String> statements = new ArrayList<>();
    Path slowlogs = TOOLKIT.resolve("t/lib/samples/slowlogs");
    if (Files.isDirectory(slowlogs)) {
      try (Stream<Path> s = Files.list(slowlogs)) {
        for (Path f : s.sorted().toList()) {
          for (LogEvent e : ParsedFile.parse(f, Engine.MYSQL, "slowlog", new ParseContext(f.toString(), null, null))
              .events()) {
            // mysqldump's multi-row INSERTs (up to 1.2 MB here) are cut to their first row before these
            // rules run; whole, they are too long for the rules' regular expressions.
            if (e.type() == EventType.QUERY && e.queryText() != null && e.queryText().length() < 100_000) {
              statements.add(e.queryText());
            }
          }
        }
      }
    }
    Path digests = TOOLKIT.resolve("_generated/pt-query-digest");
    if (Files.isDirectory(digests)) {
      ObjectMapper json = new ObjectMapper();
      try (Stream<Path> s = Files.list(digests)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          for (JsonNode c : json.readTree(f.toFile()).path("classes")) {
            if (c.path("example").has("query")) {
              statements.add(c.path("example").path("query").asText());
            }
          }
        }
      }
    }
    int scanned = check(statements);
    System.out.printf("literal scanner: %d of %d corpus statements scanned, all as the rules%n", scanned,
        statements.size());
    assertThat(statements.size()).isGreaterThan(500);
    assertThat(scanned).isGreaterThan(statements.size() / 2);
  }

  @Test
  void sameTextAsTheRulesOnRandomStatements() {
    String[] pieces = {"select", "SELECT", " ", "  ", "\n", "\t", "\r\n", "t1", "db2.t", "x", "b", "xb", ".", ",", "(",
        ")", "'str'", "'a b'", "'x1'", "'it is'", "1", "-5", "+3", "0x1F", "1.5e3", "12ab", "true", "TRUE", "False",
        "falsey", "_true", "null", "NULL", "nullable", "in", "IN", "into", "values", "VALUES", "value", "Values",
        "in (1, 2)", "IN(?,?)", "values (1),(2)", "value ('a', 3)", "in ( ? , ? )", "?", "=", ">=", "limit 10",
        "LIMIT 5, 10", "order by a asc", "ORDER BY", "join", "min(", "a-b", "a+b", "c.5", "e", "f", "-", "+", "x?",
        "b?", "_", "id", "9", "unionx", "where"};
    SplittableRandom random = new SplittableRandom(20250303);
    List<String> statements = new ArrayList<>();
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder();
      int count = 1 + random.nextInt(14);
      for (int i = 0; i < count; i++) {
        s.append(pieces[random.nextInt(pieces.length)]);
      }
      statements.add(s.toString());
    }
    int scanned = check(statements);
    System.out.printf("literal scanner: %d of %d random statements scanned, all as the rules%n", scanned,
        statements.size());
    assertThat(scanned).isGreaterThan(statements.size() / 2);
  }

  @Test
  void declinesWhatNeedsTheRules() {
    assertThat(PtLiteralScanner.scan("'at the start'")).isNull();
    assertThat(PtLiteralScanner.scan("name = 'O''Brien'")).isNull();
    assertThat(PtLiteralScanner.scan("a = 'x\\'y'")).isNull();
    assertThat(PtLiteralScanner.scan("a = \"x\"")).isNull();
    assertThat(PtLiteralScanner.scan("a = 'unterminated")).isNull();
    assertThat(PtLiteralScanner.scan("a = 'café'")).isNull();
    assertThat(PtLiteralScanner.scan("SELECT * FROM t1 WHERE a IN (1, 2) AND b = 'x'"))
        .isEqualTo("select * from t? where a in(?+) and b = ?");
  }

  private static int check(List<String> statements) {
    int scanned = 0;
    for (String q : statements) {
      String fast = PtLiteralScanner.scan(q);
      if (fast != null) {
        scanned++;

        assertThat(fast).as("[" + q + "]").isEqualTo(PtQueryDigestRules.literalsAndSpacing(q, PtQueryDigestRules.Options.DEFAULT));
      }
    }
    return scanned;
  }
}
