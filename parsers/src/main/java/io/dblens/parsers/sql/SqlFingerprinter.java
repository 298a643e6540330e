package io.dblens.parsers.sql;

import io.dblens.parsers.Engine;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fingerprints and redacts SQL text on the per-line path: a hand-written single-pass scanner, no
 * regular expressions and no SQL parser. Immutable and thread-safe; get one per engine with
 * {@link #forEngine} and share it.
 *
 * <p>The normalisation rules are listed on {@link Normaliser}; the id is described on {@link Fnv1a64}.
 * Statements that differ only in constants, IN-list lengths, VALUES row counts, comments, whitespace or
 * keyword case share a fingerprint (pg_stat_statements' equivalence, plus the list rules).
 */
public final class SqlFingerprinter {
  private static final Map<Engine, SqlFingerprinter> BY_ENGINE = new EnumMap<>(Engine.class);

  static {
    for (Engine engine : Engine.values()) {
      BY_ENGINE.put(engine, new SqlFingerprinter(Dialect.of(engine)));
    }
  }

  private final Dialect dialect;

  private SqlFingerprinter(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The fingerprinter with the quoting, comment and parameter rules of {@code engine}. */
  public static SqlFingerprinter forEngine(Engine engine) {
    return BY_ENGINE.get(Objects.requireNonNull(engine, "engine"));
  }

  /** The normalised text and its id; never throws on malformed SQL (null is treated as empty). */
  public Fingerprint fingerprint(String sql) {
    String normalized = Normaliser.normalise(dialect, sql == null ? "" : sql);
    return new Fingerprint(Fnv1a64.hash(normalized), normalized);
  }

  /** The statement with string and numeric literals replaced by {@code ?}, otherwise unchanged. */
  public String redact(String sql) {
    return sql == null ? null : Redactor.redact(dialect, sql);
  }
}
