package io.dblens.parsers.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends the stream at the first read error (a truncated archive, a dropped connection) instead of
 * throwing it, and keeps the error for the caller. Buffering streams above it would otherwise discard
 * the bytes they had already read when a later read in the same call fails.
 */
final class StopAtReadError extends FilterInputStream {

  private IOException failure;

  StopAtReadError(InputStream in) {
    super(in);
  }

  IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    if (failure != null) {
      return -1;
    }
    try {
      return super.read();
    } catch (IOException e) {
      failure = e;
      return -1;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      return -1;
    }
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      return -1;
    }
  }

  @Override
  public int available() throws IOException {
    return failure != null ? 0 : super.available();
  }
}
