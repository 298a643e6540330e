package io.dblens.parsers.oracle;

/** The Oracle formats dblens reads; {@link #id()} is the {@code --format} name. */
enum OracleFormat {
  /** Text alert log, pre-12.2 and 12.2+ timestamps. */
  ALERT("alert"),
  /** ADR XML alert log (log.xml). */
  ALERT_XML("alert-xml"),
  /** Trace file, with deadlock reports. */
  TRACE("trace"),
  /** DBA_HIST_SQLSTAT / V$SQLSTATS CSV export. */
  SQLSTAT("sqlstat"),
  /** DBA_HIST_SQLTEXT CSV export. */
  SQLTEXT("sqltext");

  private final String id;

  OracleFormat(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  static OracleFormat of(String id) {
    for (OracleFormat f : values()) {
      if (f.id.equalsIgnoreCase(id)) {
        return f;
      }
    }
    return null;
  }
}
