package io.dblens.parsers.sql;

import io.dblens.parsers.Engine;
import io.dblens.parsers.mongodb.MongoStatements;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
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
 *
 * <p>MySQL is the exception: its normalised text is pt-query-digest's fingerprint
 * ({@link PtQueryDigestRules}), because MySQL DBAs compare query classes against that tool's reports;
 * {@link #ptQueryId} gives the tool's query id for such a text. The 64-bit id stays FNV-1a for every
 * engine so that ids are made the same way across tables.
 *
 * <p>MongoDB has no SQL: its statements are operation shapes ({@code <ns> <op> <shape>}, see
 * {@link MongoStatements}), normalised by their own rules and never through the SQL scanner, which would
 * mangle JSON. Their shapes hold no literals, so redacting one is normalising it.
 */
public final class SqlFingerprinter {
  private static final Map<Engine, SqlFingerprinter> BY_ENGINE = new EnumMap<>(Engine.class);

  static {
    for (Engine engine : Engine.values()) {
      BY_ENGINE.put(engine, new SqlFingerprinter(engine));
    }
  }

  private final Dialect dialect;
  private final boolean ptQueryDigestText;
  private final boolean mongoShapes;

  private SqlFingerprinter(Engine engine) {
    this.dialect = Dialect.of(engine);
    this.ptQueryDigestText = dialect == Dialect.MYSQL;
    this.mongoShapes = engine == Engine.MONGODB;
  }

  /** The fingerprinter with the quoting, comment and parameter rules of {@code engine}. */
  public static SqlFingerprinter forEngine(Engine engine) {
    return BY_ENGINE.get(Objects.requireNonNull(engine, "engine"));
  }

  /** The normalised text and its id; never throws on malformed SQL (null is treated as empty). */
  public Fingerprint fingerprint(String sql) {
    String text = sql == null ? "" : sql;
    String normalized;
    if (mongoShapes) {
      normalized = MongoStatements.normalise(text);
    } else if (ptQueryDigestText) {
      try {
        normalized = PtQueryDigestRules.fingerprint(text);
      } catch (StackOverflowError e) {
        // pt's rules are regular expressions that recurse per character on some long texts (a long string
        // with a backslash or a double quote in it); such a statement gets the generic normalised text.
        normalized = Normaliser.normalise(dialect, text);
      }
    } else {
      normalized = Normaliser.normalise(dialect, text);
    }
    return new Fingerprint(Fnv1a64.hash(normalized), normalized);
  }

  /** The statement with string and numeric literals replaced by {@code ?}, otherwise unchanged. */
  public String redact(String sql) {
    if (sql == null) {
      return null;
    }
    return mongoShapes ? MongoStatements.normalise(sql) : Redactor.redact(dialect, sql);
  }

  /**
   * {@link #fingerprint} and {@link #redact} of the same statement, equal to calling both, for the per-event
   * path that needs both. PostgreSQL, SQL Server and Oracle statements are scanned once for the two (the
   * redactor is fed the normaliser's tokens); a MongoDB shape is normalised once, since its redacted text
   * is its normalised text. MySQL's normalised text comes from pt-query-digest's rules, not from the
   * scanner, so its two texts are made as by the two calls.
   */
  public Fingerprinted fingerprintAndRedact(String sql) {
    if (mongoShapes) {
      Fingerprint fingerprint = fingerprint(sql);
      return new Fingerprinted(fingerprint, sql == null ? null : fingerprint.normalized());
    }
    if (ptQueryDigestText) {
      return new Fingerprinted(fingerprint(sql), redact(sql));
    }
    String text = sql == null ? "" : sql;
    Redactor redactor = new Redactor(text);
    String normalized = Normaliser.normalise(dialect, text, redactor);
    return new Fingerprinted(new Fingerprint(Fnv1a64.hash(normalized), normalized),
        sql == null ? null : redactor.result());
  }

  /**
   * pt-query-digest's query id for a fingerprint text (the {@code ID 0x...} of its reports and the
   * {@code checksum} of its JSON): the MD5 of the UTF-8 text as 32 upper-case hex digits. Reports of
   * older releases (2.x) printed only the last 16 of these digits.
   */
  public static String ptQueryId(String fingerprintText) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5")
          .digest(fingerprintText.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(md5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides MD5", e);
    }
  }
}
