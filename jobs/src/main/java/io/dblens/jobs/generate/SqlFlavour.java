package io.dblens.jobs.generate;

/** How a server writes a statement into its log: line breaks and the escape of a quote inside a string. */
enum SqlFlavour {
  /** A newline inside a message is followed by a TAB (stderr continuation lines); quotes are doubled. */
  POSTGRESQL,
  /** Statements are written as sent: plain newlines; client libraries escape quotes with a backslash. */
  MYSQL
}
