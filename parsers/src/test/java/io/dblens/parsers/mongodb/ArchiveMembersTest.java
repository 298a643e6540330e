package io.dblens.parsers.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import io.dblens.parsers.io.FileStatus;
import io.dblens.parsers.io.LogInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Tar archives are read member by member ({@link LogInput#tarMembers}, {@link LogInput#tarMember}):
 * hatchet's replica-set archive (three 6.0 members' JSON logs) parses completely, its slow operations
 * agree with mloginfo's per namespace and operation, and its failover is in the REPLICATION events.
 */
class ArchiveMembersTest {

  static final Path REPLICA = MongoCorpusTest.HATCHET.resolve("replica.tar.gz");
  static final Path HATCHET_MLOGINFO = Path.of("../../shared/data/real/hatchet/_generated/mloginfo");

  static ParsedFile parseMember(Path archive, String member) throws IOException {
    return ParsedFile.parse(LogInput.tarMember(Files.newInputStream(archive), member), null, null,
        new ParseContext(archive + LogInput.MEMBER_SEPARATOR + member, null, null));
  }

  @Test
  void replicaSetArchiveListsItsThreeMembers() throws IOException {
    assumeTrue(Files.exists(REPLICA), "corpus not found at " + REPLICA.toAbsolutePath());
    assertThat(LogInput.isTarName("replica.tar.gz")).isTrue();
    assertThat(LogInput.tarMembers(Files.newInputStream(REPLICA)))
        .extracting(LogInput.ArchiveMember::name, LogInput.ArchiveMember::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("rs1.log", 10_474_757L),
            org.assertj.core.groups.Tuple.tuple("rs2.log", 9_063_226L),
            org.assertj.core.groups.Tuple.tuple("rs3.log", 8_291_463L));
  }

  @Test
  void membersParseCompletelyAndAgreeWithMloginfo() throws IOException {
    assumeTrue(Files.exists(REPLICA), "corpus not found at " + REPLICA.toAbsolutePath());
    Map<String, Long> lines = Map.of("rs1.log", 7_757L, "rs2.log", 4_599L, "rs3.log", 3_652L);
    for (String member : List.of("rs1.log", "rs2.log", "rs3.log")) {
      ParsedFile r = parseMember(REPLICA, member);
      assertThat(r.outcome().format()).isEqualTo("json");
      assertThat(r.outcome().status()).as(member).isEqualTo(FileStatus.OK);
      assertThat(r.outcome().linesRead()).as(member).isEqualTo(lines.get(member));
      assertThat(r.coverageProblems()).as(member).isEmpty();
      assertThat(MongoCorpusTest.ourCounts(r)).as(member)
          .isEqualTo(MongoCorpusTest.mloginfoCounts(HATCHET_MLOGINFO.resolve(member + ".queries.txt")));
    }
  }

  @Test
  void sampleJsonLogAgreesWithMloginfo() throws IOException {
    Path sample = MongoCorpusTest.HATCHET.resolve("sample-mongod.log.gz");
    assumeTrue(Files.exists(sample), "corpus not found at " + sample.toAbsolutePath());
    assertThat(MongoCorpusTest.ourCounts(MongoCorpusTest.parse(sample)))
        .isEqualTo(MongoCorpusTest.mloginfoCounts(HATCHET_MLOGINFO.resolve("sample-mongod.log.queries.txt")));
  }

  @Test
  void failoverIsInTheReplicationEvents() throws IOException {
    assumeTrue(Files.exists(REPLICA), "corpus not found at " + REPLICA.toAbsolutePath());
    List<String> rs1 = transitions(parseMember(REPLICA, "rs1.log"));
    // rs1 (localhost:27017) starts, wins the first election in term 1, and is stepped down at 10:52:44
    assertThat(rs1).containsSubsequence(
        "self STARTUP->STARTUP2", "self STARTUP2->RECOVERING", "self RECOVERING->SECONDARY",
        "self SECONDARY->PRIMARY", "self PRIMARY->SECONDARY", "localhost:27018 ->PRIMARY");
    // rs2 (27018) wins the step-up election in term 2; rs3 only sees the others change
    ParsedFile rs2 = parseMember(REPLICA, "rs2.log");
    assertThat(transitions(rs2)).contains("self SECONDARY->PRIMARY", "localhost:27017 ->SECONDARY");
    assertThat(transitions(parseMember(REPLICA, "rs3.log")))
        .contains("localhost:27017 ->PRIMARY", "localhost:27018 ->PRIMARY").noneMatch(t -> t.startsWith("self")
            && t.endsWith("->PRIMARY"));
    assertThat(electionsWon(parseMember(REPLICA, "rs1.log"))).containsExactly("1");
    assertThat(electionsWon(rs2)).containsExactly("2");
  }

  private static List<String> electionsWon(ParsedFile r) {
    return r.events().stream().filter(e -> e.type() == EventType.REPLICATION)
        .filter(e -> "Election succeeded, assuming primary role".equals(e.attributes().get("repl.reason")))
        .map(e -> e.attributes().get("repl.term")).toList();
  }

  /** State changes as "member from->to", "self" for the member writing the log. */
  private static List<String> transitions(ParsedFile r) {
    List<String> out = new ArrayList<>();
    for (LogEvent e : r.events()) {
      Map<String, String> a = e.attributes();
      if (e.type() == EventType.REPLICATION && a.get("repl.to_state") != null) {
        String member = a.get("repl.member") == null || a.get("repl.from_state") != null ? "self" : a.get("repl.member");
        out.add(member + " " + a.getOrDefault("repl.from_state", "") + "->" + a.get("repl.to_state"));
      }
    }
    return out;
  }

  @Test
  void aDamagedArchiveListsTheMembersBeforeTheDamage() throws IOException {
    byte[] tgz = tarGz(Map.of("a.log", "one\n", "b.log", "two\n".repeat(5000)));
    List<LogInput.ArchiveMember> whole = LogInput.tarMembers(new java.io.ByteArrayInputStream(tgz));
    assertThat(whole).extracting(LogInput.ArchiveMember::name).containsExactly("a.log", "b.log");
    byte[] cut = Arrays.copyOf(tgz, tgz.length - 40);
    InputStream member = LogInput.tarMember(new java.io.ByteArrayInputStream(cut), "a.log");
    assertThat(new String(member.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one\n");
  }

  static byte[] tarGz(Map<String, String> members) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (Map.Entry<String, String> m : new TreeMap<>(members).entrySet()) {
        byte[] data = m.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry("./" + m.getKey());
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
