package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class DeadlockGraphExportTest {

  /** The PostgreSQL sample plus a statement with quotes, a backslash, markup and a line break. */
  private static WaitForGraph graph() {
    return Scenarios.pg(new String[][] {
        {"22015", "ShareLock", "transaction 88123", "22007", "UPDATE accounts SET note = 'say \"hi\" \\ <b>&</b>'\n WHERE id = 7"},
        {"22007", "ShareLock", "transaction 88130", "22015",
            "UPDATE accounts SET balance = balance + 5 WHERE id = 9 AND some_rather_long_column_name = 1"}});
  }

  private static List<DeadlockCycle> cycles(WaitForGraph g) {
    return new CycleFinder().find(g).cycles();
  }

  @Test
  void dotHasEveryNodeAndEdgeWithLabelsAndTheVictimMarked() {
    WaitForGraph g = graph();
    String dot = DeadlockGraphExport.toDot(g, cycles(g));
    assertThat(dot).startsWith("digraph deadlock {\n").endsWith("}\n");
    assertThat(dot.chars().filter(c -> c == '{').count()).isEqualTo(dot.chars().filter(c -> c == '}').count());
    assertThat(dot).contains("\"22015\" [label=\"victim 22015\\nUPDATE accounts SET note = 'say \\\"hi\\\" \\\\ <b>&</b>' WHERE id...\"")
        .contains("fillcolor=\"#f4cccc\"")
        .contains("\"22007\" -> \"22015\" [label=\"transaction 88130\\nwants ShareLock, held ExclusiveLock\", penwidth=2]")
        .contains("\"22015\" -> \"22007\"");
    // every quote inside a label is escaped: unescaped quotes come in pairs per line
    for (String line : dot.split("\n")) {
      assertThat(line.replace("\\\\", "").replace("\\\"", "").chars().filter(c -> c == '"').count() % 2)
          .as(line).isZero();
    }
  }

  @Test
  void dotRendersWithGraphviz(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("dot"), "Graphviz dot is not installed");
    int n = 0;
    for (WaitForGraph g : List.of(Scenarios.oracleRing("X"), graph())) {
      Path in = dir.resolve("deadlock" + n + ".dot");
      Path out = dir.resolve("deadlock" + n++ + ".svg");
      Files.writeString(in, DeadlockGraphExport.toDot(g, cycles(g)), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder("dot", "-Tsvg", "-o", out.toString(), in.toString()).redirectErrorStream(true)
          .start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(messages).isZero();
      assertThat(messages).as("dot warnings").isEmpty();
      assertThat(Files.readString(out)).contains("<svg", g.edges().get(0).resource().id().substring(0, 2));
    }
  }

  @Test
  void graphMlIsValidXmlWithNodesEdgesAndData() throws Exception {
    String xml = DeadlockGraphExport.toGraphMl(graph());
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("node").getLength()).isEqualTo(2);
    assertThat(doc.getElementsByTagName("edge").getLength()).isEqualTo(2);
    assertThat(doc.getDocumentElement().getTextContent()).contains("say \"hi\" \\ <b>&</b>", "transaction 88130");
    assertThat(xml).contains("<data key=\"node_victim\">true</data>");
  }

  @Test
  void jsonCarriesNodesAndEdges() throws Exception {
    JsonNode json = new ObjectMapper().readTree(DeadlockGraphExport.toJson(graph()));
    assertThat(json.get("engine").asText()).isEqualTo("postgresql");
    assertThat(json.get("nodes")).hasSize(2);
    assertThat(json.get("nodes").get(1).get("victim").asBoolean()).isTrue();
    JsonNode edge = json.get("edges").get(0);
    assertThat(edge.get("waiter").asText()).isEqualTo("22007");
    assertThat(edge.get("resource").asText()).isEqualTo("transaction 88130");
    assertThat(edge.get("heldMode").asText()).isEqualTo("ExclusiveLock");
  }

  @Test
  void longTextIsShortenedToOneLine() {
    assertThat(DeadlockGraphExport.shorten("a\n  b\tc", 10)).isEqualTo("a b c");
    assertThat(DeadlockGraphExport.shorten("x".repeat(100), 10)).isEqualTo("xxxxxxx...");
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
