package io.dblens.parsers.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.ParsedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadlock reports in trace files: every participant field pinned against the sample traces. */
class OracleDeadlockTraceTest {

  static final Path SAMPLES = Path.of("../data-samples/oracle");

  @TempDir
  Path dir;

  static ParsedFile parse(Path file) throws IOException {
    return ParsedFile.parse(file, Engine.ORACLE, null, new ParseContext(file.getFileName().toString(), null, null));
  }

  static LogEvent deadlock(ParsedFile r) {
    List<LogEvent> d = r.events().stream().filter(e -> e.type() == EventType.DEADLOCK).toList();
    assertThat(d).hasSize(1);
    return d.get(0);
  }

  @Test
  void transactionRowLockDeadlock11g() throws IOException {
    ParsedFile r = parse(SAMPLES.resolve("orcl1_ora_4711.trc"));
    assertThat(r.quarantined()).isEmpty();
    LogEvent e = deadlock(r);
    assertThat(e.sessionId()).isEqualTo("136");
    assertThat(e.pid()).isEqualTo(4711L);
    assertThat(e.sqlState()).isEqualTo("ORA-00060");
    assertThat(e.attributes()).containsEntry("oracle.trace_name", "orcl1_ora_4711.trc")
        .containsEntry("oracle.sql_id", "4ztz048yfq32s").containsEntry("oracle.module_name", "JDBC Thin Client");
    List<DeadlockParticipant> p = e.deadlock();
    assertThat(p).hasSize(2);

    DeadlockParticipant victim = p.get(0);
    assertThat(victim.session()).isEqualTo("136");
    assertThat(victim.victim()).isTrue();
    assertThat(victim.lockType()).isEqualTo("TX");
    assertThat(victim.resource()).isEqualTo("TX-000a0012-00000297");
    assertThat(victim.waitMode()).isEqualTo("X");
    assertThat(victim.heldMode()).isEqualTo("X");
    assertThat(victim.waitsFor()).isEqualTo("9");
    assertThat(victim.transaction()).isEqualTo("TX-0009000c-0000028b");
    assertThat(victim.statement()).isEqualTo("UPDATE accounts SET balance = balance - :1 WHERE account_id = :2");
    assertThat(victim.attributes()).containsEntry("oracle.process", "25")
        .containsEntry("lock.held_resource", "TX-0009000c-0000028b")
        .containsEntry("oracle.sql_id", "4ztz048yfq32s")
        .containsEntry("oracle.row_wait_obj", "74565").containsEntry("oracle.row_wait_file", "4")
        .containsEntry("oracle.row_wait_block", "133").containsEntry("oracle.row_wait_slot", "1")
        .containsEntry("oracle.row_wait_rowid", "AAASNFAAEAAAACFAAB");

    DeadlockParticipant other = p.get(1);
    assertThat(other.session()).isEqualTo("9");
    assertThat(other.victim()).isFalse();
    assertThat(other.resource()).isEqualTo("TX-0009000c-0000028b");
    assertThat(other.waitMode()).isEqualTo("X");
    assertThat(other.heldMode()).isEqualTo("X");
    assertThat(other.waitsFor()).isEqualTo("136");
    assertThat(other.transaction()).isEqualTo("TX-000a0012-00000297");
    assertThat(other.user()).isEqualTo("APP");
    assertThat(other.host()).isEqualTo("appserver2");
    assertThat(other.statement()).isEqualTo("UPDATE accounts SET balance = balance + :1 WHERE account_id = :2");
    assertThat(other.attributes()).containsEntry("oracle.process", "27").containsEntry("oracle.serial", "811")
        .containsEntry("oracle.ospid", "4730").containsEntry("oracle.program", "JDBC Thin Client")
        .containsEntry("oracle.module", "JDBC Thin Client").containsEntry("oracle.row_wait_slot", "0")
        .doesNotContainKey("oracle.sql_id");
  }

