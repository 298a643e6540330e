package io.dblens.parsers;

import java.util.Locale;

/** The database engines dblens reads. Stored in tables by {@link #id()}. */
public enum Engine {
  POSTGRESQL,
  MYSQL,
  MONGODB,
  SQLSERVER,
  ORACLE;

  /** Computed once: it is read for every parsed event. */
  private final String id = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in tables, options and paths. */
  public String id() {
    return id;
  }

  /** Accepts the table name and common aliases (postgres, pg, mariadb, mssql, mongo). */
  public static Engine parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "postgresql", "postgres", "pg" -> { return POSTGRESQL; }
      case "mysql", "mariadb", "percona" -> { return MYSQL; }
      case "mongodb", "mongo" -> { return MONGODB; }
      case "sqlserver", "mssql" -> { return SQLSERVER; }
      case "oracle" -> { return ORACLE; }
      default -> throw new IllegalArgumentException(
          "unknown engine '" + text + "'; expected one of postgresql, mysql, mongodb, sqlserver, oracle");
    }
  }
}
