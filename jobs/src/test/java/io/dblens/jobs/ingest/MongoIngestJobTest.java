package io.dblens.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.TestSpark;
import io.dblens.jobs.rankings.QueryRankingsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB logs through ingest and query-rankings: a 2.6 text log and a 6.0 JSON log of one instance,
 * and a tar.gz holding another member's election log and 3.6 text log (each member its own input). The
 * expected figures are counted by hand from the samples in {@code data-samples/mongodb}.
 */
class MongoIngestJobTest {

  static final Path SAMPLES = Path.of("../data-samples/mongodb");

  @TempDir
  static Path dir;

  static SparkSession spark;
  static Warehouse warehouse;
  static IngestJob.Result result;

  @BeforeAll
  static void ingestAndRank() throws IOException {
    spark = TestSpark.get();
    Path instance = Files.createDirectories(dir.resolve("logs/shop-db"));
    Files.copy(SAMPLES.resolve("mongod-2.6.log"), instance.resolve("mongod-2.6.log"));
    Files.copy(SAMPLES.resolve("mongod-6.0.json"), instance.resolve("mongod-6.0.json"));
    Path rs = Files.createDirectories(dir.resolve("logs/rs"));
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GZIPOutputStream(Files.newOutputStream(rs.resolve("members.tar.gz"))))) {
      for (String member : List.of("replset-election.json", "mongod-3.6.log")) {
        byte[] data = Files.readAllBytes(SAMPLES.resolve(member));
        TarArchiveEntry entry = new TarArchiveEntry(member);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
      // a resource fork as macOS tar writes them: hidden, not an input
      TarArchiveEntry fork = new TarArchiveEntry("._mongod-3.6.log");
      fork.setSize(4);
      tar.putArchiveEntry(fork);
      tar.write(new byte[] {0, 5, 22, 7});
      tar.closeArchiveEntry();
    }
    warehouse = new Warehouse(spark, dir.resolve("wh").toString());
    result = IngestJob.run(spark, IngestJob.Config.of(warehouse.root(), List.of(dir.resolve("logs").toString())));
    QueryRankingsJob.run(spark, QueryRankingsJob.Config.of(warehouse.root()));
  }

  @Test
  void everyFileAndArchiveMemberHasItsLedgerRow() {
    Map<String, Row> ledger = warehouse.read(Tables.INGEST_FILES).collectAsList().stream()
        .collect(Collectors.toMap(r -> name(r.getAs("file_path")), r -> r));
    assertThat(ledger).containsOnlyKeys("mongod-2.6.log", "mongod-6.0.json", "members.tar.gz!replset-election.json",
        "members.tar.gz!mongod-3.6.log");
    for (Row r : ledger.values()) {
      assertThat(r.<Long>getAs("lines_read")).isEqualTo(r.<Long>getAs("lines_parsed") + r.<Long>getAs("lines_quarantined"));
      assertThat(r.<String>getAs("engine")).isEqualTo("mongodb");
    }
    assertThat(ledger.values()).extracting(r -> name(r.getAs("file_path")), r -> r.getAs("status"), r -> r.getAs("format"),
        r -> r.getAs("lines_read"), r -> r.getAs("lines_quarantined"), r -> r.getAs("instance"))
        .containsExactlyInAnyOrder(
            tuple("mongod-2.6.log", "ok", "text", 11L, 0L, "shop-db"),
            tuple("mongod-6.0.json", "partial", "json", 11L, 2L, "shop-db"),
            tuple("members.tar.gz!replset-election.json", "ok", "json", 14L, 0L, "rs"),
            tuple("members.tar.gz!mongod-3.6.log", "ok", "text", 11L, 0L, "rs"));
    Row member = ledger.get("members.tar.gz!replset-election.json");
    assertThat(member.<String>getAs("file_id")).isEqualTo(Ids.hex64(member.getAs("file_path")));
    assertThat(member.<Long>getAs("file_size")).isEqualTo(2779L);
    assertThat(result.files()).isEqualTo(4);
  }

  @Test
  void rankingsCountAndTotalEachShape() {
    List<Row> all = warehouse.read(Tables.QUERY_RANKINGS).where("period_type = 'all' AND instance = 'shop-db'")
        .select("normalized_text", "calls", "total_ms").collectAsList();
    Map<String, Row> byShape = all.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
    // 2.6 log lines 4, 5 and 10: 120 + 80 + 250 ms
    assertThat(byShape.get("shop.orders query {\"qty\": {\"$gt\": 1}, \"status\": 1}"))
        .extracting(r -> r.getLong(1), r -> r.getDouble(2)).containsExactly(3L, 450.0);
    // 6.0 log lines 3 and 4: 140 + 60 ms (the getMore on line 6 is its own shape: 45 ms)
    assertThat(byShape.get("shop.orders find {\"qty\": {\"$gt\": 1}, \"status\": 1} sort {\"created\": 1}"))
        .extracting(r -> r.getLong(1), r -> r.getDouble(2)).containsExactly(2L, 200.0);
    assertThat(byShape.get("shop.orders getmore {\"qty\": {\"$gt\": 1}, \"status\": 1} sort {\"created\": 1}"))
        .extracting(r -> r.getLong(1), r -> r.getDouble(2)).containsExactly(1L, 45.0);
    // 2.6 update (150 ms) and 6.0 update (310 ms) share a shape
    assertThat(byShape.get("shop.orders update {\"_id\": 1}"))
        .extracting(r -> r.getLong(1), r -> r.getDouble(2)).containsExactly(2L, 460.0);
    // seven slow operations in the 2.6 log, four in the 6.0 log (its cut line 9 is quarantined)
    assertThat(all.stream().mapToLong(r -> r.getLong(1)).sum()).isEqualTo(7 + 4);
    Row fp = warehouse.read(Tables.QUERY_FINGERPRINTS)
        .where("normalized_text = 'shop.orders update {\"_id\": 1}'").first();
    assertThat(fp.<String>getAs("statement_type")).isEqualTo("update");
    assertThat(fp.<scala.collection.Seq<String>>getAs("tables").mkString(",")).isEqualTo("shop.orders");
  }

  @Test
  void replicationEventsComeFromTheArchivedMembers() {
    List<Row> rows = warehouse.read(Tables.REPLICATION_EVENTS).orderBy("event_time")
        .select("member", "from_state", "to_state", "term", "reason", "instance").collectAsList();
    // replset-election.json: 13 events; mongod-3.6.log: 4 state changes
    assertThat(rows).hasSize(17);
    assertThat(rows).extracting(r -> r.getString(5)).containsOnly("rs");
    assertThat(rows).extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getString(2))
        .contains(tuple("rs-b:27018", "RECOVERING", "SECONDARY"), tuple("rs-a:27017", null, "PRIMARY"),
            tuple("mongo-a:27017", null, "DOWN"), tuple("mongo-b:27018", "SECONDARY", "PRIMARY"),
            tuple("mongo-b:27018", "PRIMARY", "SECONDARY"));
    assertThat(rows).filteredOn(r -> "Election succeeded, assuming primary role".equals(r.getString(4)))
        .singleElement().satisfies(r -> assertThat(r.getLong(3)).isEqualTo(4L));
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