  @Test
  void tableLockDeadlockOfAnUnindexedForeignKey19c() throws IOException {
    ParsedFile r = parse(SAMPLES.resolve("CDB19_ora_5176.trc"));
    assertThat(r.quarantined()).isEmpty();
    LogEvent e = deadlock(r);
    assertThat(e.sessionId()).isEqualTo("142");
    assertThat(e.database()).isEqualTo("PDB1");
    // The sql_id is printed after the report, in the error stack dump.
    assertThat(e.attributes()).containsEntry("oracle.sql_id", "5r1m4xp7cq0ta")
        .containsEntry("oracle.trace_name", "CDB19_ora_5176.trc");
    List<DeadlockParticipant> p = e.deadlock();
    assertThat(p).extracting(DeadlockParticipant::session).containsExactly("142", "267");
    for (DeadlockParticipant d : p) {
      assertThat(d.lockType()).isEqualTo("TM");
      assertThat(d.resource()).isEqualTo("TM-00011E84-00000000-00000000-00000000");
      assertThat(d.heldMode()).isEqualTo("SX");
      assertThat(d.waitMode()).isEqualTo("SSX");
      assertThat(d.transaction()).isNull();
      assertThat(d.user()).isEqualTo("APP");
      assertThat(d.database()).isEqualTo("PDB1");
      assertThat(d.statement()).isEqualTo("DELETE FROM customers WHERE customer_id = :1");
      assertThat(d.attributes()).containsEntry("oracle.object_id", "73348")
          .containsEntry("lock.held_resource", "TM-00011E84-00000000-00000000-00000000")
          .containsEntry("oracle.module", "order-service");
    }
    assertThat(p.get(0).victim()).isTrue();
    assertThat(p.get(0).waitsFor()).isEqualTo("267");
    assertThat(p.get(0).host()).isEqualTo("appserver1");
    assertThat(p.get(0).attributes()).containsEntry("oracle.serial", "51204").containsEntry("oracle.process", "48")
        .containsEntry("oracle.ospid", "5176").containsEntry("oracle.sql_id", "5r1m4xp7cq0ta");
    assertThat(p.get(1).victim()).isFalse();
    assertThat(p.get(1).waitsFor()).isEqualTo("142");
    assertThat(p.get(1).host()).isEqualTo("appserver2");
    assertThat(p.get(1).attributes()).containsEntry("oracle.serial", "33117").containsEntry("oracle.ospid", "5190")
        .doesNotContainKey("oracle.sql_id");
  }

  @Test
  void traceCutMidGraphIsQuarantinedWholeWithItsReason() throws IOException {
    ParsedFile r = parse(SAMPLES.resolve("orcl1_ora_9012.trc"));
    assertThat(r.coverageProblems()).isEmpty();
    assertThat(r.events()).noneMatch(e -> e.type() == EventType.DEADLOCK);
    assertThat(r.quarantined()).hasSize(1);
    ParsedFile.Quarantined q = r.quarantined().get(0);
    assertThat(q.start()).isEqualTo(17);
    assertThat(q.end()).isEqualTo(r.outcome().linesRead());
    assertThat(q.reason()).contains("cut off by the end of the file").contains("deadlock graph");
    assertThat(q.text()).contains("TX-0005001a-00003c41");
    assertThat(r.outcome().status().id()).isEqualTo("partial");
  }

  /**
   * The 10g layout, without a SESSION ID line: the victim is the session run by this trace's Oracle
   * process, and its statement is the one "for this session".
   */
  @Test
  void tenGLayoutFindsTheVictimByItsProcessNumber() throws IOException {
    Path f = dir.resolve("orcl_ora_3028.trc");
    Files.writeString(f, String.join("\n",
        "Trace file c:\\oracle\\admin\\orcl\\udump\\orcl_ora_3028.trc",
        "Oracle process number: 16",
        "Windows thread id: 3028, image: ORACLE.EXE (SHAD)",
        "",
        "*** 2010-06-05 09:17:10.438",
        "DEADLOCK DETECTED ( ORA-00060 )",
        "[Transaction Deadlock]",
        "Deadlock graph:",
        "                       ---------Blocker(s)--------  ---------Waiter(s)---------",
        "Resource Name          process session holds waits  process session holds waits",
        "TM-0000dd55-00000000        16     146    SX   SSX       17     148    SX   SSX",
        "TM-0000dd55-00000000        17     148    SX   SSX       16     146    SX   SSX",
        "session 146: DID 0001-0010-00000008\tsession 148: DID 0001-0011-00000006",
        "session 148: DID 0001-0011-00000006\tsession 146: DID 0001-0010-00000008",
        "Rows waited on:",
        "Session 148: no row",
        "Session 146: no row",
        "Information on the OTHER waiting sessions:",
        "Session 148:",
        "  pid=17 serial=39 audsid=540046 user: 54/SCOTT",
        "  O/S info: user: SKYHOME\\sky, term: SKYHOME, ospid: 3028:7000, machine: WORKGROUP\\SKYHOME",
        "            program: plsqldev.exe",
        "  application name: PL/SQL Developer, hash value=1190136663",
        "  Current SQL Statement:",
        "  ",
        "delete t_p where id = 1",
        "End of information on OTHER waiting sessions.",
        "Current SQL statement for this session:",
        "delete t_p where id = 2",
        "===================================================",
        "PROCESS STATE",
        "-------------",
        ""));
    ParsedFile r = parse(f);
    assertThat(r.quarantined()).isEmpty();
    LogEvent e = deadlock(r);
    assertThat(e.eventTime()).hasToString("2010-06-05T09:17:10.438Z");
    assertThat(e.attributes()).containsEntry("oracle.trace_name", "orcl_ora_3028.trc");
    List<DeadlockParticipant> p = e.deadlock();
    assertThat(p).extracting(DeadlockParticipant::session).containsExactly("146", "148");
    assertThat(p.get(0).victim()).isTrue();
    assertThat(p.get(0).statement()).isEqualTo("delete t_p where id = 2");
    assertThat(p.get(0).attributes()).containsEntry("oracle.rows_waited", "no row")
        .containsEntry("oracle.object_id", "56661");
    assertThat(p.get(1).statement()).isEqualTo("delete t_p where id = 1");
    assertThat(p.get(1).user()).isEqualTo("SCOTT");
    assertThat(p.get(1).host()).isEqualTo("WORKGROUP\\SKYHOME");
    assertThat(p.get(1).attributes()).containsEntry("oracle.serial", "39")
        .containsEntry("oracle.program", "plsqldev.exe")
        .containsEntry("oracle.module", "PL/SQL Developer");
  }

