package io.dblens.parsers.postgres;

/** Groups physical lines of one format into entries and hands them on; quarantines what it cannot. */
interface Framer {

  void line(long number, String text);

  /** End of input: hand on what is still pending. */
  void flush();
}
