package io.dblens.jobs.generate;

/** Non-statement events counted per instance in the ground truth; {@link #key} is the JSON field name. */
enum EventKind {
  ERRORS("errors"),
  DUPLICATE_KEY_ERRORS("duplicateKeyErrors"),
  STATEMENT_TIMEOUTS("statementTimeouts"),
  DEADLOCKS("deadlocks"),
  CHECKPOINT_STARTS("checkpointStarts"),
  CHECKPOINTS("checkpoints"),
  AUTOVACUUMS("autovacuums"),
  AUTOANALYZES("autoanalyzes"),
  CONNECTIONS("connections"),
  CONNECTIONS_AUTHORIZED("connectionsAuthorized"),
  DISCONNECTIONS("disconnections"),
  LOCK_WAITS("lockWaits"),
  LOCK_ACQUIRED("lockAcquired"),
  TEMP_FILES("tempFiles"),
  TEMP_FILE_BYTES("tempFileBytes"),
  BLOCKING_TREES("blockingTrees");

  final String key;

  EventKind(String key) {
    this.key = key;
  }
}
