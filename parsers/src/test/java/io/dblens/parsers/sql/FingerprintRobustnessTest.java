package io.dblens.parsers.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.Engine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Log lines are arbitrary text: fingerprint and redact must return for any input, never throw. */
class FingerprintRobustnessTest {
  private static final String[] PIECES = {
      "SELECT", "select", " ", "  ", "\n", "\t", "*", "FROM", "t", "t_2024", "WHERE", "a", "=", "-", "+", "1",
      "-1", "1.5e", "0x", "0x1F", ".", "..", "'", "''", "'x'", "\"", "\"Q\"", "`", "`b`", "[", "]", "[x]", "(",
      ")", ",", ";", ":", "::", ":=", ":n", "?", "?|", "$", "$1", "$$", "$tag$", "$a", "@", "@@", "@p1", "#",
      "##t", "--", "/*", "*/", "/", "E'", "e'\\'", "\\", "N'", "U&'", "q'[", "nq'{", "IN", "in (", "= ANY(",
      "VALUES", "values (", "), (", "ORDER BY", "GROUP BY", "SAVEPOINT", "FETCH", "ROLLBACK TO", "NULL", "IS",
      "NOT", "é", "€", "\uD83D\uDE00", "\uD800", "\u0000", "\u00a0", "{", "}", "->>", "array[", "::int[]",
  };

  @Test
  void tenThousandVariedStatementsNeverThrow() {
    SplittableRandom random = new SplittableRandom(42);
    for (Engine engine : Engine.values()) {
      SqlFingerprinter fingerprinter = SqlFingerprinter.forEngine(engine);
      for (int i = 0; i < 2_000; i++) {
        StringBuilder sql = new StringBuilder();
        int pieces = random.nextInt(40);
        for (int p = 0; p < pieces; p++) {
          sql.append(PIECES[random.nextInt(PIECES.length)]);
          if (random.nextInt(3) == 0) {
            sql.append(' ');
          }
        }
        if (random.nextInt(10) == 0) {
          sql.append((char) random.nextInt(0x10000));
        }
        Fingerprint f = fingerprinter.fingerprint(sql.toString());
        assertThat(f.hexId()).hasSize(16);
        assertThat(fingerprinter.redact(sql.toString())).isNotNull();
      }
    }
  }

  @Test
  void edgeInputs() {
    SqlFingerprinter pg = SqlFingerprinter.forEngine(Engine.POSTGRESQL);
    assertThat(pg.fingerprint("").normalized()).isEmpty();
    assertThat(pg.fingerprint(null).normalized()).isEmpty();
    assertThat(pg.fingerprint("SELECT 'never closed").normalized()).isEqualTo("select ?");
    assertThat(pg.fingerprint("SELECT 1 /* never closed").normalized()).isEqualTo("select ?");
    assertThat(pg.fingerprint("SELECT $x$ never closed").normalized()).isEqualTo("select ?");
    assertThat(pg.fingerprint("SELECT \"never closed").normalized()).isEqualTo("select \"never closed");
    assertThat(pg.fingerprint(")))((( ,,, ;;;").normalized()).isNotNull();
    SqlFingerprinter ora = SqlFingerprinter.forEngine(Engine.ORACLE);
    assertThat(ora.fingerprint("SELECT nq'").normalized()).isEqualTo("select nq ?"); // threw past the end
    assertThat(ora.redact("SELECT nq'")).isEqualTo("SELECT nq?");
    assertThat(ora.fingerprint("SELECT q'").normalized()).isEqualTo("select q ?");
  }

  @Test
  void hugeInListIsOneToken() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
    for (int i = 0; i < 200_000; i++) {
      sql.append(i == 0 ? "" : ", ").append(i);
    }
    sql.append(")");
    SqlFingerprinter pg = SqlFingerprinter.forEngine(Engine.POSTGRESQL);
    assertThat(pg.fingerprint(sql.toString()).normalized()).isEqualTo("select * from t where id in (?+)");
  }
}
