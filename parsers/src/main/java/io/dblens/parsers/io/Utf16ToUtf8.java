package io.dblens.parsers.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a UTF-16 byte stream (its byte-order mark already skipped) as UTF-8, so that the line
 * reader, which splits bytes on '\n', reads SQL Server's UTF-16 files like any other log. Unpaired
 * surrogates become U+FFFD.
 */
final class Utf16ToUtf8 extends InputStream {

  private final Reader chars;
  private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final CharBuffer pending = CharBuffer.allocate(8192);
  private final ByteBuffer out = ByteBuffer.allocate(3 * 8192 + 16);
  private boolean eof;

  Utf16ToUtf8(InputStream in, Charset utf16) {
    this.chars = new InputStreamReader(in, utf16);
    out.flip();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!out.hasRemaining()) {
      if (eof) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, out.remaining());
    out.get(b, off, n);
    return n;
  }

  private void fill() throws IOException {
    out.clear();
    int n = chars.read(pending);
    pending.flip();
    if (n < 0) {
      eof = true;
      encoder.encode(pending, out, true);
      encoder.flush(out);
    } else {
      // A high surrogate at the end of the buffer stays in it until its partner arrives.
      encoder.encode(pending, out, false);
    }
    pending.compact();
    out.flip();
  }

  @Override
  public void close() throws IOException {
    chars.close();
  }
}
