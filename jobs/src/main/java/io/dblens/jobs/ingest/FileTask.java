package io.dblens.jobs.ingest;

import java.io.Serializable;

/**
 * One file to read, with everything the executor needs to know about it.
 *
 * @param path          the file's URI
 * @param fileId        stable id of the path
 * @param size          size on storage
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
}
