package io.dblens.jobs.ingest;

import io.dblens.parsers.io.LogInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One file to read, with everything the executor needs to know about it.
 *
 * @param path          the file's URI, or {@code archive!member} for a member of a tar archive
 * @param fileId        stable id of the path
 * @param size          size on storage (a member: its size in the archive)
 * @param modifiedAt    modification time, epoch ms
 * @param instance      instance the file belongs to
 * @param engine        engine named by the user or the sources file (null to detect)
 * @param format        format named (null to detect)
 * @param timezone      zone for timestamps without one
 * @param linePrefix    PostgreSQL log_line_prefix (null to infer)
 * @param knownChecksum checksum in the ledger from an earlier run (null when never ingested)
 * @param force         re-read even when unchanged
 * @param checksum      the file's checksum now, once computed on an executor (null before)
 */
record FileTask(
    String path,
    String fileId,
    long size,
    long modifiedAt,
    String instance,
    String engine,
    String format,
    String timezone,
    String linePrefix,
    String knownChecksum,
    boolean force,
    String checksum) implements Serializable {

  FileTask withChecksum(String value) {
    return new FileTask(path, fileId, size, modifiedAt, instance, engine, format, timezone, linePrefix,
        knownChecksum, force, value);
  }

  /** False for a file already ingested with the same checksum (and no --force). */
  boolean changed() {
    return force || checksum == null || !checksum.equals(knownChecksum);
  }

  /** The archive's path, for a member of a tar archive; null for a plain file. */
  String archive() {
    for (int bang = path.indexOf(LogInput.MEMBER_SEPARATOR); bang > 0;
        bang = path.indexOf(LogInput.MEMBER_SEPARATOR, bang + 1)) {
      if (LogInput.isTarName(path.substring(0, bang))) {
        return path.substring(0, bang);
      }
    }
    return null;
  }

  /** The bytes as stored (compressed or not): the file, or the member read out of its archive. */
  InputStream open(Configuration conf) throws IOException {
    String archive = archive();
    if (archive == null) {
      Path p = new Path(path);
      return p.getFileSystem(conf).open(p);
    }
    Path p = new Path(archive);
    return LogInput.tarMember(p.getFileSystem(conf).open(p),
        path.substring(archive.length() + LogInput.MEMBER_SEPARATOR.length()));
  }
}
