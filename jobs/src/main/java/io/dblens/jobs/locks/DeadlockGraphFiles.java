package io.dblens.jobs.locks;

import static org.apache.spark.sql.functions.col;

import io.dblens.common.DblensException;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.locks.DeadlockRows.StoredDeadlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the graphs of {@code deadlock_cycles} as files Graphviz (DOT), yEd / Gephi (GraphML) or
 * programs (JSON) open as they are: one per deadlock, or one per signature (its latest deadlock).
 * The graphs are rebuilt from the table, so they show exactly what lock-analysis stored.
 */
public final class DeadlockGraphFiles {

  /** Output formats and their file extensions. */
  public enum Format {
    DOT("dot"), GRAPHML("graphml"), JSON("json");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    public static Format parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw DblensException.usage("unknown graph format '" + text + "'", "deadlock graphs are written as dot, "
            + "graphml or json", "use --format dot, --format graphml or --format json");
      }
    }
  }

  private DeadlockGraphFiles() {}

  /**
   * @param signature     only deadlocks whose signature starts with this (null: all)
   * @param perSignature  one file per signature, drawn from its latest deadlock, instead of one per deadlock
   * @return the files written, in deadlock time order
   */
  public static List<Path> write(Warehouse warehouse, Format format, String signature, boolean perSignature,
      Path out) {
    if (!warehouse.exists(Tables.DEADLOCK_CYCLES)) {
      throw DblensException.usage("no deadlock_cycles table in " + warehouse.root(),
          "graphs are drawn from what the lock-analysis job stored",
          "run: dblens analyze --warehouse " + warehouse.root() + " lock-analysis");
    }
    Dataset<Row> rows = warehouse.read(Tables.DEADLOCK_CYCLES);
    if (signature != null) {
      rows = rows.where(col("signature").startsWith(signature.toLowerCase(Locale.ROOT)));
    }
    List<Row> selected = rows.orderBy("event_time", "deadlock_id").collectAsList();
    if (signature != null && selected.isEmpty()) {
      throw DblensException.usage("no deadlock has a signature starting with '" + signature + "'",
          "signatures are the 16 hex digits of deadlock_signatures.signature",
          "list them with: dblens sql --warehouse " + warehouse.root()
              + " \"SELECT signature, deadlocks, root_cause FROM deadlock_signatures\"");
    }
    Map<String, StoredDeadlock> chosen = new LinkedHashMap<>();
    for (Row r : selected) {
      StoredDeadlock d = DeadlockRows.stored(r);
      String key = perSignature && d.signature() != null ? d.signature() : d.deadlockId();
      chosen.remove(key); // the latest of a signature wins, and takes its place in time order
      chosen.put(key, d);
    }
    try {
      Files.createDirectories(out);
      List<Path> written = new ArrayList<>();
      for (Map.Entry<String, StoredDeadlock> e : chosen.entrySet()) {
        StoredDeadlock d = e.getValue();
        String name = perSignature && d.signature() != null ? "signature-" + d.signature()
            : "deadlock-" + fileSafe(d.instance()) + "-" + fileSafe(d.deadlockId());
        Path file = out.resolve(name + "." + format.extension);
        Files.writeString(file, render(format, d), StandardCharsets.UTF_8);
        written.add(file);
      }
      return written;
    } catch (IOException e) {
      throw DblensException.failure("could not write deadlock graphs to " + out, "check that --out is a writable "
          + "directory", e);
    }
  }

  static String render(Format format, StoredDeadlock d) {
    return switch (format) {
      case DOT -> DeadlockGraphExport.toDot(d.graph(), d.cycles());
      case GRAPHML -> DeadlockGraphExport.toGraphMl(d.graph());
      case JSON -> DeadlockGraphExport.toJson(d.graph());
    };
  }

  /** Letters, digits, dot, dash and underscore kept; anything else (":" of deadlock ids, "/") becomes "-". */
  static String fileSafe(String text) {
    return text == null ? "unknown" : text.replaceAll("[^A-Za-z0-9._-]", "-");
  }
}
