package io.dblens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {

  @TempDir
  Path dir;

  /** The table a first replaceWhere creates keeps statistics on the catalogue's columns only. */
  @Test
  void aTableCreatedByItsFirstWriteKeepsStatisticsOnItsChosenColumns() {
    SparkSession spark = TestSpark.get();
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    var empty = spark.createDataFrame(List.<Row>of(), Tables.LOG_EVENTS.schema());
    warehouse.replaceWhere(Tables.LOG_EVENTS, empty, "file_id = 'a'");
    warehouse.replaceWhere(Tables.LOG_EVENTS, empty, "file_id = 'b'");

    Row detail = DeltaTable.forPath(spark, warehouse.path(Tables.LOG_EVENTS)).detail().first();
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.dataSkippingStatsColumns", String.join(",", Tables.LOG_EVENTS.statsColumns()));
    assertThat(detail.<String>getList(detail.fieldIndex("partitionColumns")))
        .containsExactlyElementsOf(Tables.LOG_EVENTS.partitionColumns());
  }
}
