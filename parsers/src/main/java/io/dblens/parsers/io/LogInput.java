package io.dblens.parsers.io;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
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

  // ---- tar archives: each member is read as a file of its own ---------------------------------------

  /** Separates an archive's path from a member's name: {@code logs/replica.tar.gz!rs1.log}. */
  public static final String MEMBER_SEPARATOR = "!";

  private static final String[] TAR_SUFFIXES = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz",
      ".tar.zst", ".tar.lz4"};

  /**
   * A regular file inside a tar archive.
   *
   * @param name       its path inside the archive, without a leading {@code ./}
   * @param size       uncompressed bytes
   * @param modifiedAt modification time, epoch ms
   */
  public record ArchiveMember(String name, long size, long modifiedAt) {}

  /** True for names of tar archives, compressed or not ({@code .tar}, {@code .tar.gz}, {@code .tgz} ...). */
  public static boolean isTarName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : TAR_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The regular files of a tar archive (decompressed by its magic bytes), in archive order. Reading
   * stops quietly at a damaged or cut header: the members before it are listed, and one cut short is
   * found truncated when it is read. Closes {@code raw}.
   *
   * @throws IOException when not even the first header can be read (not a tar archive)
   */
  public static List<ArchiveMember> tarMembers(InputStream raw) throws IOException {
    List<ArchiveMember> members = new ArrayList<>();
    try (TarArchiveInputStream tar = tar(raw)) {
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar, members.isEmpty())) != null) {
        if (entry.isFile()) {
          members.add(new ArchiveMember(memberName(entry.getName()), entry.getSize(),
              entry.getModTime().getTime()));
        }
      }
    }
    return members;
  }

  /**
   * The bytes of one member, as stored (a compressed member stays compressed: {@link #open} handles it).
   * Closing the stream closes {@code raw}.
   *
   * @throws FileNotFoundException when the archive holds no such member
   */
  public static InputStream tarMember(InputStream raw, String name) throws IOException {
    TarArchiveInputStream tar = tar(raw);
    try {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && memberName(entry.getName()).equals(name)) {
          return tar;
        }
      }
    } catch (IOException | RuntimeException e) {
      tar.close();
      throw e;
    }
    tar.close();
    throw new FileNotFoundException("no member '" + name + "' in the archive");
  }

  private static TarArchiveInputStream tar(InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    Compression compression = Compression.sniff(buffered);
    return new TarArchiveInputStream(compression == Compression.NONE ? buffered : compression.open(buffered));
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, boolean first) throws IOException {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException e) {
      if (first) {
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
      return null;
    }
  }

  private static String memberName(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    return n;
  }
}
