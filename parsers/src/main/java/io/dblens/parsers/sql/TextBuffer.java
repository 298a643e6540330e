package io.dblens.parsers.sql;

import java.util.Arrays;

/**
 * A growable char buffer for the normaliser. StringBuilder copies ranges of a String char by char;
 * this uses String.getChars, which the JIT turns into a block copy, and the per-line path spends most
 * of its time copying identifiers.
 */
final class TextBuffer implements CharSequence {
  private char[] chars;
  private int length;

  TextBuffer(int capacity) {
    chars = new char[Math.max(16, capacity)];
  }

  void append(char c) {
    if (length == chars.length) {
      grow(1);
    }
    chars[length++] = c;
  }

  void append(String text) {
    appendRange(text, 0, text.length());
  }

  void appendRange(String text, int from, int to) {
    int count = to - from;
    if (length + count > chars.length) {
      grow(count);
    }
    text.getChars(from, to, chars, length);
    length += count;
  }

  void setLength(int newLength) {
    length = newLength;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }

  private void grow(int needed) {
    chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + needed));
  }
}
