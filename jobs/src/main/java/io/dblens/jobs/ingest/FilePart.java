package io.dblens.jobs.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one parse task reads: a whole file, or a byte span of a large one so that one big log does not
 * keep a single core busy while the others wait. The parser decides where a span really starts and ends
 * (at a line it can begin at, see {@code LogParser.partStart}); a file it cannot read in parts
 * (compressed, or a format without such lines) is read whole by its first part and the others read
 * nothing.
 *
 * @param file  the file
 * @param index 0 for the first part
 * @param start first byte offset of the span
 * @param end   byte offset where the next part's span starts ({@link Long#MAX_VALUE} for the last part)
 */
record FilePart(FileTask file, int index, long start, long end) implements Serializable {

  /**
   * Spark option: the largest span of a file one task reads (bytes; default 128 MiB), as long as there
   * are cores for the parts: a file is split into at most as many parts as the cluster runs tasks at once.
   */
  static final String PART_BYTES_OPTION = "dblens.ingest.partBytes";

  static final long DEFAULT_PART_BYTES = 128L << 20;

  /** The parts of a file: one unless it is plain on storage, big, and there are cores to share it. */
  static List<FilePart> of(FileTask file, long partBytes, int parallelism) {
    long perPart = Math.max(1, partBytes);
    long n = file.archive() != null ? 1 : Math.max(1, Math.min(parallelism, (file.size() + perPart - 1) / perPart));
    List<FilePart> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(new FilePart(file, i, file.size() * i / n, i == n - 1 ? Long.MAX_VALUE : file.size() * (i + 1) / n));
    }
    return parts;
  }

  long bytes() {
    return Math.min(end, file.size()) - start;
  }

  /** Name of the part's side-output files: the file's id, with the part's number after the first. */
  String name() {
    return index == 0 ? file.fileId() : file.fileId() + "." + index;
  }
}
