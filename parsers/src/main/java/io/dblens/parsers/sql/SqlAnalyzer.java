package io.dblens.parsers.sql;

import io.dblens.parsers.Engine;
import io.dblens.parsers.mongodb.MongoStatements;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Statement analysis with JSqlParser, once per distinct fingerprint (parsing costs ~0.2-1 ms, the
 * fingerprint ~1 us). Not thread-safe: use one per thread, and close it.
 *
 * <p>What is parsed: the redacted sample ({@link SqlFingerprinter#redact}), not the normalised text. The
 * sample keeps the statement's own structure (every IN element and VALUES row, original quoting, no
 * {@code in (?+)} or {@code t_?} forms that are not SQL), and its {@code ?} placeholders parse as JDBC
 * parameters. Where {@code ?} sits where JSqlParser needs a number (type sizes such as
 * {@code varchar(?)}, {@code INTERVAL ? DAY}), a second attempt replaces the placeholders with 0.
 *
 * <p>Each parse runs on this analyzer's own single thread with a time bound (default 2 s); after a
 * timeout that thread may still be busy, so it is abandoned and a fresh one is used from then on.
 * When JSqlParser fails, the result comes from {@link KeywordClassifier} with {@code parsed=false}.
 */
public final class SqlAnalyzer implements AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_ERROR_LENGTH = 200;
  private static final String PARSE_EXCEPTION_PREFIX = "net.sf.jsqlparser.parser.ParseException: ";

  private final Engine engine;
  private final Dialect dialect;
  private final long timeoutMillis;
  private ExecutorService executor;

  public SqlAnalyzer(Engine engine, Duration timeout) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.dialect = Dialect.of(engine);
    this.timeoutMillis = Math.max(1, (timeout == null ? DEFAULT_TIMEOUT : timeout).toMillis());
    this.executor = newExecutor();
  }

  public SqlAnalyzer(Engine engine) {
    this(engine, DEFAULT_TIMEOUT);
  }

  public SqlShape analyze(String sql) {
    String text = sql == null ? "" : sql;
    if (engine == Engine.MONGODB) {
      return mongo(text);
    }
    String type = KeywordClassifier.statementType(dialect, text);
    Statements statements;
    try {
      statements = parse(text);
    } catch (JSQLParserException | RuntimeException first) {
      if (isTimeout(first) || text.indexOf('?') < 0) {
        return fallback(type, text, first);
      }
      try {
        statements = parse(PlaceholderFiller.fillWithZero(dialect, text));
      } catch (JSQLParserException | RuntimeException second) {
        return fallback(type, text, first);
      }
    }
    if (statements == null || statements.isEmpty()) {
      return fallback(type, text, null);
    }
    ShapeCollector collector = new ShapeCollector();
    Set<String> tables = new TreeSet<>();
    for (Statement statement : statements) {
      collector.statement(statement);
      tables.addAll(tablesOf(statement, text));
    }
    int score = Complexity.score(collector.joins, collector.subqueries, collector.ctes, collector.setOperations,
        collector.windowFunctions, collector.predicateReferences);
    return new SqlShape(type, List.copyOf(tables), collector.joins, collector.subqueries,
        collector.predicateColumns(), Complexity.classOf(score), true, null);
  }

  /**
   * MongoDB statements are operation shapes, read by their own rules: the operation is the statement
   * type, the namespace the table, {@code $lookup} stages joins, {@code $facet}/{@code $unionWith}
   * subqueries, and the filter's fields the predicate columns.
   */
  private static SqlShape mongo(String text) {
    MongoStatements.Analysis a = MongoStatements.analyze(text);
    List<String> fields = a.fields().stream().sorted().toList();
    int score = Complexity.score(a.lookups(), a.stages(), 0, 0, 0, fields.size());
    return new SqlShape(a.op() == null ? "other" : a.op(), a.namespace() == null ? List.of() : List.of(a.namespace()),
        a.lookups(), a.stages(), fields, Complexity.classOf(score), a.op() != null,
        a.op() == null ? "not a MongoDB operation shape" : null);
  }

  private Statements parse(String text) throws JSQLParserException {
    try {
      return CCJSqlParserUtil.parseStatements(text, executor, this::configure);
    } catch (JSQLParserException e) {
      if (isTimeout(e)) {
        replaceExecutor();
      }
      throw e;
    }
  }

  private void configure(CCJSqlParser parser) {
    parser.withTimeOut(timeoutMillis);
    switch (engine) {
      case SQLSERVER -> parser.withSquareBracketQuotation(true);
      case MYSQL -> parser.withBackslashEscapeCharacter(true).withHashLineComments(true);
      case POSTGRESQL -> parser.withDollarQuotedStringTags(true);
      default -> { }
    }
  }

  private Set<String> tablesOf(Statement statement, String text) {
    try {
      Set<String> names = new TablesNamesFinder<Void>().getTables(statement);
      Set<String> tables = new TreeSet<>();
      for (String name : names) {
        tables.add(normaliseTableName(name));
      }
      return tables;
    } catch (RuntimeException unsupported) {
      // TablesNamesFinder does not support every statement (DDL, utility); the keyword scan does
      return KeywordClassifier.tables(dialect, text);
    }
  }

  private static String normaliseTableName(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("\\.")) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(KeywordClassifier.unquote(part));
    }
    return out.toString();
  }

  private SqlShape fallback(String type, String text, Exception error) {
    KeywordClassifier.Counts counts = KeywordClassifier.counts(dialect, text);
    int score = Complexity.score(counts.joins(), counts.subqueries(), 0, counts.setOperations(), 0, 0);
    return new SqlShape(type, List.copyOf(KeywordClassifier.tables(dialect, text)), counts.joins(),
        counts.subqueries(), List.of(), Complexity.classOf(score), false, shortMessage(error));
  }

  static String shortMessage(Exception error) {
    if (error == null) {
      return "no statement found";
    }
    Throwable cause = error;
    String message = error.getMessage();
    while ((message == null || message.isBlank()) && cause.getCause() != null) {
      cause = cause.getCause();
      message = cause.getMessage();
    }
    if (message == null || message.isBlank()) {
      message = error.getClass().getSimpleName();
    }
    String firstLine = message.strip().lines().findFirst().orElse("").strip();
    if (firstLine.startsWith(PARSE_EXCEPTION_PREFIX)) {
      firstLine = firstLine.substring(PARSE_EXCEPTION_PREFIX.length());
    }
    return firstLine.length() <= MAX_ERROR_LENGTH ? firstLine : firstLine.substring(0, MAX_ERROR_LENGTH - 3) + "...";
  }

  private static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private void replaceExecutor() {
    executor.shutdownNow();
    executor = newExecutor();
  }

  private static ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "dblens-sql-analyzer");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
