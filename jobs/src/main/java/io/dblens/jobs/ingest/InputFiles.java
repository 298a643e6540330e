package io.dblens.jobs.ingest;

import io.dblens.common.DblensException;
import io.dblens.parsers.io.LogInput;
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
 * expected-output files that sit beside the bundled samples ({@code *.expected.*}). A tar archive
 * ({@code .tar}, {@code .tar.gz}, {@code .tgz} ...) stands for its members: each regular file in it is an
 * input of its own, named {@code archive!member}, with its own ledger row. An archive that cannot be
 * listed is an input as it is (and gets the ledger row that says why it could not be read).
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
          add(fs, status, files);
          continue;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (!hidden(path, f.getPath())) {
            add(fs, f, files);
          }
        }
      } catch (IOException e) {
        throw DblensException.failure("could not list input path " + p, "check that it is readable", e);
      }
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return files;
  }

  private static void add(FileSystem fs, FileStatus file, List<SourceFile> files) {
    String path = file.getPath().toString();
    if (LogInput.isTarName(file.getPath().getName())) {
      List<LogInput.ArchiveMember> members;
      try {
        members = LogInput.tarMembers(fs.open(file.getPath()));
      } catch (IOException notAnArchive) {
        members = List.of();
      }
      int before = files.size();
      for (LogInput.ArchiveMember m : members) {
        if (!hiddenMember(m.name())) {
          files.add(new SourceFile(path + LogInput.MEMBER_SEPARATOR + m.name(), m.size(),
              m.modifiedAt() > 0 ? m.modifiedAt() : file.getModificationTime()));
        }
      }
      if (files.size() > before) {
        return;
      }
    }
    files.add(new SourceFile(path, file.getLen(), file.getModificationTime()));
  }

  /** Members hidden as files are ({@code ._rs1.log} resource forks, {@code _SUCCESS}), and expected outputs. */
  private static boolean hiddenMember(String name) {
    for (String part : name.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return name.toLowerCase(Locale.ROOT).contains(".expected.");
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
