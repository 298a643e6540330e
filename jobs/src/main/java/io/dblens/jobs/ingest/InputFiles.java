package io.dblens.jobs.ingest;

import io.dblens.common.DblensException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files under the ingest paths, recursively, on any Hadoop file system. Hidden files and
 * directories (names starting with '.' or '_') are left out, as Spark does, and so are the
 * expected-output files that sit beside the bundled samples ({@code *.expected.*}).
 */
final class InputFiles {

  private InputFiles() {}

  static List<SourceFile> list(Configuration conf, List<String> paths) {
    List<SourceFile> files = new ArrayList<>();
    for (String p : paths) {
      Path path = new Path(p);
      try {
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
          throw DblensException.input("input path not found: " + p, "nothing exists at that path",
              "check the path; directories are searched recursively");
        }
        FileStatus status = fs.getFileStatus(path);
        if (status.isFile()) {
          files.add(new SourceFile(status.getPath().toString(), status.getLen(), status.getModificationTime()));
          continue;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (!hidden(path, f.getPath())) {
            files.add(new SourceFile(f.getPath().toString(), f.getLen(), f.getModificationTime()));
          }
        }
      } catch (IOException e) {
        throw DblensException.failure("could not list input path " + p, "check that it is readable", e);
      }
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return files;
  }

  /** True when the file or a directory between the root and it is hidden. */
  private static boolean hidden(Path root, Path file) {
    String rootText = root.toUri().getPath();
    for (Path p = file; p != null && !p.toUri().getPath().equals(rootText); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith(".") || name.startsWith("_")
          || (p == file && name.toLowerCase(Locale.ROOT).contains(".expected."))) {
        return true;
      }
    }
    return false;
  }
}
