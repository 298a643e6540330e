package io.dblens.parsers.io;

import java.util.Locale;

/** How the reading of one file ended, as recorded in the ingest ledger. */
public enum FileStatus {
  /** Every line parsed. */
  OK,
  /** Read to the end, some lines quarantined or decoded with replacement characters. */
  PARTIAL,
  /** Read stopped early (truncated archive, I/O error); what was read is kept. */
  TRUNCATED,
  /** Text, but no line was in a recognised format: everything quarantined. */
  UNRECOGNISED,
  /** Not text (binary content): nothing parsed. */
  REJECTED,
  /** No lines at all. */
  EMPTY,
  /** Already in the ledger with the same size and checksum: not read again. */
  SKIPPED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a ledger row names by its {@link #id()}. */
  public static FileStatus of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  /** True when at least part of the file was usable. */
  public boolean usable() {
    return this == OK || this == PARTIAL || this == TRUNCATED || this == EMPTY || this == SKIPPED;
  }
}
