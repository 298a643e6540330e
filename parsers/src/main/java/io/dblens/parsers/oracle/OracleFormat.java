package io.dblens.parsers.oracle;

import io.dblens.parsers.FormatName;

/** The Oracle formats dblens reads; {@link #id()} is the {@code --format} name. */
enum OracleFormat implements FormatName {
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

  @Override
  public String id() {
    return id;
  }

  static OracleFormat of(String id) {
    return FormatName.find(OracleFormat.class, id);
  }
}
