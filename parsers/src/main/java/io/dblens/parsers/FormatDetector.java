package io.dblens.parsers;

import java.util.List;
import java.util.Optional;

/**
 * Recognises one engine's formats from the first lines of a file and makes the parser for it. One per
 * engine; the {@link ParserDispatcher} asks each in turn.
 */
public interface FormatDetector {

  Engine engine();

  /** The format names this engine accepts with {@code --format}. */
  List<String> formats();

  /**
   * Looks at the first non-empty lines of a file.
   *
   * @param sample  up to {@link ParserDispatcher#SAMPLE_LINES} lines from the start of the file
   * @param format  the format the user asked for, or null to infer it
   * @param context what else is known about the file
   * @return the chosen parser with a description of what was inferred, or empty when the lines are not
   *     in any format of this engine
   */
  Optional<Detection> detect(List<String> sample, String format, ParseContext context);

  /**
   * A format decision.
   *
   * @param engine      the engine
   * @param format      the format name, e.g. {@code stderr}, {@code csvlog}, {@code jsonlog}
   * @param inferred    what was inferred, in words, e.g. "log_line_prefix '%m [%p] '"; empty if all was given
   * @param parser      a fresh parser for this file
   */
  record Detection(Engine engine, String format, String inferred, LogParser parser) {}
}
