package io.dblens.parsers.sql;

/**
 * A query shape: the normalised text and its 64-bit id (see {@link SqlFingerprinter} for how both are
 * made). Equal normalised texts always have equal ids.
 */
public record Fingerprint(long id, String normalized) {

  /** The id as 16 lower-case hex digits, zero-padded: the form stored in tables. */
  public String hexId() {
    String hex = Long.toHexString(id);
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }
}
