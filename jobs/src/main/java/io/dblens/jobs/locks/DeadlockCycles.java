package io.dblens.jobs.locks;

import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.dblens.common.Tables;
import io.dblens.jobs.locks.DeadlockRows.Catalogued;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * {@code deadlock_cycles} and {@code deadlock_signatures}. Deadlocks are few (even "the same deadlock 800
 * times" is 800 rows), so each is analysed by a plain map over its row; what query_fingerprints knows of
 * the statements involved is read once and shipped with the function.
 */
final class DeadlockCycles {

  private DeadlockCycles() {}

  static Dataset<Row> cycles(Dataset<Row> deadlocks, Dataset<Row> fingerprints) {
    Dataset<Row> used = deadlocks.select(explode(col("participants.fingerprint_id")).as("fingerprint_id"))
        .where(col("fingerprint_id").isNotNull()).distinct();
    HashMap<String, Catalogued> catalogue = new HashMap<>();
    for (Row r : fingerprints.join(used, "fingerprint_id").select("fingerprint_id", "statement_type", "tables")
        .collectAsList()) {
      List<String> tables = r.isNullAt(2) ? List.of() : r.getList(2);
      catalogue.put(r.getString(0), new Catalogued(r.getString(1), tables));
    }
    return deadlocks.map(new Analyse(catalogue), Encoders.row(Tables.DEADLOCK_CYCLES.schema()));
  }

  /**
   * One row per signature. The root cause shown is the latest deadlock's: a signature fixes statements,
   * resources and modes, so its deadlocks are classified alike unless what differs is outside the
   * signature (an isolation level changed between them).
   */
  static Dataset<Row> signatures(Dataset<Row> cycles) {
    Column latest = struct(col("event_time"), col("deadlock_id"));
    return cycles.where(col("signature").isNotNull())
        .groupBy("signature", "engine")
        .agg(max_by(col("signature_text"), latest).as("signature_text"), count(lit(1)).as("deadlocks"),
            array_sort(collect_set("instance")).as("instances"), min("event_time").as("first_seen"),
            max("event_time").as("last_seen"), max_by(col("root_cause"), latest).as("root_cause"),
            max_by(col("root_cause_evidence"), latest).as("root_cause_evidence"),
            sortedUnion(col("nodes.fingerprint_id")).as("fingerprints"), sortedUnion(col("tables")).as("tables"),
            sortedUnion(col("indexes")).as("indexes"), max_by(col("deadlock_id"), latest).as("latest_deadlock_id"));
  }

  private static Column sortedUnion(Column arrays) {
    return array_sort(array_distinct(array_compact(flatten(collect_list(arrays)))));
  }

  static final class Analyse implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Catalogued> catalogue;

    Analyse(HashMap<String, Catalogued> catalogue) {
      this.catalogue = catalogue;
    }

    @Override
    public Row call(Row deadlock) {
      return DeadlockRows.cycleRow(deadlock, catalogue);
    }
  }
}
