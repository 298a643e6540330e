package io.dblens.jobs.generate;

/**
 * A server process as the log line prefix sees it: a client backend with user, database, application
 * and client address, or a background process (checkpointer, autovacuum worker) that has none of them.
 */
final class PgProcess {
  final int pid;
  final boolean clientSession;
  final byte[] user;
  final byte[] database;
  final byte[] application;
  final byte[] host;
  final int port;
  final boolean reporting;
  /** Epoch milliseconds of the fork; %c and the disconnection's session time derive from it. */
  final long startEpochMillis;
  private final byte[] sessionId;
  /** %l: PostgreSQL numbers every prefixed line a process writes, DETAIL and STATEMENT included. */
  long lineNumber;
  /** Between "connection received" and "connection authorized" %u and %d read "[unknown]". */
  boolean authenticated;

  private PgProcess(int pid, boolean clientSession, String user, String database, String application,
      String host, int port, boolean reporting, long startEpochMillis) {
    this.pid = pid;
    this.clientSession = clientSession;
    this.user = user == null ? null : AsciiBuffer.ascii(user);
    this.database = database == null ? null : AsciiBuffer.ascii(database);
    this.application = application == null ? null : AsciiBuffer.ascii(application);
    this.host = host == null ? null : AsciiBuffer.ascii(host);
    this.port = port;
    this.reporting = reporting;
    this.startEpochMillis = startEpochMillis;
    this.sessionId = AsciiBuffer.ascii(Long.toHexString(startEpochMillis / 1000) + "." + Integer.toHexString(pid));
    this.authenticated = true;
  }

  static PgProcess client(int pid, String user, String database, String application, String host, int port,
      boolean reporting, long startEpochMillis) {
    return new PgProcess(pid, true, user, database, application, host, port, reporting, startEpochMillis);
  }

  static PgProcess background(int pid, long startEpochMillis) {
    return new PgProcess(pid, false, null, null, null, null, 0, false, startEpochMillis);
  }

  byte[] sessionId() {
    return sessionId;
  }

  String userName() {
    return user == null ? "" : new String(user, java.nio.charset.StandardCharsets.US_ASCII);
  }

  String databaseName() {
    return database == null ? "" : new String(database, java.nio.charset.StandardCharsets.US_ASCII);
  }

  String hostName() {
    return host == null ? "" : new String(host, java.nio.charset.StandardCharsets.US_ASCII);
  }

  String applicationName() {
    return application == null ? "" : new String(application, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
