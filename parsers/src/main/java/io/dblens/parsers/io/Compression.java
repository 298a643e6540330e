package io.dblens.parsers.io;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/** Compression formats recognised by their magic bytes, whatever the file is called. */
public enum Compression {
  NONE,
  GZIP,
  BZIP2,
  XZ,
  ZSTD,
  LZ4;

  /** Reads the first bytes of a mark-supporting stream and resets it. */
  static Compression sniff(BufferedInputStream in) throws IOException {
    in.mark(8);
    byte[] m = new byte[6];
    int n = in.readNBytes(m, 0, m.length);
    in.reset();
    if (n >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
      return BZIP2;
    }
    if (n >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
      return XZ;
    }
    if (n >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    if (n >= 4 && (m[0] & 0xff) == 0x04 && (m[1] & 0xff) == 0x22 && (m[2] & 0xff) == 0x4d && (m[3] & 0xff) == 0x18) {
      return LZ4;
    }
    return NONE;
  }

  /** Wraps the stream in this format's decompressor (concatenated members are read through). */
  InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> new XZInputStream(in);
      case ZSTD -> new ZstdInputStream(in);
      case LZ4 -> new FramedLZ4CompressorInputStream(in, true);
    };
  }

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
