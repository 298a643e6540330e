package io.dblens.jobs.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON document describing what was written, merged from the per-instance recorders. Durations are
 * summed as the exact thousandths printed in the log and written as decimal numbers with three places,
 * so a reader that adds up the printed values gets the same totals to the last digit.
 */
final class GroundTruth {
  static final String FILE_NAME = "ground-truth.json";
  static final int FORMAT_VERSION = 1;

  /** {@code config} is the generator's own settings record. */
  record Document(String generator, int formatVersion, Object config, Totals totals, List<Instance> instances,
      List<Shape> shapes, List<TopShape> topByTotalDuration, List<Deadlock> deadlocks,
      List<BlockingTree> blockingTrees) {}

  record Settings(int days, int instances, long lines, long seed, String startDate, String linePrefix,
      boolean deadlocks, String timeZone) {}

  record Totals(long lines, long bytes, long durationCount, BigDecimal durationTotalMs, Map<String, Long> events) {}

  record Instance(String name, List<String> files, long lines, long bytes, long durationCount,
      BigDecimal durationTotalMs, Map<String, Long> events) {}

  record Shape(String id, String name, String command, String protocol, boolean reporting, boolean multiLine,
      String template, String example, String exampleParameters, long count, BigDecimal totalDurationMs,
      Map<String, ShapeStats> perInstance) {}

  record ShapeStats(long count, BigDecimal totalDurationMs) {}

  record TopShape(int rank, String id, String name, long count, BigDecimal totalDurationMs) {}

  record Deadlock(String time, String instance, String file, String scenario, int parties, int victimPid,
      String relation, List<DeadlockParticipant> participants) {}

  record DeadlockParticipant(int pid, String statement, int waitsForPid, String lockMode, String resource,
      boolean victim) {}

  record BlockingTree(String time, String instance, String file, int headPid, String headStatement,
      long headTransaction, int depth, List<BlockedProcess> waiters) {}

  record BlockedProcess(int pid, int level, int blockedByPid, String lockMode, String resource, String statement,
      BigDecimal reportedAfterMs, BigDecimal acquiredAfterMs) {}

  private GroundTruth() {}

  static BigDecimal millis(long thousandths) {
    return BigDecimal.valueOf(thousandths, 3);
  }

  static void write(Path file, PostgresLogGenerator.Config config, LinePrefix prefix, ShapeCatalogue catalogue,
      List<InstanceTruth> instances) throws IOException {
    write(file, "dblens synthetic PostgreSQL stderr log",
        new Settings(config.days(), config.instances(), config.lines(), config.seed(), config.startDate().toString(),
            prefix.text(), config.deadlocks(), "UTC"),
        catalogue, instances, EnumSet.allOf(EventKind.class));
  }

  /**
   * @param generator  what wrote the logs, in words
   * @param settings   the generator's configuration, as a record
   * @param eventKinds the non-statement events this generator writes (the others are left out)
   */
  static void write(Path file, String generator, Object settings, ShapeCatalogue catalogue,
      List<InstanceTruth> instances, Set<EventKind> eventKinds) throws IOException {
    List<QueryShape> shapes = catalogue.all();
    long[] shapeCounts = new long[shapes.size()];
    long[] shapeMicros = new long[shapes.size()];
    long[] eventTotals = new long[EventKind.values().length];
    long lines = 0;
    long bytes = 0;
    List<Instance> instanceViews = new ArrayList<>();
    List<Deadlock> deadlocks = new ArrayList<>();
    List<BlockingTree> trees = new ArrayList<>();
    for (InstanceTruth truth : instances) {
      long count = 0;
      long micros = 0;
      for (int s = 0; s < shapes.size(); s++) {
        shapeCounts[s] += truth.shapeCounts[s];
        shapeMicros[s] += truth.shapeMicros[s];
        count += truth.shapeCounts[s];
        micros += truth.shapeMicros[s];
      }
      for (int e = 0; e < eventTotals.length; e++) {
        eventTotals[e] += truth.events[e];
      }
      lines += truth.lines;
      bytes += truth.bytes;
      instanceViews.add(new Instance(truth.name, truth.files, truth.lines, truth.bytes, count, millis(micros),
          eventMap(truth.events, eventKinds)));
      deadlocks.addAll(truth.deadlocks);
      trees.addAll(truth.blockingTrees);
    }

    List<Shape> shapeViews = new ArrayList<>();
    for (int s = 0; s < shapes.size(); s++) {
      QueryShape shape = shapes.get(s);
      Map<String, ShapeStats> perInstance = new LinkedHashMap<>();
      String example = null;
      String parameters = null;
      for (InstanceTruth truth : instances) {
        perInstance.put(truth.name, new ShapeStats(truth.shapeCounts[s], millis(truth.shapeMicros[s])));
        if (example == null && truth.examples[s] != null) {
          example = truth.examples[s];
          parameters = truth.exampleParameters[s];
        }
      }
      shapeViews.add(new Shape(shape.id, shape.name, shape.command, shape.protocol.name().toLowerCase(),
          shape.reporting, shape.multiLine, shape.template, example, parameters, shapeCounts[s],
          millis(shapeMicros[s]), perInstance));
    }

    List<Shape> ranked = new ArrayList<>(shapeViews);
    ranked.sort(Comparator.comparing(Shape::totalDurationMs).reversed().thenComparing(Shape::id));
    List<TopShape> top = new ArrayList<>();
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      Shape shape = ranked.get(i);
      top.add(new TopShape(i + 1, shape.id(), shape.name(), shape.count(), shape.totalDurationMs()));
    }

    long totalCount = 0;
    long totalMicros = 0;
    for (int s = 0; s < shapes.size(); s++) {
      totalCount += shapeCounts[s];
      totalMicros += shapeMicros[s];
    }
    Document document = new Document(generator, FORMAT_VERSION, settings,
        new Totals(lines, bytes, totalCount, millis(totalMicros), eventMap(eventTotals, eventKinds)),
        instanceViews, shapeViews, top, deadlocks, trees);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
  }

  private static Map<String, Long> eventMap(long[] counts, Set<EventKind> kinds) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (EventKind kind : kinds) {
      map.put(kind.key, counts[kind.ordinal()]);
    }
    return map;
  }
}
