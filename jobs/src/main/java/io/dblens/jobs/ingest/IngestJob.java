package io.dblens.jobs.ingest;

import io.dblens.common.DblensException;
import io.dblens.common.JobResult;
import io.dblens.common.JobRunner;
import io.dblens.common.ParallelWrites;
import io.dblens.common.TableFileWriter;
import io.dblens.common.TableSpec;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.common.WrittenFile;
import io.dblens.parsers.Engine;
import io.dblens.parsers.io.BoundedLineReader;
import io.dblens.parsers.io.FileStatus;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ingest}: reads log files into the raw layer. Unchanged files (same size and checksum as in the
 * ledger) are skipped. The others are read once, on the executors, a task per file or per group of
 * small files: each task writes the rows of {@code log_events} and of the typed tables ({@link TypedRows})
 * straight into data files of those tables, and hands back the files, ledger rows and statement shapes;
 * quarantine ranges go to a staging folder of the run. The driver commits each table once, replacing the
 * rows of the files read in this run and nothing else, and writes the ledger last, so a run killed
 * anywhere and started again leaves the same tables as one clean run.
 */
public final class IngestJob {

  public static final String NAME = "ingest";

  private IngestJob() {}

  /**
   * @param warehouse    the warehouse directory
   * @param paths        files or directories (searched recursively)
   * @param engine       engine of every file, or null to detect per file
   * @param format       format of every file, or null to detect
   * @param instance     instance of every file, or null (sources file, else the parent directory's name)
   * @param timezone     zone for timestamps written without one (default UTC)
   * @param linePrefix   PostgreSQL log_line_prefix, or null to infer it per file
   * @param sourcesFile  CSV mapping path globs to instance/engine/format/zone/prefix, or null
   * @param keepLiterals store statements with their literals (default: redacted)
   * @param force        re-read files even when unchanged
   * @param maxLineBytes longest line accepted; longer ones are quarantined
   */
  public record Config(
      String warehouse,
      List<String> paths,
      String engine,
      String format,
      String instance,
      String timezone,
      String linePrefix,
      String sourcesFile,
      boolean keepLiterals,
      boolean force,
      int maxLineBytes) {

    public Config {
      paths = List.copyOf(paths);
      timezone = timezone == null ? "UTC" : timezone;
      maxLineBytes = maxLineBytes <= 0 ? BoundedLineReader.DEFAULT_MAX_LINE_BYTES : maxLineBytes;
    }

    public static Config of(String warehouse, List<String> paths) {
      return new Config(warehouse, paths, null, null, null, null, null, null, false, false, 0);
    }
  }

  /**
   * @param files       files found
   * @param read        files read in this run
   * @param skipped     files unchanged since an earlier run
   * @param byStatus    files per ledger status
   * @param linesRead   lines read in this run
   * @param linesQuarantined lines quarantined in this run
   * @param events      events parsed
   * @param newFingerprints statement shapes seen for the first time
   * @param inferred    per file read: what was inferred about its format
   * @param problems    per file with a problem: status and reason
   */
  public record Result(
      long files,
      long read,
      long skipped,
      Map<String, Long> byStatus,
      long linesRead,
      long linesQuarantined,
      long events,
      long newFingerprints,
      Map<String, String> inferred,
      Map<String, String> problems) implements JobResult {

    /** True when there was input but not one file could be used: the command exits non-zero. */
    public boolean nothingReadable() {
      return files > 0 && byStatus.entrySet().stream()
          .noneMatch(e -> e.getValue() > 0 && FileStatus.of(e.getKey()).usable());
    }

    @Override
    public long rowsIn() {
      return linesRead;
    }

    @Override
    public long rowsOut() {
      return events + linesQuarantined;
    }

    @Override
    public String summary() {
      return String.format("%d files (%d read, %d unchanged), %d lines, %d events, %d lines quarantined, "
          + "%d new statement shapes; status %s", files, read, skipped, linesRead, events, linesQuarantined,
          newFingerprints, byStatus);
    }
  }

  /** spark-submit entry point: the same options as {@code dblens ingest}. */
  public static void main(String[] args) {
    io.dblens.jobs.cli.DblensCli.exitWith("ingest", args);
  }

