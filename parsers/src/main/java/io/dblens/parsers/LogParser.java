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
   * Lines a part of the file may be read from on its own: parsing the file in parts split just before
   * such lines gives what one pass gives, given what {@link #partPrelude()} learns from the lines before
   * the part. Null when the format cannot be read in parts.
   */
  default Predicate<String> partStart() {
    return null;
  }

  /**
   * For a format whose entries inherit something from earlier ones (a slow log writes {@code use db;}
   * only when the database changes): shown the lines a part passes before its start, so that this parser
   * begins the part in the state one pass would be in. Null when nothing carries over.
   */
  default PartPrelude partPrelude() {
    return null;
  }

  /** Sees the lines before a part; only those starting with a byte it wants, and only their beginning. */
  interface PartPrelude {
    /** Longest beginning of a line shown. */
    int HEAD_BYTES = 512;

    boolean wants(byte first);

    /** A passed line's first {@link #HEAD_BYTES} bytes at most, decoded (no line terminator). */
    void line(String head);

    /** A passed line already decoded: shown as {@link #line} when its first byte is wanted. */
    default void passed(String text) {
      if (!text.isEmpty() && text.charAt(0) < 0x80 && wants((byte) text.charAt(0))) {
        line(text.length() <= HEAD_BYTES ? text : text.substring(0, HEAD_BYTES));
      }
    }
  }
}
