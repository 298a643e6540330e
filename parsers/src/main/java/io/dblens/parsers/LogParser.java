package io.dblens.parsers;

import java.io.IOException;

/**
 * Parses one file of one format. Implementations keep framing (where an entry starts) apart from
 * parsing an entry, and are created per file: they may keep per-session state while reading.
 */
public interface LogParser {

  void parse(LineSource lines, EventSink sink) throws IOException;
}
