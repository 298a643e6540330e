package io.dblens.parsers.sql;

/**
 * The fingerprint id: 64-bit FNV-1a over the UTF-8 bytes of the normalised text, then the MurmurHash3
 * fmix64 finalizer. Defined on bytes, not on Java chars or platform defaults, so the same text gives the
 * same id on any JVM, platform or in another language; the finalizer spreads FNV's weak low bits so the
 * id can be bucketed or truncated safely. It is an identifier, not a defence against crafted collisions.
 */
final class Fnv1a64 {
  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Fnv1a64() {}

  static long hash(CharSequence text) {
    long h = OFFSET_BASIS;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        h = (h ^ c) * PRIME;
      } else if (c < 0x800) {
        h = (h ^ (0xc0 | (c >>> 6))) * PRIME;
        h = (h ^ (0x80 | (c & 0x3f))) * PRIME;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        h = (h ^ (0xf0 | (cp >>> 18))) * PRIME;
        h = (h ^ (0x80 | ((cp >>> 12) & 0x3f))) * PRIME;
        h = (h ^ (0x80 | ((cp >>> 6) & 0x3f))) * PRIME;
        h = (h ^ (0x80 | (cp & 0x3f))) * PRIME;
      } else {
        // a lone surrogate is encoded as U+FFFD, as String.getBytes(UTF_8) does
        int cp = Character.isSurrogate(c) ? 0xfffd : c;
        h = (h ^ (0xe0 | (cp >>> 12))) * PRIME;
        h = (h ^ (0x80 | ((cp >>> 6) & 0x3f))) * PRIME;
        h = (h ^ (0x80 | (cp & 0x3f))) * PRIME;
      }
    }
    return fmix64(h);
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
