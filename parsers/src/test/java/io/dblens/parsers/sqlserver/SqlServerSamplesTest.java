package io.dblens.parsers.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import io.dblens.parsers.io.FileStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the golden files do not show of the SQL Server samples (participants' locks, joined messages),
 * and recovery from broken XML in the middle of a file.
 */
class SqlServerSamplesTest {

  static final Path SAMPLES = Path.of("../data-samples/sqlserver");

  static ParsedFile parse(Path file) throws IOException {
    ParsedFile r = ParsedFile.parse(file, Engine.SQLSERVER, null, new ParseContext(file.getFileName().toString(), null, null));
    assertThat(r.outcome().linesRead()).isEqualTo(r.outcome().linesParsed() + r.outcome().linesQuarantined());
    assertThat(r.coverageProblems()).isEmpty();
    return r;
  }

  @Test
  void utf16ErrorlogJoinsErrorHeadersWithTheirMessages() throws IOException {
    ParsedFile r = parse(SAMPLES.resolve("ERRORLOG"));
    assertThat(r.outcome().status()).isEqualTo(FileStatus.OK);
    assertThat(r.outcome().linesRead()).isEqualTo(28);
    assertThat(r.events()).hasSize(20);
    assertThat(r.events().get(0).message()).startsWith("Microsoft SQL Server 2019 (RTM-CU22)")
        .contains("\nCopyright (C) 2019 Microsoft Corporation\n");
    assertThat(r.events()).filteredOn(e -> e.type() == EventType.ERROR)
        .extracting(LogEvent::sqlState, LogEvent::message)
        .containsExactly(
            tuple("18456", "Login failed for user 'report_app'. Reason: Password did not match that for the login "
                + "provided. [CLIENT: 10.20.4.17]"),
            tuple("1205", "Transaction (Process ID 61) was deadlocked on lock resources with another process and has "
                + "been chosen as the deadlock victim. Rerun the transaction."),
            tuple("9002", "The transaction log for database 'sales' is full due to 'LOG_BACKUP'."));
    assertThat(r.events()).extracting(LogEvent::type).containsOnlyOnce(EventType.STARTUP, EventType.SHUTDOWN);
    // Every entry keeps its timestamp and its source.
    assertThat(r.events()).allSatisfy(e -> {
      assertThat(e.eventTime()).isNotNull();
      assertThat(e.attributes()).containsKey("mssql.source");
    });
  }

  @Test
  void multiVictimDeadlockNamesEveryLock() throws IOException {
    LogEvent e = parse(SAMPLES.resolve("deadlock-multi-victim.xdl")).events().get(0);
    assertThat(e.message()).isEqualTo("deadlock of 3 process(es) on 3 resource(s); victims spid 71, spid 73");
    assertThat(e.deadlock()).extracting(DeadlockParticipant::session, DeadlockParticipant::victim,
            DeadlockParticipant::lockType, DeadlockParticipant::tableName, DeadlockParticipant::indexName,
            DeadlockParticipant::waitMode, DeadlockParticipant::heldMode, DeadlockParticipant::waitsFor,
            p -> p.attributes().get(DeadlockGraph.HELD_RESOURCE))
        .containsExactly(
            tuple("71", true, "keylock", "shop.dbo.Stock", "PK_Stock", "U", "X", "72", "OBJECT: 6:917578307:0"),
            tuple("72", false, "pagelock", "shop.dbo.Orders", null, "S", "X", "73",
                "KEY: 6:72057594043236352 (a1b2c3d4e5f6)"),
            tuple("73", true, "objectlock", "shop.dbo.Invoices", null, "IX", "IX", "71", "PAGE: 6:1:4410"));
    assertThat(SqlServerCorpusTest.sessionCycles(e)).containsExactly(Set.of("71", "72", "73"));
    assertThat(e.deadlock().get(0).attributes().get("mssql.frames"))
        .endsWith("| UPDATE dbo.Stock SET qty = qty - @n WHERE sku = @sku");
    assertThat(e.detail()).startsWith("<deadlock>").contains("<victimProcess id=\"process2a1b3e9c8\" />");
  }

  @Test
  void parallelDeadlockKeepsExchangeWaitsBetweenThreadsOfOneSpid() throws IOException {
    LogEvent e = parse(SAMPLES.resolve("deadlock-parallel.xml")).events().get(0);
    assertThat(e.deadlock()).extracting(p -> p.attributes().get("mssql.ecid"), DeadlockParticipant::lockType,
            DeadlockParticipant::waitMode, p -> p.attributes().get("mssql.waits_for_process"))
        .containsExactly(
            tuple("0", "exchangeEvent", "e_waitPortOpen", "process3c5d114e8"),
            tuple("3", "exchangeEvent", "e_waitPipeGetRow", "process3c5d11d08"),
            tuple("5", "keylock", "S", "process3c5e028c8"),
            tuple("0", "keylock", "X", "process3c5d10ca8"));
    DeadlockParticipant coordinator = e.deadlock().get(0);
    assertThat(coordinator.resource()).isEqualTo("exchangeEvent id=Port2c4f1a300 WaitType=e_waitPortOpen nodeId=4");
    assertThat(coordinator.heldMode()).as("holds S on the Orders key spid 90 waits for").isEqualTo("S");
    assertThat(coordinator.attributes()).containsEntry(DeadlockGraph.HELD_RESOURCE,
        "KEY: 6:72057594043301888 (3b8f6a2c91d0)");
    // The thread owning an exchange port holds it without a lock mode.
    assertThat(e.deadlock().get(1).heldMode()).isNull();
    assertThat(e.deadlock().get(1).attributes().get("mssql.held_locks"))
        .isEqualTo("\texchangeEvent\texchangeEvent id=Port2c4f1a300 WaitType=e_waitPortOpen nodeId=4\t\t");
  }

  @Test
  void malformedXmlInTheMiddleIsQuarantinedAndReadingResumes(@TempDir Path dir) throws IOException {
    String good = Files.readString(SAMPLES.resolve("deadlocks-truncated.xml"));
    String first = good.substring(good.indexOf("  <event"), good.indexOf("  <event", good.indexOf("  <event") + 1));
    String broken = first.replace("<process-list>", "<process-list><process id=\"x\" spid=\"1\"></oops>");
    Path file = dir.resolve("mixed.xml");
    Files.writeString(file, first + broken + first, StandardCharsets.UTF_8);
    ParsedFile r = parse(file);
    assertThat(r.outcome().status()).isEqualTo(FileStatus.PARTIAL);
    assertThat(r.events()).hasSize(2).allSatisfy(e -> assertThat(e.type()).isEqualTo(EventType.DEADLOCK));
    assertThat(r.quarantined()).extracting(ParsedFile.Quarantined::reason)
        .allSatisfy(reason -> assertThat(reason).contains("malformed XML"));
    assertThat(r.events().get(1).lineStart()).isEqualTo(r.quarantined().get(r.quarantined().size() - 1).end() + 1);
  }

  @Test
  void statisticsCountersThatGoDownAreAReset() throws IOException {
    List<LogEvent> queries = parse(SAMPLES.resolve("query-stats.csv")).events().stream()
        .filter(e -> e.type() == EventType.QUERY).toList();
    assertThat(queries).filteredOn(e -> e.attributes().containsKey("mssql.counter_reset"))
        .singleElement().satisfies(e -> {
          assertThat(e.attributes()).containsEntry("mssql.query_hash", "0x1A2B3C4D5E6F7081");
          assertThat(e.calls()).isEqualTo(20);
        });
    assertThat(queries).extracting(LogEvent::calls).containsExactly(60L, 7L, 20L, 5L, 4L);
  }

  @Test
  void aStatisticsExportWithoutRowsOrWithACutRowIsAccountedFor(@TempDir Path dir) throws IOException {
    String header = "snapshot_time,query_hash,execution_count,total_elapsed_time_us,statement_text\n";
    Path headerOnly = Files.writeString(dir.resolve("header.csv"), header + "\n");
    ParsedFile r = parse(headerOnly);
    assertThat(r.quarantined()).extracting(ParsedFile.Quarantined::start, ParsedFile.Quarantined::end,
        ParsedFile.Quarantined::reason).containsExactly(tuple(1L, 2L, "a query-stats header without any row"));
    Path cut = Files.writeString(dir.resolve("cut.csv"), header
        + "2024-03-04 10:00:00,0x01,5,100,SELECT 1\n2024-03-04 10:15:00,0x01,7,300,\"SELECT\n1");
    r = parse(cut);
    assertThat(r.events()).extracting(LogEvent::type, LogEvent::lineStart, LogEvent::lineEnd)
        .containsExactly(tuple(EventType.MESSAGE, 1L, 2L));
    assertThat(r.quarantined()).extracting(ParsedFile.Quarantined::start, ParsedFile.Quarantined::end)
        .containsExactly(tuple(3L, 4L));
  }
}