  public static Result run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return JobRunner.execute(spark, warehouse, NAME, config, () -> ingest(spark, warehouse, config));
  }

  private static Result ingest(SparkSession spark, Warehouse warehouse, Config config) {
    validate(config);
    String runId = UUID.randomUUID().toString();
    var hadoopConf = spark.sparkContext().hadoopConfiguration();
    List<SourceFile> found = InputFiles.list(hadoopConf, config.paths());
    if (found.isEmpty()) {
      throw DblensException.input("no files found under " + String.join(", ", config.paths()),
          "the paths exist but hold no files (hidden files and *.expected.* are left out)",
          "point ingest at the directories that hold the log files");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConf conf = new SerializableConf(TableFileWriter.configure(spark, hadoopConf));
    List<Row> earlier = warehouse.read(Tables.INGEST_FILES).select("file_path", "checksum", "status").collectAsList();
    List<FileTask> all = tasks(config, found, earlier);
    List<FileTask> changed = jsc.parallelize(all, Math.max(1, Math.min(all.size(), jsc.defaultParallelism())))
        .map(new Checksummer(conf)).collect().stream().filter(FileTask::changed).toList();
    long skipped = all.size() - changed.size();
    if (changed.isEmpty()) {
      return result(found.size(), skipped, List.of(), 0);
    }
    SideOutputs side = new SideOutputs(warehouse.root() + "/" + STAGING + "/" + NAME);
    side.create(hadoopConf);
    try {
      String inFiles = "file_id IN (" + changed.stream().map(t -> "'" + t.fileId() + "'")
          .collect(Collectors.joining(",")) + ")";
      // The one pass over the logs: the tasks write the rows of log_events and the typed tables straight into
      // data files of those tables, which the driver then commits; nothing is cached. Ledger rows and
      // statement shapes (analysed by the task when new) come back with the list of files.
      long partBytes = Long.parseLong(
          spark.conf().get(FilePart.PART_BYTES_OPTION, String.valueOf(FilePart.DEFAULT_PART_BYTES)));
      List<FilePart> parts = changed.stream()
          .flatMap(t -> FilePart.of(t, partBytes, jsc.defaultParallelism()).stream()).toList();
      List<List<FilePart>> groups = FileGroups.pack(parts, jsc.defaultParallelism(), GROUP_BYTES);
      List<TableSpec> tables = new ArrayList<>(List.of(Tables.LOG_EVENTS));
      TypedRows.ALL.forEach(t -> tables.add(t.table()));
      Map<String, String> roots = new HashMap<>();
      tables.forEach(t -> roots.put(t.name(), warehouse.qualifiedPath(t)));
      Set<String> known = FingerprintCatalog.known(warehouse);
      List<FileIngester.Output> outputs = jsc.parallelize(groups, groups.size())
          .flatMap(List::iterator)
          .mapPartitions(new FileIngester(conf, side, runId, config.keepLiterals(), config.maxLineBytes(), roots,
              jsc.broadcast(known)))
          .collect();
      List<WrittenFile> written = outputs.stream().flatMap(o -> o.files().stream()).toList();
      // Each table gets its new files and loses the earlier rows of these files in one commit. A table that
      // exists is always checked for such rows: a killed run may have left some without a ledger row.
      Set<String> fileIds = changed.stream().map(FileTask::fileId).collect(Collectors.toSet());
      List<Runnable> writes = new ArrayList<>();
      for (TableSpec table : tables) {
        List<WrittenFile> files = written.stream().filter(f -> f.table().equals(table.name())).toList();
        if (!files.isEmpty() || warehouse.exists(table)) {
          writes.add(() -> warehouse.addFiles(table, files, fileIds, inFiles));
        }
      }
      List<Row> ledger = LedgerParts.merge(outputs.stream().flatMap(o -> o.ledger().stream()).toList());
      Set<String> inLedger = earlier.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
      boolean replacing = changed.stream().anyMatch(t -> inLedger.contains(t.path()));
      long[] analysed = new long[1];
      if (replacing || ledger.stream().anyMatch(r -> r.<Long>getAs("lines_quarantined") > 0)) {
        writes.add(() -> warehouse.replaceWhere(Tables.QUARANTINE,
            side.read(spark, SideOutputs.QUARANTINE, Tables.QUARANTINE.schema()).coalesce(1), inFiles));
      }
      List<Row> shapes = outputs.stream().flatMap(o -> o.shapes().stream()).toList();
      writes.add(() -> analysed[0] = FingerprintCatalog.merge(warehouse, shapes, known));
      ParallelWrites.run(writes);
      // The ledger goes last: a file is only marked as ingested once all its rows are in.
      warehouse.writeRows(Tables.INGEST_FILES, ledger, fileIds, inFiles);
      return result(found.size(), skipped, ledger, analysed[0]);
    } finally {
      side.delete(hadoopConf);
    }
  }

  /**
   * Folder under the warehouse where a run keeps the quarantine ranges its parse tasks hand over; removed
   * at the end, and at the start of the next run if a killed run left it behind (one ingest at a time per
   * warehouse).
   */
  static final String STAGING = "_staging";

  /** Input bytes one parse task takes on when there are many small files. */
  static final long GROUP_BYTES = 64L << 20;

  private static void validate(Config config) {
    if (config.paths().isEmpty()) {
      throw DblensException.usage("no input paths given", "ingest reads log files from files or directories",
          "name at least one file or directory after the options");
    }
    if (config.engine() != null) {
      try {
        Engine.parse(config.engine());
      } catch (IllegalArgumentException e) {
        throw DblensException.usage("unknown engine '" + config.engine() + "'", e.getMessage(),
            "use --engine postgresql, mysql, mongodb, sqlserver or oracle, or leave it out to detect it");
      }
    }
    try {
      ZoneId.of(config.timezone());
    } catch (DateTimeException e) {
      throw DblensException.usage("unknown time zone '" + config.timezone() + "'", e.getMessage(),
          "use a region id such as Europe/Paris or an offset such as +02:00");
    }
  }

  private static List<FileTask> tasks(Config config, List<SourceFile> found, List<Row> earlier) {
    SourcesFile sources = config.sourcesFile() == null ? SourcesFile.empty() : SourcesFile.read(config.sourcesFile());
    Map<String, String> known = new HashMap<>();
    for (Row r : earlier) {
      // Files that could not be read at all are retried; usable ones are skipped when unchanged.
      String status = r.getString(2);
      if (status != null && FileStatus.of(status).usable()) {
        known.put(r.getString(0), r.getString(1));
      }
    }
    List<FileTask> tasks = new ArrayList<>();
    for (SourceFile f : found) {
      SourcesFile.Source s = sources.match(f.path()).orElse(null);
      String instance = firstNonNull(config.instance(), s == null ? null : s.instance(), f.parentName());
      tasks.add(new FileTask(f.path(), Ids.hex64(f.path()), f.size(), f.modifiedAt(), instance,
          firstNonNull(config.engine(), s == null ? null : s.engine()),
          firstNonNull(config.format(), s == null ? null : s.format()),
          firstNonNull(s == null ? null : s.timezone(), config.timezone()),
          firstNonNull(config.linePrefix(), s == null ? null : s.linePrefix()),
          known.get(f.path()), config.force(), null));
    }
    return tasks;
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static Result result(long files, long skipped, List<Row> ledger, long newFingerprints) {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    if (skipped > 0) {
      byStatus.put(FileStatus.SKIPPED.id(), skipped);
    }
    Map<String, String> inferred = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    long lines = 0;
    long quarantined = 0;
    long events = 0;
    for (Row r : ledger) {
      String status = r.getAs("status");
      String path = r.getAs("file_path");
      byStatus.merge(status, 1L, Long::sum);
      lines += r.<Long>getAs("lines_read");
      quarantined += r.<Long>getAs("lines_quarantined");
      events += r.<Long>getAs("events");
      String inf = r.getAs("inferred");
      if (inf != null && !inf.isEmpty()) {
        inferred.put(path, inf);
      }
      String error = r.getAs("error");
      if (error != null) {
        problems.put(path, status + ": " + error);
      }
    }
    return new Result(files, ledger.size(), skipped, byStatus, lines, quarantined, events, newFingerprints,
        inferred, problems);
  }
}
