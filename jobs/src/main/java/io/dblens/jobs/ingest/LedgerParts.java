package io.dblens.jobs.ingest;

import io.dblens.parsers.io.FileStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A file read in parts leaves one ledger row per part; the ledger keeps one per file. The parts' counts
 * add up (each line belongs to exactly one part), and the file's status is the worst of its parts'.
 */
final class LedgerParts {

  private static final List<String> SUMS = List.of("lines_read", "lines_parsed", "lines_quarantined", "events",
      "bytes_read");

  private LedgerParts() {}

  /** The rows with each file's parts merged into one row (in the ingest_files schema). */
  static List<Row> merge(List<Row> rows) {
    Map<String, List<Row>> byFile = new LinkedHashMap<>();
    for (Row r : rows) {
      byFile.computeIfAbsent(r.getAs("file_id"), k -> new ArrayList<>()).add(r);
    }
    List<Row> out = new ArrayList<>(byFile.size());
    for (List<Row> parts : byFile.values()) {
      out.add(parts.size() == 1 ? parts.get(0) : mergeParts(parts));
    }
    return out;
  }

  private static Row mergeParts(List<Row> parts) {
    Row first = parts.get(0);
    Object[] values = new Object[first.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = first.get(i);
    }
    for (String column : SUMS) {
      values[first.fieldIndex(column)] = parts.stream().mapToLong(r -> r.<Long>getAs(column)).sum();
    }
    Map<String, Long> byType = new TreeMap<>();
    for (Row r : parts) {
      int i = r.fieldIndex("events_by_type");
      if (!r.isNullAt(i)) {
        r.<String, Long>getJavaMap(i).forEach((type, n) -> byType.merge(type, n, Long::sum));
      }
    }
    values[first.fieldIndex("events_by_type")] = CollectionConverters.asScala(byType);
    values[first.fieldIndex("status")] = status(parts, (Long) values[first.fieldIndex("events")]).id();
    values[first.fieldIndex("error")] = parts.stream().map(r -> r.<String>getAs("error"))
        .filter(Objects::nonNull).distinct().reduce((a, b) -> a + "; " + b).orElse(null);
    return new GenericRowWithSchema(values, first.schema());
  }

  /** Only text files whose lines all parse alike are read in parts, so these are the statuses they can have. */
  private static FileStatus status(List<Row> parts, long events) {
    List<FileStatus> statuses = parts.stream()
        .map(r -> FileStatus.of(r.<String>getAs("status"))).toList();
    if (statuses.contains(FileStatus.TRUNCATED)) {
      return FileStatus.TRUNCATED;
    }
    if (statuses.stream().allMatch(s -> s == FileStatus.OK)) {
      return FileStatus.OK;
    }
    return events == 0 ? FileStatus.UNRECOGNISED : FileStatus.PARTIAL;
  }
}
