package io.dblens.parsers.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A log file opened for reading: decompressed by its magic bytes, with its content sniffed so that
 * binary files are recognised before any parser sees them. Text with a byte-order mark is handed on as
 * UTF-8 without the mark (SQL Server writes its ERRORLOG and saved deadlock graphs in UTF-16LE with
 * one). A read error ends the stream early; ask {@link #readFailure()} once it is read.
 *
 * @param stream      the decompressed bytes as UTF-8, buffered, positioned after any byte-order mark
 * @param compression how the file was compressed
 * @param rejection   why the content is not read as text (NUL bytes), or null for text
 * @param guard       what ended the stream early, if anything did
 */
public record LogInput(InputStream stream, Compression compression, String rejection, StopAtReadError guard) {

  /** True when the first bytes hold NUL bytes: binary content, or UTF-16 without a byte-order mark. */
  public boolean binary() {
    return rejection != null;
  }

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
    if (n >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
      in.skipNBytes(2);
      return new LogInput(utf8(new Utf16ToUtf8(in, StandardCharsets.UTF_16LE)), compression, null, guard);
    }
    if (n >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
      in.skipNBytes(2);
      return new LogInput(utf8(new Utf16ToUtf8(in, StandardCharsets.UTF_16BE)), compression, null, guard);
    }
    if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      in.skipNBytes(3);
    }
    return new LogInput(in, compression, rejection(head, n), guard);
  }

  private static BufferedInputStream utf8(InputStream in) {
    return new BufferedInputStream(in, 1 << 16);
  }

  /**
   * NUL bytes do not occur in text logs. When they fill every second byte the file is most likely
   * UTF-16 saved without its byte-order mark: said so, since guessing the byte order could garble it.
   */
  private static String rejection(byte[] head, int n) {
    int nulEven = 0;
    int nulOdd = 0;
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        if ((i & 1) == 0) {
          nulEven++;
        } else {
          nulOdd++;
        }
      }
    }
    if (nulEven + nulOdd == 0) {
      return null;
    }
    int pairs = n / 2;
    boolean everySecond = nulOdd >= pairs * 0.9 && nulEven <= pairs * 0.1
        || nulEven >= pairs * 0.9 && nulOdd <= pairs * 0.1;
    if (pairs >= 2 && everySecond) {
      return "UTF-16 text without a byte-order mark (NUL in every second byte of the first "
          + n + " bytes): save it as UTF-16 with BOM (as SQL Server writes it) or as UTF-8";
    }
    return "binary content (NUL bytes in the first " + n + " bytes); is this a log file?";
  }
}
