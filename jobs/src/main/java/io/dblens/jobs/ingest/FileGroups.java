package io.dblens.jobs.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packs the file parts of a run into parse tasks: each large part gets a task of its own, small files share
 * one so that a thousand small logs do not become a thousand tiny tasks and table files. Largest first
 * onto the lightest task, so that one big file does not start last and hold up the whole stage.
 */
final class FileGroups {

  private FileGroups() {}

  /**
   * @param files       files (parts) to read
   * @param parallelism tasks the cluster runs at once: at least this many groups when there are files enough
   * @param groupBytes  input size a group of small files grows to
   */
  static List<List<FilePart>> pack(List<FilePart> files, int parallelism, long groupBytes) {
    long total = files.stream().mapToLong(FilePart::bytes).sum();
    int groups = (int) Math.min(files.size(), Math.max(Math.max(1, parallelism), (total + groupBytes - 1) / groupBytes));
    List<List<FilePart>> out = new ArrayList<>(groups);
    long[] load = new long[groups];
    for (int i = 0; i < groups; i++) {
      out.add(new ArrayList<>());
    }
    List<FilePart> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(FilePart::bytes).reversed());
    for (FilePart f : bySize) {
      int lightest = 0;
      for (int i = 1; i < groups; i++) {
        if (load[i] < load[lightest]) {
          lightest = i;
        }
      }
      out.get(lightest).add(f);
      load[lightest] += Math.max(1, f.bytes());
    }
    return out;
  }
}
