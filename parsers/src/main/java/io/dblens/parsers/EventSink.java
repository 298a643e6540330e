package io.dblens.parsers;

/**
 * Where a parser puts what it read. Every physical line a parser is given must end up inside exactly
 * one event's line range or one quarantine range; the ingest ledger checks that.
 */
public interface EventSink {

  /** Called once, before any event, when the file's engine and format are known. */
  default void begin(Engine engine, String format) {}

  void event(LogEvent event);

  /**
   * Records lines that could not be parsed.
   *
   * @param lineStart first line, 1-based
   * @param lineEnd   last line, inclusive
   * @param rawText   the text of those lines (the caller may truncate very long text)
   * @param reason    why, in words a DBA understands, e.g. "no log_line_prefix match"
   */
  void quarantine(long lineStart, long lineEnd, String rawText, String reason);
}
