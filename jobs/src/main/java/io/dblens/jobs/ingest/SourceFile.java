package io.dblens.jobs.ingest;

/**
 * A file found under the ingest paths.
 *
 * @param path       fully qualified URI
 * @param size       bytes on storage
 * @param modifiedAt epoch ms
 */
record SourceFile(String path, long size, long modifiedAt) {

  /** The name of the directory holding the file: the instance when nothing else names one. */
  String parentName() {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
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
