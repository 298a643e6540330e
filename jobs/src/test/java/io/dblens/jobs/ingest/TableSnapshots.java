package io.dblens.jobs.ingest;

import io.dblens.common.TableSpec;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** The raw tables' contents as sorted text, without the columns that differ from run to run. */
final class TableSnapshots {

  static final List<TableSpec> RAW = List.of(Tables.INGEST_FILES, Tables.QUARANTINE, Tables.LOG_EVENTS,
      Tables.QUERY_EXECUTIONS, Tables.QUERY_FINGERPRINTS, Tables.LOCK_EVENTS, Tables.DEADLOCK_EVENTS,
      Tables.EXECUTION_PLANS);

  private static final Set<String> PER_RUN = Set.of("run_id", "ingested_at");

  private TableSnapshots() {}

  static Map<String, List<String>> of(Warehouse warehouse) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (TableSpec t : RAW) {
      Column[] cols = Arrays.stream(t.schema().fieldNames()).filter(c -> !PER_RUN.contains(c))
          .map(functions::col).toArray(Column[]::new);
      out.put(t.name(), warehouse.read(t).select(cols).toJSON().collectAsList().stream().sorted().toList());
    }
    return out;
  }
}
