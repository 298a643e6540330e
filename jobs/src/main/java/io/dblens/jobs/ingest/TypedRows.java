package io.dblens.jobs.ingest;

import io.dblens.common.TableSpec;
import io.dblens.common.Tables;
import io.dblens.parsers.DeadlockParticipant;
import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The raw tables besides {@code log_events} are views of the parsed events by type. A typed table's row is
 * made from the event's row as the parse task holds it ({@link Tables#PARSED_EVENT}: the log_events columns
 * and the details): a column of the same name is copied, from the row or from one of its struct columns
 * ({@code lock}, {@code plan}); the few others are computed here.
 */
final class TypedRows {

  /** Fills the columns a typed table does not copy. */
  private interface Computed {
    void fill(LogEvent e, Object[] event, Object[] row);
  }

  /** Whether an event gives the table a row. */
  private interface Accepts {
    boolean test(LogEvent e, Object[] event);
  }

  private static final StructType EVENTS = Tables.PARSED_EVENT;
  private static final int FILE_ID = EVENTS.fieldIndex("file_id");
  private static final int LINE_START = EVENTS.fieldIndex("line_start");
  private static final int FINGERPRINT = EVENTS.fieldIndex("fingerprint_id");
  private static final int PLAN = EVENTS.fieldIndex("plan");

  /** A typed table: which events feed it and how their rows are made. */
  static final class Typed {
    private final TableSpec table;
    private final Accepts accepts;
    private final Computed computed;
    /** Per column: the log_events column it comes from, or -1 when computed. */
    private final int[] from;
    /** Per column: the field of that struct column, or -1 for the column itself. */
    private final int[] field;
    private final DataType[] types;

    private Typed(TableSpec table, Accepts accepts, Computed computed, String... computedColumns) {
      this.table = table;
      this.accepts = accepts;
      this.computed = computed;
      StructField[] columns = table.schema().fields();
      from = new int[columns.length];
      field = new int[columns.length];
      types = new DataType[columns.length];
      List<String> made = Arrays.asList(computedColumns);
      for (int i = 0; i < columns.length; i++) {
        String name = columns[i].name();
        types[i] = columns[i].dataType();
        from[i] = -1;
        field[i] = -1;
        if (made.contains(name)) {
          continue;
        }
        if (Arrays.asList(EVENTS.fieldNames()).contains(name)) {
          from[i] = EVENTS.fieldIndex(name);
          continue;
        }
        for (int s = 0; s < EVENTS.length() && from[i] < 0; s++) {
          if (EVENTS.fields()[s].dataType() instanceof StructType struct
              && Arrays.asList(struct.fieldNames()).contains(name)) {
            from[i] = s;
            field[i] = struct.fieldIndex(name);
          }
        }
        if (from[i] < 0) {
          throw new IllegalStateException(table.name() + "." + name + " is neither a parsed-event column nor computed");
        }
      }
    }

    TableSpec table() {
      return table;
    }

    /** The event's row of this table, or null when the event gives it none. */
    Object[] row(LogEvent e, Object[] event) {
      if (!accepts.test(e, event)) {
        return null;
      }
      Object[] row = new Object[from.length];
      for (int i = 0; i < row.length; i++) {
        if (from[i] >= 0) {
          Object v = event[from[i]];
          row[i] = field[i] < 0 || v == null ? v : ((InternalRow) v).get(field[i], types[i]);
        }
      }
      computed.fill(e, event, row);
      return row;
    }
  }

  private TypedRows() {}

  private static int column(TableSpec table, String name) {
    return table.schema().fieldIndex(name);
  }

  /** Whether the event is of one of the types; the set is made once per table, not per event. */
  private static Accepts ofType(EventType first, EventType... rest) {
    Set<EventType> types = EnumSet.of(first, rest);
    return (e, event) -> types.contains(e.type());
  }

  private static final int QE_CALLS = column(Tables.QUERY_EXECUTIONS, "calls");
  private static final int QE_FAILED = column(Tables.QUERY_EXECUTIONS, "failed");
  private static final int DL_ID = column(Tables.DEADLOCK_EVENTS, "deadlock_id");
  private static final int DL_VICTIM = column(Tables.DEADLOCK_EVENTS, "victim_session");
  private static final String[] REPL_TEXTS = {"member", "from_state", "to_state", "reason"};
  private static final int[] REPL_TEXT_COLUMNS = Arrays.stream(REPL_TEXTS)
      .mapToInt(n -> column(Tables.REPLICATION_EVENTS, n)).toArray();
  private static final int REPL_TERM = column(Tables.REPLICATION_EVENTS, "term");

  /**
   * Statements with a duration, and failed statements (an error with a statement, no duration), one call
   * each unless the event says how many.
   */
  static final Typed EXECUTIONS = new Typed(Tables.QUERY_EXECUTIONS,
      (e, event) -> e.type() == EventType.QUERY || e.type() == EventType.ERROR && event[FINGERPRINT] != null,
      (e, event, row) -> {
        row[QE_CALLS] = e.calls() == null ? 1L : e.calls();
        row[QE_FAILED] = e.type() == EventType.ERROR;
      }, "calls", "failed");

  /** Every typed table, the big one first. */
  static final List<Typed> ALL = List.of(
      EXECUTIONS,
      new Typed(Tables.LOCK_EVENTS, ofType(EventType.LOCK_WAIT, EventType.LOCK_ACQUIRED),
          (e, event, row) -> { }),
      new Typed(Tables.DEADLOCK_EVENTS, ofType(EventType.DEADLOCK),
          (e, event, row) -> {
            row[DL_ID] = UTF8String.fromString(event[FILE_ID] + ":" + event[LINE_START]);
            row[DL_VICTIM] = e.deadlock().stream().filter(DeadlockParticipant::victim).findFirst()
                .map(p -> p.session() == null ? null : UTF8String.fromString(p.session())).orElse(null);
          }, "deadlock_id", "victim_session"),
      new Typed(Tables.EXECUTION_PLANS, (e, event) -> e.type() == EventType.PLAN && event[PLAN] != null,
          (e, event, row) -> { }),
      // State changes, elections and step-downs, from the repl.* attributes the parsers set.
      new Typed(Tables.REPLICATION_EVENTS, ofType(EventType.REPLICATION),
          (e, event, row) -> {
            Map<String, String> a = e.attributes() == null ? Map.of() : e.attributes();
            for (int i = 0; i < REPL_TEXTS.length; i++) {
              String v = a.get("repl." + REPL_TEXTS[i]);
              row[REPL_TEXT_COLUMNS[i]] = v == null ? null : UTF8String.fromString(v);
            }
            row[REPL_TERM] = number(a.get("repl.term"));
          }, "member", "from_state", "to_state", "term", "reason"));

  /** A whole number as written, or null. */
  private static Long number(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
