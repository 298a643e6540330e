package io.dblens.parsers.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every MongoDB log of the corpus (mtools' legacy text logs, hatchet's JSON logs) parses with every line
 * accounted for, and the slow operations per namespace and operation agree with mloginfo's {@code --queries} tables
 * for the text logs, where mloginfo is reliable. The JSON logs of hatchet's replica-set archive are
 * checked in {@link ArchiveMembersTest}.
 */
class MongoCorpusTest {

  static final Path MTOOLS = Path.of("../../shared/data/real/mtools");
  static final Path LOGS = MTOOLS.resolve("mtools/test/logfiles");
  static final Path MLOGINFO = MTOOLS.resolve("_generated/mloginfo");
  static final Path HATCHET = Path.of("../../shared/data/real/hatchet/logs");

  /** The operations mloginfo's query section counts: these ops, or commands of these names. */
  private static final Set<String> MLOGINFO_OPS = Set.of("query", "getmore", "update", "remove");
  private static final Set<String> MLOGINFO_COMMANDS = Set.of("count", "findandmodify", "geonear", "find",
      "aggregate");

  /** mloginfo table rows (count and sum of ms per namespace and operation): namespace, operation, pattern, count, min, max, 95%, sum, mean, allowDiskUse. */
  private static final Pattern ROW = Pattern.compile(
      "^(\\S+)\\s+(\\S+)\\s+(.*?)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)\\s+(\\d+)\\s+([\\d.]+)\\s+(\\S+)$");

  static ParsedFile parse(Path file) throws IOException {
    return ParsedFile.parse(file, null, null, new ParseContext(file.getFileName().toString(), null, null));
  }

