package io.dblens.jobs.ingest;

import io.dblens.common.DblensException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The optional {@code --sources} file: which instance, engine, format, zone and log_line_prefix each
 * group of files has. CSV with a header line; columns {@code path_glob,instance,engine,format,timezone,
 * log_line_prefix}; empty cells mean "detect" or "default". The first row whose glob matches the file's
 * path wins; a glob without a leading '/' matches anywhere ({@code pg-prod-*}{@code /**} style). A prefix
 * containing commas is written in double quotes, with "" for a quote.
 */
final class SourcesFile {

  record Source(String glob, String instance, String engine, String format, String timezone, String linePrefix) {}

  private final List<Source> sources;
  private final List<PathMatcher> matchers;

  private SourcesFile(List<Source> sources) {
    this.sources = sources;
    this.matchers = new ArrayList<>();
    for (Source s : sources) {
      String glob = s.glob().startsWith("/") || s.glob().startsWith("**") ? s.glob() : "**/" + s.glob();
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
  }

  static SourcesFile empty() {
    return new SourcesFile(List.of());
  }

  static SourcesFile read(String file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw DblensException.usage("cannot read the sources file " + file, String.valueOf(e.getMessage()),
          "pass a readable CSV file with columns path_glob,instance,engine,format,timezone,log_line_prefix");
    }
    List<Source> sources = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = csv(line);
      if (cells.isEmpty() || cells.get(0).isBlank()) {
        throw DblensException.usage("sources file " + file + " line " + (i + 1) + " has no path_glob",
            "each row maps a glob of file paths to an instance", "put a glob such as pg-prod-01/** in column 1");
      }
      sources.add(new Source(cells.get(0), cell(cells, 1), cell(cells, 2), cell(cells, 3), cell(cells, 4),
          cell(cells, 5)));
    }
    return new SourcesFile(sources);
  }

  Optional<Source> match(String path) {
    String local = path.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:(//[^/]*)?", "");
    for (int i = 0; i < sources.size(); i++) {
      if (matchers.get(i).matches(Paths.get(local))) {
        return Optional.of(sources.get(i));
      }
    }
    return Optional.empty();
  }

  private static String cell(List<String> cells, int i) {
    return i < cells.size() && !cells.get(i).isBlank() ? cells.get(i) : null;
  }

  private static List<String> csv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
