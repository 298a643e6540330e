package io.dblens.jobs.ingest;

import io.dblens.parsers.io.LogInput;

/**
 * A file found under the ingest paths.
 *
 * @param path       fully qualified URI
 * @param size       bytes on storage
 * @param modifiedAt epoch ms
 */
record SourceFile(String path, long size, long modifiedAt) {

  /**
   * The name of the directory holding the file: the instance when nothing else names one. A member at
   * the top of a tar archive ({@code logs/rs.tar.gz!rs1.log}) is held by the archive's directory; one in
   * a folder of the archive by that folder.
   */
  String parentName() {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int bang = p.lastIndexOf(LogInput.MEMBER_SEPARATOR);
    if (bang > 0 && p.indexOf('/', bang) < 0) {
      p = p.substring(0, bang);
    }
    int slash = p.lastIndexOf('/');
    if (slash <= 0) {
      return "default";
    }
    String dir = p.substring(0, slash);
    int prev = dir.lastIndexOf('/');
    String name = dir.substring(prev + 1);
    return name.isEmpty() ? "default" : name;
  }
}
