package io.dblens.parsers.postgres;

import io.dblens.parsers.FormatName;
import java.util.Locale;

/** The PostgreSQL log formats we read, by their {@code --format} names. */
enum PgFormat implements FormatName {
  STDERR, RDS, SYSLOG, LOGPLEX, CSVLOG, JSONLOG, CLOUDSQL, CNPG;

  @Override
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Formats whose entries start with a log_line_prefix (possibly inside an envelope). */
  boolean usesPrefix() {
    return this == STDERR || this == RDS || this == SYSLOG || this == LOGPLEX || this == CLOUDSQL;
  }

  static PgFormat of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "syslog2", "rsyslog" -> SYSLOG;
      case "csv" -> CSVLOG;
      case "json" -> JSONLOG;
      case "heroku" -> LOGPLEX;
      case "gcp", "cloud_sql" -> CLOUDSQL;
      case "cloudnativepg" -> CNPG;
      default -> FormatName.find(PgFormat.class, n);
    };
  }
}
