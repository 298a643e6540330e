package io.dblens.parsers.io;

import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than one bounded line in memory. Lines
 * longer than the limit are not returned: they are reported to the {@link Rejects} handler (with their
 * first bytes) and skipped, so one 50 MB line cannot exhaust memory. Invalid UTF-8 is replaced with
 * U+FFFD and counted. A final line without a terminator is still a line; a trailing CR is dropped.
 */
public final class BoundedLineReader implements LineSource {

  /** Told about lines the reader will not return. */
  public interface Rejects {
    void overlong(long lineNumber, long lengthBytes, String head);
  }

  /** The default limit: 4 MiB per line, far above any real statement logged on one line. */
  public static final int DEFAULT_MAX_LINE_BYTES = 4 << 20;

  private static final int HEAD_CHARS = 2000;

  private final InputStream in;
  private final int maxLineBytes;
  private final Rejects rejects;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[1024];
  private long lineNumber;
  private long bytesRead;
  private long invalidUtf8Lines;
  private long firstInvalidUtf8Line;
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  public BoundedLineReader(InputStream in, int maxLineBytes, Rejects rejects) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.rejects = rejects;
  }

  @Override
  public Line next() throws IOException {
    while (true) {
      int len = 0;
      long total = 0;
      boolean any = false;
      boolean terminated = false;
      while (!terminated) {
        if (pos >= limit) {
          if (!fill()) {
            break;
          }
        }
        any = true;
        int start = pos;
        int nl = indexOfNewline(buf, pos, limit);
        int end = nl < 0 ? limit : nl;
        int chunk = end - start;
        if (total + chunk <= maxLineBytes) {
          ensure(len + chunk);
          System.arraycopy(buf, start, line, len, chunk);
          len += chunk;
        } else if (len < maxLineBytes) {
          int keep = (int) Math.min(chunk, maxLineBytes - len);
          ensure(len + keep);
          System.arraycopy(buf, start, line, len, keep);
          len += keep;
        }
        total += chunk;
        pos = nl < 0 ? limit : nl + 1;
        terminated = nl >= 0;
      }
      if (!any) {
        return null;
      }
      lineNumber++;
      if (total > maxLineBytes) {
        rejects.overlong(lineNumber, total, decode(line, Math.min(len, HEAD_CHARS), false));
        continue;
      }
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      return new Line(lineNumber, decode(line, len, true));
    }
  }

  /** Lines read so far, including over-long ones that were not returned. */
  public long lineCount() {
    return lineNumber;
  }

  /** Byte offset (in the decompressed stream) where the next line starts. */
  public long offset() {
    return bytesRead - (limit - pos);
  }

  /**
   * Moves to the first line that starts at or after the offset without decoding what it passes, counting
   * the lines passed so that line numbers stay those of the whole file.
   */
  public void skipTo(long target) throws IOException {
    skipTo(target, null);
  }

  /**
   * As {@link #skipTo(long)}, showing the prelude the beginning of every passed line that starts with a
   * byte it wants (only those are decoded).
   */
  public void skipTo(long target, LogParser.PartPrelude prelude) throws IOException {
    int head = 0;
    boolean atLineStart = true;
    boolean wanted = false;
    while (offset() < target) {
      if (pos >= limit && !fill()) {
        break;
      }
      int nl = indexOfNewline(buf, pos, limit);
      int end = nl < 0 ? limit : nl;
      if (prelude != null) {
        if (atLineStart) {
          wanted = end > pos && prelude.wants(buf[pos]);
          head = 0;
        }
        if (wanted) {
          int keep = Math.min(end - pos, LogParser.PartPrelude.HEAD_BYTES - head);
          if (keep > 0) {
            ensure(head + keep);
            System.arraycopy(buf, pos, line, head, keep);
            head += keep;
          }
        }
        atLineStart = nl >= 0;
        if (nl >= 0 && wanted) {
          int len = head > 0 && line[head - 1] == '\r' ? head - 1 : head;
          prelude.line(new String(line, 0, len, StandardCharsets.UTF_8));
        }
      }
      if (nl < 0) {
        pos = limit;
      } else {
        pos = nl + 1;
        lineNumber++;
      }
    }
  }

  /** Decompressed bytes read so far. */
  public long bytesRead() {
    return bytesRead;
  }

  public long invalidUtf8Lines() {
    return invalidUtf8Lines;
  }

  public long firstInvalidUtf8Line() {
    return firstInvalidUtf8Line;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    bytesRead += n;
    return true;
  }

  private static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void ensure(int capacity) {
    if (capacity > line.length) {
      line = Arrays.copyOf(line, Math.max(capacity, line.length * 2));
    }
  }

  private String decode(byte[] bytes, int len, boolean count) {
    boolean ascii = true;
    for (int i = 0; i < len; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      // Latin-1 decoding of pure ASCII is a straight copy into a compact string.
      return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = strict.decode(ByteBuffer.wrap(bytes, 0, len));
      return chars.toString();
    } catch (CharacterCodingException e) {
      if (count) {
        invalidUtf8Lines++;
        if (firstInvalidUtf8Line == 0) {
          firstInvalidUtf8Line = lineNumber;
        }
      }
      return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }
  }
}
