package io.dblens.parsers.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dblens.parsers.Engine;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every slow, general and binary log sample of percona-toolkit goes through FileParser without an
 * exception, with each line in exactly one event or quarantine row, and is recognised as its format.
 */
class MysqlCorpusTest {
  static final Path SAMPLES = Path.of("../../shared/data/real/percona-toolkit/t/lib/samples");

  /**
   * Files that are not (entirely) what their directory says, with the status we expect:
   * raw_binlog.log is a binary binlog (rejected as binary); empty has no lines; slow015 is truncated on
   * purpose (its only entry has no statement and is quarantined); slow006-session-N.txt are
   * pt-query-digest's own per-session output, not slow logs; binlog011.txt has one line with bytes that
   * are not UTF-8 (kept, replaced, and reported as PARTIAL).
   */
  private static final Map<String, FileStatus> EXPECTED_STATUS = Map.of(
      "raw_binlog.log", FileStatus.REJECTED, "empty", FileStatus.EMPTY, "slow015.txt", FileStatus.UNRECOGNISED,
      "slow006-session-1.txt", FileStatus.UNRECOGNISED, "slow006-session-2.txt", FileStatus.UNRECOGNISED,
      "slow006-session-3.txt", FileStatus.UNRECOGNISED, "binlog011.txt", FileStatus.PARTIAL);

  @TestFactory
  Stream<DynamicTest> everySampleParses() throws IOException {
    assumeTrue(Files.isDirectory(SAMPLES), "percona-toolkit samples not present at " + SAMPLES);
    List<Path> files;
    try (Stream<Path> s = Stream.of("slowlogs", "genlogs", "binlogs").flatMap(d -> list(SAMPLES.resolve(d)))) {
      files = s.sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
        () -> check(f)));
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(Path file) throws IOException {
    String name = file.getFileName().toString();
    ParsedFile r = ParsedFile.parse(file, null, null, new ParseContext(name, null, null));
    var o = r.outcome();
    assertThat(o.linesRead()).isEqualTo(o.linesParsed() + o.linesQuarantined());
    FileStatus expected = EXPECTED_STATUS.get(name);
    if (expected != null) {
      assertThat(o.status()).as(name + ": " + o.error()).isEqualTo(expected);
      return;
    }
    assertThat(o.status()).as(name + ": " + o.error() + " " + r.quarantined()).isEqualTo(FileStatus.OK);
    assertThat(o.engine()).isEqualTo(Engine.MYSQL);
    String dir = file.getParent().getFileName().toString();
    assertThat(o.format()).isEqualTo(dir.substring(0, dir.length() - 1));
    assertThat(r.coverageProblems()).isEmpty();
  }
}
