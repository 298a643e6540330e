package io.dblens.parsers.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert logs, log.xml and the statistics exports: what the golden files do not show (messages), bad
 * input, and detection among every engine's detectors.
 */
class OracleLogsTest {

  static final Path SAMPLES = OracleDeadlockTraceTest.SAMPLES;

  @TempDir
  Path dir;

  static ParsedFile parse(Path file) throws IOException {
    return OracleDeadlockTraceTest.parse(file);
  }

  /** No engine is named: the first detector that recognises the file wins, and it must be Oracle's. */
  @Test
  void everySampleIsDetectedAsOracleWithItsFormatAndParsesFully() throws IOException {
    Map<String, String> formats = new TreeMap<>();
    try (Stream<Path> s = Files.list(SAMPLES)) {
      for (Path f : s.filter(p -> !p.toString().endsWith(".expected.jsonl")).toList()) {
        ParsedFile r = ParsedFile.parse(f, null, null, new ParseContext(f.getFileName().toString(), null, null));
        assertThat(r.outcome().engine()).as(f.toString()).hasToString("ORACLE");
        formats.put(f.getFileName().toString(), r.outcome().format());
        assertThat(r.coverageProblems()).isEmpty();
        if (!f.getFileName().toString().equals("orcl1_ora_9012.trc")) {
          assertThat(r.quarantined()).as(f.toString()).isEmpty();
        }
      }
    }
    assertThat(formats).containsExactlyInAnyOrderEntriesOf(Map.of(
        "alert_orcl1.log", "alert", "alert_CDB19.log", "alert", "log.xml", "alert-xml",
        "orcl1_ora_4711.trc", "trace", "CDB19_ora_5176.trc", "trace", "orcl1_ora_9012.trc", "trace",
        "dba_hist_sqlstat.csv", "sqlstat", "v_sqlstats.csv", "sqlstat", "dba_hist_sqltext.csv", "sqltext"));
  }

  @Test
  void alertMessagesKeepTheirTextInBothTimestampStyles() throws IOException {
    List<LogEvent> old = parse(SAMPLES.resolve("alert_orcl1.log")).events();
    assertThat(old).hasSize(44);
    assertThat(old.get(0).message()).isEqualTo("Starting ORACLE instance (normal)");
    assertThat(old).filteredOn(e -> e.type() == EventType.CHECKPOINT).extracting(LogEvent::message).containsExactly(
        "Beginning log switch checkpoint up to RBA [0x520.2.10], SCN: 84513390",
        "Completed checkpoint up to RBA [0x520.2.10], SCN: 84513390", "Checkpoint not complete");
    assertThat(old).filteredOn(e -> e.type() == EventType.SHUTDOWN).hasSize(3);
    assertThat(old).filteredOn(e -> "deadlock".equals(e.attributes().get("oracle.kind")))
        .extracting(e -> e.attributes().get("oracle.trace_name"))
        .containsExactly("orcl1_ora_4711.trc", "orcl1_lmd0_3902.trc", "orcl1_ora_9012.trc");

    List<LogEvent> iso = parse(SAMPLES.resolve("alert_CDB19.log")).events();
    assertThat(iso).hasSize(18);
    LogEvent inline = iso.stream().filter(e -> e.lineStart() == 18).findFirst().orElseThrow();
    assertThat(inline.message()).isEqualTo("PDB1(3):Opening pdb with no Resource Manager plan active");
    assertThat(inline.rawTime()).isEqualTo("2019-03-12T08:00:22.014579+01:00");
    assertThat(iso).filteredOn(e -> e.type() == EventType.STARTUP).extracting(LogEvent::message)
        .containsExactly("Starting ORACLE instance (normal) (OS id: 7720)");
  }

  @Test
  void logXmlDecodesEntitiesAndKeepsAttributes() throws IOException {
    List<LogEvent> events = parse(SAMPLES.resolve("log.xml")).events();
    assertThat(events).hasSize(12);
    assertThat(events.get(5).message())
        .isEqualTo("ALTER SYSTEM SET log_archive_dest_2='SERVICE=cdb19_stby ASYNC' SCOPE=BOTH;");
    assertThat(events.get(4).message()).isEqualTo("Current log# 2 seq# 158 mem# 0: /u02/oradata/CDB19/redo02.log");
    LogEvent incident = events.get(8);
    assertThat(incident.type()).isEqualTo(EventType.ERROR);
    assertThat(incident.detail())
        .startsWith("ORA-04031: unable to allocate 4160 bytes of shared memory (\"shared pool\"");
    assertThat(incident.attributes()).containsEntry("oracle.msg_type", "INCIDENT_ERROR")
        .containsEntry("oracle.errid", "12489");
  }

