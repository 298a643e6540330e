package io.dblens.parsers;

import java.io.IOException;

/** A forward-only stream of lines. Lines the reader itself rejects (over-long ones) never appear here. */
public interface LineSource {

  /** The next line, or null at the end of the input. */
  Line next() throws IOException;
}
