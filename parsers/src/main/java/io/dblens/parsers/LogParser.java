package io.dblens.parsers;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Parses one file of one format. Implementations keep framing (where an entry starts) apart from
 * parsing an entry, and are created per file: they may keep per-session state while reading.
 */
public interface LogParser {

  void parse(LineSource lines, EventSink sink) throws IOException;

  /**
   * Lines a part of the file may be read from on its own: this parser carries nothing across such a
   * line, so parsing the file in parts split just before such lines gives what one pass gives. Null when
   * the format cannot be read in parts.
   */
  default Predicate<String> partStart() {
    return null;
  }
}
