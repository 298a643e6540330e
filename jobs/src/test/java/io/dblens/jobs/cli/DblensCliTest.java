package io.dblens.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.jobs.TestSpark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, messages and exit codes. */
class DblensCliTest {

  @TempDir
  static Path dir;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void session() {
    TestSpark.get();
  }

  static synchronized Run run(String stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int code = DblensCli.execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  @Test
  void demoRunsOnTheBundledSamplesAndSqlAnswers() {
    String wh = dir.resolve("demo").toString();
    Run demo = run("", "demo", "--warehouse", wh, "--samples", "../data-samples");
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("Top 10 statements by total time").contains("| rank |")
        .contains("| pg-demo-01 |");

    Run sql = run("", "sql", "--warehouse", wh, "--format", "csv",
        "SELECT count(*) AS files, sum(lines_read) = sum(lines_parsed) + sum(lines_quarantined) AS reconciled "
            + "FROM ingest_files");
    assertThat(sql.code()).as(sql.err()).isZero();
    assertThat(sql.out().lines()).containsExactly("files,reconciled", sampleFiles() + ",true");

    Run json = run("", "sql", "--warehouse", wh, "--format", "json",
        "SELECT job, status FROM job_runs WHERE job = 'query-rankings'");
    assertThat(json.out()).contains("{\"job\":\"query-rankings\",\"status\":\"succeeded\"}");
  }

  /** The sample files the demo reads: every engine's, without the expected outputs (as ingest lists them). */
  static long sampleFiles() {
    try (Stream<Path> s = Files.walk(Path.of("../data-samples"))) {
      return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".") && !n.startsWith("_") && !n.contains(".expected.")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aBadQueryIsAUsageErrorWithTheTableNames() {
    Run r = run("", "sql", "--warehouse", dir.resolve("empty").toString(), "SELECT * FROM no_such_table");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("dblens: the query failed").contains("query_rankings").contains("what to do:");
  }

  @Test
  void nothingReadableExitsThree() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.txt"), "not a log\nat all\n");
    Run r = run("", "ingest", "--warehouse", dir.resolve("bad").toString(), garbage.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("unrecognised");
    assertThat(r.err()).contains("no input file could be read");
  }

  @Test
  void unknownEngineAndJobAreUsageErrors() {
    Run engine = run("", "ingest", "--warehouse", dir.resolve("x").toString(), "--engine", "db2", "somewhere");
    assertThat(engine.code()).isEqualTo(2);
    assertThat(engine.err()).contains("unknown engine 'db2'");
    Run job = run("", "analyze", "--warehouse", dir.resolve("x").toString(), "index-magic");
    assertThat(job.code()).isEqualTo(2);
    assertThat(job.err()).contains("unknown analysis job 'index-magic'").contains("query-rankings");
    // run checks the names before it ingests anything: no ledger is written.
    Run runJob = run("", "run", "--warehouse", dir.resolve("y").toString(), "--analyses", "query-rankings,index-magic",
        "../data-samples/postgresql");
    assertThat(runJob.code()).isEqualTo(2);
    assertThat(runJob.err()).contains("unknown analysis job 'index-magic'");
    assertThat(dir.resolve("y").resolve("ingest_files")).doesNotExist();
    Run missing = run("", "ingest", "--warehouse", dir.resolve("x").toString(), dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("input path not found");
  }

  @Test
  void fingerprintPrintsIdAndNormalisedText() {
    Run r = run("SELECT * FROM t WHERE id = 1\nselect *   from t where id = 42\n", "fingerprint", "--engine",
        "postgresql");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).isEqualTo(lines[1]).matches("[0-9a-f]{16}\tselect \\* from t where id = \\?");

    Run split = run("SELECT 'a;b'; SELECT 2;\n-- c; d\nSELECT $$x;y$$", "fingerprint", "--engine", "postgresql",
        "--statements");
    assertThat(split.out().lines()).hasSize(3);
  }

  /** The ids pt-query-digest printed for slow002.txt (its JSON output in the corpus) for the same statements. */
  @Test
  void mysqlFingerprintAddsPtQueryDigestQueryId() {
    Run r = run("UPDATE foo.bar SET biz = '91848182522';\nUPDATE db4.vab3concept1upload SET vab3concept1id = "
        + "'91848182522' WHERE vab3concept1upload='6994465'\n", "fingerprint", "--engine", "mysql", "--statements");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.out().lines().toList().get(0))
        .matches("[0-9a-f]{16}\t32F63B9B2CE5A9B1B211BA2B8D6D065C\tupdate foo\\.bar set biz = \\?");
    assertThat(r.out().lines().toList().get(1)).endsWith(
        "\tE51503DB1DA4B1FC0FFE94ABA6A2A9E8\tupdate d?va?oncept?upload set va?oncept?id = ? where va?oncept?upload=?");
  }
}
