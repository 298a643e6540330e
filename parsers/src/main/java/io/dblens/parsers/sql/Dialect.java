package io.dblens.parsers.sql;

import io.dblens.parsers.Engine;

/**
 * The lexical rules of one engine's SQL. The scanner reads only these flags, so a new dialect (or a
 * pt-query-digest compatible MySQL variant later) is a new constant here, not a new scanner.
 */
enum Dialect {
  POSTGRESQL(true, false, false, false, true, true, false, false, true, Case.LOWER, false, true),
  MYSQL(false, true, false, true, false, false, true, true, false, Case.INSENSITIVE, false, true),
  SQLSERVER(true, false, true, false, false, false, false, true, false, Case.INSENSITIVE, true, false),
  ORACLE(true, false, false, false, false, false, false, false, false, Case.UPPER, false, true),
  /** MongoDB has no SQL: its statements never reach the SQL scanner (SqlFingerprinter); ANSI rules for completeness. */
  GENERIC(true, false, false, false, false, false, false, false, false, Case.LOWER, false, true);

  /** How the engine folds unquoted identifiers; decides when quotes can be dropped without changing meaning. */
  enum Case { LOWER, UPPER, INSENSITIVE }

  final boolean doubleQuotedIdentifiers;
  final boolean backtickIdentifiers;
  final boolean bracketIdentifiers;
  final boolean backslashEscapes;
  final boolean dollarQuotes;
  final boolean dollarParams;
  final boolean hashComments;
  final boolean atParams;
  final boolean nestedBlockComments;
  final Case identifierCase;
  final boolean hashIdentifiers;
  /** PREPARE/EXECUTE name a prepared statement (PostgreSQL, MySQL); in SQL Server EXECUTE names a procedure. */
  final boolean executeNamesPreparedStatement;

  Dialect(boolean doubleQuotedIdentifiers, boolean backtickIdentifiers, boolean bracketIdentifiers,
      boolean backslashEscapes, boolean dollarQuotes, boolean dollarParams, boolean hashComments,
      boolean atParams, boolean nestedBlockComments, Case identifierCase, boolean hashIdentifiers,
      boolean executeNamesPreparedStatement) {
    this.doubleQuotedIdentifiers = doubleQuotedIdentifiers;
    this.backtickIdentifiers = backtickIdentifiers;
    this.bracketIdentifiers = bracketIdentifiers;
    this.backslashEscapes = backslashEscapes;
    this.dollarQuotes = dollarQuotes;
    this.dollarParams = dollarParams;
    this.hashComments = hashComments;
    this.atParams = atParams;
    this.nestedBlockComments = nestedBlockComments;
    this.identifierCase = identifierCase;
    this.hashIdentifiers = hashIdentifiers;
    this.executeNamesPreparedStatement = executeNamesPreparedStatement;
  }

  static Dialect of(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> POSTGRESQL;
      case MYSQL -> MYSQL;
      case SQLSERVER -> SQLSERVER;
      case ORACLE -> ORACLE;
      case MONGODB -> GENERIC;
    };
  }
}
