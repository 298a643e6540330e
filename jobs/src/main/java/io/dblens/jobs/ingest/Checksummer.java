package io.dblens.jobs.ingest;

import io.dblens.parsers.io.LogInput;
import java.io.IOException;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function;

/**
 * Runs on the executors before any file is parsed: the file's checksum, compared with the ledger's to
 * skip unchanged files. Size plus CRC-32C of the first and last MiB: cheap on huge files, and it changes
 * when a log grows. A member of a tar archive takes its archive's checksum with the member's size.
 */
final class Checksummer implements Function<FileTask, FileTask> {

  private static final long serialVersionUID = 1L;

  /** Bytes from each end of a file that go into its checksum. */
  static final int SPAN = 1 << 20;

  private final SerializableConf conf;

  Checksummer(SerializableConf conf) {
    this.conf = conf;
  }

  @Override
  public FileTask call(FileTask task) throws IOException {
    String archive = task.archive();
    Path path = new Path(archive == null ? task.path() : archive);
    FileSystem fs = path.getFileSystem(conf.get());
    if (archive == null) {
      return task.withChecksum(checksum(fs, path, task.size()));
    }
    return task.withChecksum(checksum(fs, path, fs.getFileStatus(path).getLen()) + LogInput.MEMBER_SEPARATOR
        + task.size());
  }

  static String checksum(FileSystem fs, Path path, long size) throws IOException {
    CRC32C crc = new CRC32C();
    try (FSDataInputStream in = fs.open(path)) {
      int head = (int) Math.min(size, SPAN);
      byte[] buf = new byte[head];
      in.readFully(0, buf);
      crc.update(buf);
      if (size > SPAN) {
        int tail = (int) Math.min(size - SPAN, SPAN);
        byte[] end = new byte[tail];
        in.readFully(size - tail, end);
        crc.update(end);
      }
    }
    return size + ":" + Long.toHexString(crc.getValue());
  }
}