  @Test
  void reportWithoutItsGraphAndReportCutBeforeTheGraphAreQuarantined() throws IOException {
    Path noGraph = dir.resolve("a_ora_1.trc");
    Files.writeString(noGraph, String.join("\n",
        "*** 2019-03-12 03:02:58.402",
        "DEADLOCK DETECTED ( ORA-00060 )",
        "[Transaction Deadlock]",
        "*** 2019-03-12 03:03:00.000",
        "kjznppl0: something else",
        ""));
    ParsedFile r = parse(noGraph);
    assertThat(r.coverageProblems()).isEmpty();
    assertThat(r.quarantined()).singleElement().satisfies(q -> {
      assertThat(q.start()).isEqualTo(1);
      assertThat(q.end()).isEqualTo(3);
      assertThat(q.reason()).isEqualTo("deadlock report without a deadlock graph");
    });
    assertThat(r.events()).singleElement().satisfies(e -> assertThat(e.lineStart()).isEqualTo(4));

    Path cut = dir.resolve("b_ora_2.trc");
    Files.writeString(cut, "*** 2019-03-12 03:02:58.402\nDEADLOCK DETECTED ( ORA-00060 )\n \n[Transaction Deadlock]\n");
    ParsedFile c = parse(cut);
    assertThat(c.quarantined()).singleElement()
        .satisfies(q -> assertThat(q.reason()).contains("before its deadlock graph"));
  }

  @Test
  void graphRowsAreReadByColumnPositionAndSerials() {
    DeadlockGraph g = new DeadlockGraph(
        "Resource Name          process session holds waits  process session holds waits");
    assertThat(g.add("TX-0018001f-0025006a       985     272     X            821    1019           S")).isTrue();
    // A blocker that also waits, and a waiter that also holds (lock conversion).
    assertThat(g.add("TM-000151a2-00000000       210      72    SX   SSX      208      24    SX   SSX")).isTrue();
    assertThat(g.add("TX-00360007-001b448f       779    2156")).isFalse();
    assertThat(g.rows()).hasSize(2);
    DeadlockGraph.Row tx = g.rows().get(0);
    assertThat(tx.blocker()).isEqualTo(new DeadlockGraph.Side("985", "272", "X", null, null));
    assertThat(tx.waiter()).isEqualTo(new DeadlockGraph.Side("821", "1019", null, "S", null));
    assertThat(g.rows().get(1).waiter()).isEqualTo(new DeadlockGraph.Side("208", "24", "SX", "SSX", null));

    DeadlockGraph serials = new DeadlockGraph("Resource Name                             process session holds "
        + "waits serial  process session holds waits serial");
    assertThat(serials.add("TX-00030013-000003CD-00000001-00000000         73     136     X        39548      74"
        + "     254           X  45859")).isTrue();
    DeadlockGraph.Row row = serials.rows().get(0);
    assertThat(row.blocker()).isEqualTo(new DeadlockGraph.Side("73", "136", "X", null, "39548"));
    assertThat(row.waiter()).isEqualTo(new DeadlockGraph.Side("74", "254", null, "X", "45859"));
    assertThat(row.lockType()).isEqualTo("TX");
  }

  @Test
  void withoutSessionIdOrProcessTheVictimIsTheSessionNotAmongTheOthers() {
    DeadlockReport r = DeadlockReport.read(List.of(
        "Deadlock graph:",
        "Resource Name          process session holds waits  process session holds waits",
        "TX-00090014-0000a2b3        24      61     X             28      72           X",
        "TX-00010015-00009c8d        28      72     X             24      61           X",
        " ",
        "----- Information for the OTHER waiting sessions -----",
        "Session 72:",
        "  current SQL:",
        "  UPDATE orders SET status='SHIPPED' WHERE order_id=1001",
        " ",
        "----- End of information for the OTHER waiting sessions -----"));
    List<DeadlockParticipant> p = r.participants(null);
    assertThat(p).filteredOn(DeadlockParticipant::victim).extracting(DeadlockParticipant::session)
        .containsExactly("61");
    assertThat(p.get(1).statement()).isEqualTo("UPDATE orders SET status='SHIPPED' WHERE order_id=1001");
    assertThat(p.get(0).waitsFor()).isEqualTo("72");
    assertThat(p.get(1).waitsFor()).isEqualTo("61");
  }
}
