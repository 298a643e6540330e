package io.dblens.parsers;

import java.util.Locale;

/**
 * What a parsed log entry is. Engine-neutral: each parser maps its own messages onto these, and the
 * ingest job routes events to tables by type (every event also lands in {@code log_events}).
 */
public enum EventType {
  /** A statement with a measured duration: becomes a query execution. */
  QUERY,
  /** A statement logged without duration ({@code log_statement}). */
  STATEMENT,
  ERROR,
  LOCK_WAIT,
  LOCK_ACQUIRED,
  DEADLOCK,
  CHECKPOINT,
  AUTOVACUUM,
  AUTOANALYZE,
  CONNECTION,
  DISCONNECTION,
  TEMP_FILE,
  PLAN,
  REPLICATION,
  STARTUP,
  SHUTDOWN,
  /** Anything recognised as a well-formed entry but not of a type above. */
  MESSAGE;

  /** Computed once: it is read for every parsed event. */
  private final String id = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in tables, options and paths. */
  public String id() {
    return id;
  }
}