  @Test
  void brokenLogXmlRecordsAreQuarantinedAndTheRestIsRead() throws IOException {
    Path f = dir.resolve("log.xml");
    Files.writeString(f, String.join("\n",
        "<msg time='2019-03-12T08:00:01.204+01:00' org_id='oracle' comp_id='rdbms' type='UNKNOWN' level='16'>",
        " <txt>Thread 1 advanced to log sequence 40 (LGWR switch)",
        " </txt>",
        "</msg>",
        "<msg time='2019-03-12T08:00:02.204+01:00' org_id='oracle' type='UNKNOWN' level='16'>",
        " <txt>unescaped & ampersand</txt>",
        "</msg>",
        "stray text",
        "<msg time='yesterday' org_id='oracle'>",
        " <txt>no time</txt>",
        "</msg>",
        "<msg time='2019-03-12T08:00:03.204+01:00' org_id='oracle' comp_id='rdbms'",
        " type='UNKNOWN' level='16'>",
        " <txt>Shutting down ORACLE instance (immediate)"));
    ParsedFile r = parse(f);
    assertThat(r.coverageProblems()).isEmpty();
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.attributes()).containsEntry("oracle.log_sequence", "40");
      assertThat(e.lineEnd()).isEqualTo(4);
    });
    assertThat(r.quarantined()).extracting(q -> q.start() + "-" + q.end())
        .containsExactly("5-7", "8-8", "9-11", "12-14");
    assertThat(r.quarantined().get(0).reason()).startsWith("malformed <msg> element");
    assertThat(r.quarantined().get(1).reason()).isEqualTo("text outside a <msg> element");
    assertThat(r.quarantined().get(2).reason()).contains("without a valid time attribute");
    assertThat(r.quarantined().get(3).reason()).contains("cut off inside a <msg> element");
  }

  @Test
  void alertLogLinesWithoutAMessageOrBeforeTheFirstTimestampAreQuarantined() throws IOException {
    Path f = dir.resolve("alert_x.log");
    Files.writeString(f, String.join("\n",
        "  Current log# 3 seq# 1312 mem# 0: +DATA/orcl/onlinelog/group_3.263.912345703",
        "Mon Mar 11 09:41:17 2019",
        "Mon Mar 11 09:41:18 2019",
        "Completed checkpoint up to RBA [0x520.2.10], SCN: 84513390",
        "",
        "2019-03-12T09:14:37.102998+01:00"));
    ParsedFile r = parse(f);
    assertThat(r.coverageProblems()).isEmpty();
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.CHECKPOINT);
      assertThat(e.lineStart()).isEqualTo(3);
      assertThat(e.lineEnd()).isEqualTo(5);
    });
    assertThat(r.quarantined()).extracting(ParsedFile.Quarantined::reason).containsExactly(
        "line before the first timestamp of the alert log (file starts mid-entry?)",
        "timestamp with no message after it", "timestamp with no message after it (end of file)");
  }

  @Test
  void statisticsExportsQuarantineRowsTheyCannotUse() throws IOException {
    Path f = dir.resolve("sqlstat.csv");
    Files.writeString(f, String.join("\n",
        "",
        "SNAP_ID,END_INTERVAL_TIME,SQL_ID,EXECUTIONS_DELTA,ELAPSED_TIME_DELTA,SQL_TEXT",
        "10,2019-03-11 10:00:00,aaaaaaaaaaaaa,5,5000,\"SELECT 1",
        "FROM dual\"",
        "11,12-MAR-19 10.00.00.000 AM,bbbbbbbbbbbbb,5,5000,",
        "12,2019-03-11 11:00:00,ccccccccccccc,five,5000,",
        "",
        "3 rows selected.",
        "13,2019-03-11 12:00:00,ddddddddddddd,1,7,\"SELECT 'cut"));
    ParsedFile r = parse(f);
    assertThat(r.coverageProblems()).isEmpty();
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.lineStart()).isEqualTo(1);
      assertThat(e.lineEnd()).isEqualTo(4);
      assertThat(e.queryText()).isEqualTo("SELECT 1\nFROM dual");
      assertThat(e.calls()).isEqualTo(5L);
      assertThat(e.durationMs()).isEqualTo(5.0);
    });
    assertThat(r.quarantined()).extracting(q -> q.start() + "-" + q.end()).containsExactly("5-5", "6-6", "7-8", "9-9");
    assertThat(r.quarantined().get(0).reason()).contains("END_INTERVAL_TIME (or SNAP_TIME, LAST_ACTIVE_TIME) "
        + "'12-MAR-19 10.00.00.000 AM' is not a time").contains("NLS_TIMESTAMP_FORMAT");
    assertThat(r.quarantined().get(1).reason()).contains("'five' is not a whole number");
    assertThat(r.quarantined().get(2).reason()).contains("1 field(s) where the header has 6 columns");
    assertThat(r.quarantined().get(3).reason()).contains("cut off by the end of the file");

    Path noColumns = dir.resolve("other.csv");
    Files.writeString(noColumns, "SQL_ID,EXECUTIONS_DELTA,BUFFER_GETS_DELTA\nabc,1,2\n");
    ParsedFile n = parse(noColumns);
    assertThat(n.events()).isEmpty();
    assertThat(n.quarantined()).extracting(ParsedFile.Quarantined::reason).allSatisfy(reason ->
        assertThat(reason).isEqualTo("SQL statistics export header lacks ELAPSED_TIME_DELTA (or DELTA_ELAPSED_TIME), "
            + "a time column: BEGIN_INTERVAL_TIME or END_INTERVAL_TIME (or SNAP_TIME, LAST_ACTIVE_TIME) "
            + "(see the README for the expected columns)"));
    assertThat(n.coverageProblems()).isEmpty();
  }
}
