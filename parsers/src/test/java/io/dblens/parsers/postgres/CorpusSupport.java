package io.dblens.parsers.postgres;

import java.nio.file.Path;

/** Where the shared corpus lives, relative to the parsers module; files are run with {@code ParsedFile}. */
final class CorpusSupport {

  /** The pgBadger fixtures, relative to the parsers module (checkout at root/main, data at root/shared). */
  static final Path FIXTURES = Path.of("../../shared/data/real/pgbadger/t/fixtures");
  static final Path PGBADGER_OUT = Path.of("../../shared/data/real/pgbadger/_generated/pgbadger");
  static final Path PGANALYZE = Path.of("../../shared/data/real/pganalyze-collector/_derived/analyze_test_cases.jsonl");

  private CorpusSupport() {}
}