  static List<Path> textLogs() throws IOException {
    try (Stream<Path> s = Files.walk(LOGS)) {
      return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
  }

  @Test
  void everyTextLogParsesWithEveryLineAccountedFor() throws IOException {
    assumeTrue(Files.isDirectory(LOGS), "corpus not found at " + LOGS.toAbsolutePath());
    List<Path> logs = textLogs();
    assertThat(logs).hasSize(38);
    long quarantined = 0;
    for (Path log : logs) {
      ParsedFile r = parse(log);
      assertThat(r.outcome().engine()).as(log.toString()).isEqualTo(Engine.MONGODB);
      assertThat(r.outcome().format()).as(log.toString()).isEqualTo("text");
      assertThat(r.coverageProblems()).as(log.toString()).isEmpty();
      assertThat(r.outcome().linesRead()).as(log.toString())
          .isEqualTo(r.outcome().linesParsed() + r.outcome().linesQuarantined());
      quarantined += r.outcome().linesQuarantined();
      if (!log.getFileName().toString().equals("mongod_26_corrupt.log")) {
        assertThat(r.outcome().status()).as(log.toString()).isEqualTo(FileStatus.OK);
      }
    }
    // mongod_26_corrupt.log line 544 is stamped in the year 1014: the only line that is not a log line
    assertThat(quarantined).isEqualTo(1);
    ParsedFile corrupt = parse(LOGS.resolve("mongod_26_corrupt.log"));
    assertThat(corrupt.quarantined()).singleElement().satisfies(q -> {
      assertThat(q.start()).isEqualTo(544);
      assertThat(q.reason()).contains("1014-04-09T23:24:16.197-0400").contains("not a valid date");
    });
  }

  @Test
  void slowOperationCountsAndTotalsPerNamespaceAndOperationAgreeWithMloginfo() throws IOException {
    assumeTrue(Files.isDirectory(MLOGINFO), "mloginfo outputs not found at " + MLOGINFO.toAbsolutePath());
    int compared = 0;
    long operations = 0;
    List<String> differences = new ArrayList<>();
    try (Stream<Path> s = Files.list(MLOGINFO)) {
      for (Path table : s.filter(p -> p.toString().endsWith(".log.queries.txt")).sorted().toList()) {
        String name = table.getFileName().toString().replace(".queries.txt", "");
        Path log = LOGS.resolve(name.replace("__", "/"));
        Map<String, Long> expected = mloginfoCounts(table);
        Map<String, Long> actual = ourCounts(parse(log));
        Map<String, Long> adjusted = new TreeMap<>(expected);
        JUSTIFIED.getOrDefault(name, Map.of()).forEach((ns, ours) -> {
          adjusted.remove(ns.split("=>")[0]);
          if (ns.contains("=>")) {
            adjusted.put(ns.split("=>")[1], ours);
          }
        });
        if (!adjusted.equals(actual)) {
          differences.add(name + ": mloginfo " + expected + " vs ours " + actual);
        }
        compared++;
        operations += actual.entrySet().stream().filter(e -> !e.getKey().endsWith(" ms"))
            .mapToLong(Map.Entry::getValue).sum();
      }
    }
    assertThat(differences).isEmpty();
    assertThat(compared).isEqualTo(38);
    assertThat(operations).isEqualTo(EXPECTED_OPERATIONS);
  }

  /** Slow operations mloginfo counts in the 38 text logs (sum of its count column, after the cases below). */
  private static final long EXPECTED_OPERATIONS = 1057;

  /**
   * Where our count differs from mloginfo's for a good reason, per file: {@code "their key=>our key"}
   * (a key is namespace and operation, with " ms" for the total duration) maps their row onto ours, a bare key drops their row.
   * <ul>
   *   <li>mongod_306_ctime.log: its line is a ctime stamp followed by a 3.x severity and
   *       component ({@code Wed Jul 13 16:14:35.324 I QUERY [conn39] getmore db.collection ...}). mloginfo
   *       does not expect both together and reads the context {@code [conn39]} as the namespace and
   *       "query" (the component) as the operation; the line is a getmore on {@code db.collection}.</li>
   * </ul>
   */
  private static final Map<String, Map<String, Long>> JUSTIFIED = Map.of(
      "mongod_306_ctime.log", Map.of("[conn39] query=>db.collection getmore", 1L,
          "[conn39] query ms=>db.collection getmore ms", 220L));

  static Map<String, Long> mloginfoCounts(Path table) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(table)) {
      if (line.startsWith("namespace ")) {
        inTable = true;
        continue;
      }
      Matcher m = ROW.matcher(line.strip());
      if (inTable && m.matches()) {
        String key = m.group(1) + " " + m.group(2);
        counts.merge(key, Long.parseLong(m.group(4)), Long::sum);
        counts.merge(key + " ms", Long.parseLong(m.group(8)), Long::sum);
      }
    }
    return counts;
  }

  /** Our QUERY events that mloginfo's query section would count, and their total ms, per namespace and operation. */
  static Map<String, Long> ourCounts(ParsedFile r) {
    Map<String, Long> counts = new TreeMap<>();
    for (LogEvent e : r.events()) {
      if (e.type() != EventType.QUERY) {
        continue;
      }
      String command = e.attributes().get("mongo.command");
      boolean counted = command == null ? MLOGINFO_OPS.contains(e.attributes().get("mongo.op"))
          : MLOGINFO_COMMANDS.contains(command.toLowerCase(Locale.ROOT));
      if (counted) {
        String op = command == null ? e.attributes().get("mongo.op") : command.toLowerCase(Locale.ROOT);
        String key = e.attributes().get("mongo.ns") + " " + op;
        counts.merge(key, 1L, Long::sum);
        counts.merge(key + " ms", Math.round(e.durationMs()), Long::sum);
      }
    }
    return counts;
  }

  @Test
  void hatchetSampleJsonLogParsesCompletely() throws IOException {
    Path sample = HATCHET.resolve("sample-mongod.log.gz");
    assumeTrue(Files.exists(sample), "corpus not found at " + sample.toAbsolutePath());
    ParsedFile r = parse(sample);
    assertThat(r.outcome().format()).isEqualTo("json");
    assertThat(r.outcome().status()).isEqualTo(FileStatus.OK);
    assertThat(r.outcome().linesRead()).isEqualTo(27_995);
    assertThat(r.outcome().linesQuarantined()).isZero();
    assertThat(r.coverageProblems()).isEmpty();
  }

  static final Path PT_MONGO = Path.of("../../shared/data/real/percona-toolkit/src/go/tests");

  /**
   * pt-mongodb-query-digest's 95 system.profile documents (2.6-3.6, canonical extended JSON): each is one
   * QUERY event whose operation is pt's (its FIND is our query/find, its REMOVE our remove ...), and
   * whose statement names every key pt's fingerprint lists (pt keeps keys only; we keep the shape).
   */
  @Test
  void systemProfileDocumentsAgreeWithPtMongodbQueryDigest() throws IOException {
    assumeTrue(Files.isDirectory(PT_MONGO), "corpus not found at " + PT_MONGO.toAbsolutePath());
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> differences = new ArrayList<>();
    List<Path> docs;
    try (Stream<Path> s = Files.list(PT_MONGO.resolve("doc/profiles"))) {
      docs = s.sorted().toList();
    }
    assertThat(docs).hasSize(95);
    for (Path doc : docs) {
      ParsedFile r = parse(doc);
      assertThat(r.outcome().format()).as(doc.toString()).isEqualTo("profile");
      assertThat(r.coverageProblems()).as(doc.toString()).isEmpty();
      assertThat(r.events()).as(doc.toString()).singleElement()
          .satisfies(e -> assertThat(e.type()).isEqualTo(EventType.QUERY));
      LogEvent e = r.events().get(0);
      var expected = json.readTree(PT_MONGO.resolve("expect/fingerprints").resolve(doc.getFileName()).toFile());
      String op = e.attributes().get("mongo.op").toUpperCase(Locale.ROOT);
      // pt calls OP_QUERY finds FIND, and names $eval without its dollar
      String ours = op.equals("QUERY") ? "FIND" : op.equals("COMMAND") ? e.attributes().get("mongo.command")
          .toUpperCase(Locale.ROOT).replace("$", "") : op;
      if (!ours.equals(expected.get("Operation").asText())) {
        differences.add(doc.getFileName() + ": operation " + ours + " vs pt " + expected.get("Operation").asText());
      }
      for (String key : expected.get("Keys").asText().split(",")) {
        if (!key.isEmpty() && !e.queryText().contains("\"" + key + "\"")) {
          differences.add(doc.getFileName() + ": key " + key + " missing from " + e.queryText());
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  /**
   * Every file under the mtools and hatchet folders, logs or not (licences, mloginfo reports, the
   * archive read as one file): no crash, lines reconciled, and what is not a MongoDB log is said so.
   */
  @Test
  void everyFileOfTheMongoCorpusFoldersEndsWithAReason() throws IOException {
    assumeTrue(Files.isDirectory(MTOOLS) && Files.isDirectory(HATCHET.getParent()), "corpus not found");
    Map<String, Long> byStatus = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Stream.concat(Files.walk(MTOOLS), Files.walk(HATCHET.getParent()))) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      ParsedFile r = parse(f);
      assertThat(r.outcome().linesRead()).as(f.toString())
          .isEqualTo(r.outcome().linesParsed() + r.outcome().linesQuarantined());
      byStatus.merge(r.outcome().status().id(), 1L, Long::sum);
      boolean log = f.toString().endsWith(".log") || f.toString().endsWith(".log.gz");
      if (log != (r.outcome().engine() == Engine.MONGODB)
          || (!log && r.outcome().status() != FileStatus.UNRECOGNISED && r.outcome().status() != FileStatus.REJECTED)
          || (r.outcome().status() != FileStatus.OK && r.outcome().status() != FileStatus.PARTIAL
              && r.outcome().error() == null)) {
        wrong.add(f + ": " + r.outcome());
      }
    }
    assertThat(wrong).isEmpty();
    // 38 + 1 logs; the mloginfo reports and licences unrecognised; replica.tar.gz rejected as binary
    assertThat(byStatus).isEqualTo(Map.of("ok", 38L, "partial", 1L, "unrecognised", (long) files.size() - 40,
        "rejected", 1L));
  }
}
