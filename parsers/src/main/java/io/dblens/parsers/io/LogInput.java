package io.dblens.parsers.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A log file opened for reading: decompressed by its magic bytes, with its content sniffed so that
 * binary files are recognised before any parser sees them. A read error ends the stream early; ask
 * {@link #readFailure()} once it is read.
 *
 * @param stream      the decompressed bytes, buffered, positioned at the start
 * @param compression how the file was compressed
 * @param binary      true when the first bytes hold NUL bytes (not text)
 * @param guard       what ended the stream early, if anything did
 */
public record LogInput(InputStream stream, Compression compression, boolean binary, StopAtReadError guard) {

  /** The error that ended the stream before its end (e.g. a truncated archive), or null. */
  public IOException readFailure() {
    return guard.failure();
  }


  private static final int SNIFF_BYTES = 8192;

  /** Opens a raw (possibly compressed) stream. The caller closes {@link #stream()}. */
  public static LogInput open(InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    Compression compression = Compression.sniff(buffered);
    StopAtReadError guard = new StopAtReadError(
        compression == Compression.NONE ? buffered : compression.open(buffered));
    BufferedInputStream in = new BufferedInputStream(guard, 1 << 16);
    in.mark(SNIFF_BYTES);
    byte[] head = new byte[SNIFF_BYTES];
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    return new LogInput(in, compression, looksBinary(head, n), guard);
  }

  /** NUL bytes do not occur in text logs; UTF-16 logs (SQL Server) start with a byte-order mark. */
  private static boolean looksBinary(byte[] head, int n) {
    if (n >= 2 && ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe
        || (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
