package io.dblens.jobs.ingest;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.dblens.common.Tables;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shape of what one parse pass over the files produces before it is split into tables: one row
 * per event, quarantine range, file outcome or distinct fingerprint, told apart by {@code kind}. Parsing
 * once into this shape and persisting it lets every table be written from a single read of the logs.
 */
final class Staged {

  private Staged() {}

  static final String EVENT = "event";
  static final String QUARANTINE = "quarantine";
  static final String FILE = "file";
  static final String FINGERPRINT = "fingerprint";

  static final StructType LOCK = new StructType()
      .add("lock_type", StringType)
      .add("lock_mode", StringType)
      .add("locked_object", StringType)
      .add("wait_ms", DoubleType)
      .add("holders", DataTypes.createArrayType(StringType))
      .add("wait_queue", DataTypes.createArrayType(StringType));

  static final StructType PLAN = new StructType()
      .add("plan_id", StringType)
      .add("plan_format", StringType)
      .add("plan_text", StringType);

  static final StructType FINGERPRINT_SEEN = new StructType()
      .add("fingerprint_id", StringType)
      .add("engine", StringType)
      .add("normalized_text", StringType)
      .add("sample_text", StringType)
      .add("first_seen", TimestampType)
      .add("last_seen", TimestampType);

  static final StructType SCHEMA = new StructType()
      .add("kind", StringType)
      .add("file_id", StringType)
      .add("event", Tables.LOG_EVENTS.schema())
      .add("lock", LOCK)
      .add("participants", DataTypes.createArrayType(Tables.PARTICIPANT))
      .add("plan", PLAN)
      .add("calls", DataTypes.LongType)
      .add("quarantine", Tables.QUARANTINE.schema())
      .add("file", Tables.INGEST_FILES.schema())
      .add("fingerprint", FINGERPRINT_SEEN);
}
