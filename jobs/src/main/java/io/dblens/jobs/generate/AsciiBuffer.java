package io.dblens.jobs.generate;

import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer for ASCII text. Everything the generator writes is ASCII, so one char is one
 * byte and byte counts equal character counts. Newlines are counted as they are appended so that the
 * line budget can be checked without rescanning the bytes.
 */
final class AsciiBuffer {
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private byte[] bytes;
  private int length;
  private int newlines;
  private final byte[] digits = new byte[20];

  AsciiBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  int length() {
    return length;
  }

  int newlines() {
    return newlines;
  }

  byte[] array() {
    return bytes;
  }

  AsciiBuffer clear() {
    length = 0;
    newlines = 0;
    return this;
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      byte[] grown = new byte[Math.max(bytes.length * 2, length + extra)];
      System.arraycopy(bytes, 0, grown, 0, length);
      bytes = grown;
    }
  }

  /** Appends pre-encoded text whose newline count the caller already knows. */
  AsciiBuffer append(byte[] text, int newlinesInText) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, length, text.length);
    length += text.length;
    newlines += newlinesInText;
    return this;
  }

  /** Appends pre-encoded text known to hold no newline. */
  AsciiBuffer append(byte[] text) {
    return append(text, 0);
  }

  AsciiBuffer append(AsciiBuffer other) {
    ensure(other.length);
    System.arraycopy(other.bytes, 0, bytes, length, other.length);
    length += other.length;
    newlines += other.newlines;
    return this;
  }

  AsciiBuffer append(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        newlines++;
      }
      bytes[length++] = (byte) c;
    }
    return this;
  }

  AsciiBuffer append(char c) {
    ensure(1);
    if (c == '\n') {
      newlines++;
    }
    bytes[length++] = (byte) c;
    return this;
  }

  AsciiBuffer append(long value) {
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) {
      bytes[length++] = digits[--n];
    }
    return this;
  }

  /** Appends {@code value} left-padded with zeros to {@code width} digits (value must fit). */
  AsciiBuffer appendPadded(long value, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      bytes[length + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += width;
    return this;
  }

  /** Two digits, 00-99; the hot path of timestamps. */
  AsciiBuffer appendTwoDigits(int value) {
    ensure(2);
    bytes[length++] = DIGIT_PAIRS[2 * value];
    bytes[length++] = DIGIT_PAIRS[2 * value + 1];
    return this;
  }

  /** Appends {@code scaled / 10^decimals} with exactly {@code decimals} digits after the point. */
  AsciiBuffer appendFixed(long scaled, int decimals) {
    long divisor = 1;
    for (int i = 0; i < decimals; i++) {
      divisor *= 10;
    }
    append(scaled / divisor);
    if (decimals > 0) {
      append('.');
      appendPadded(scaled % divisor, decimals);
    }
    return this;
  }

  /**
   * From {@code from} to the end, turns each doubled quote inside a string ({@code ''}) into a backslash
   * escape ({@code \'}), as MySQL clients write them. Same length, so it works in place.
   */
  void backslashQuotes(int from) {
    for (int i = from + 1; i < length - 1; i++) {
      if (bytes[i] == '\'' && bytes[i + 1] == '\'') {
        bytes[i] = '\\';
        i++;
      }
    }
  }

  AsciiBuffer appendHex(long value) {
    return append(Long.toHexString(value));
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
