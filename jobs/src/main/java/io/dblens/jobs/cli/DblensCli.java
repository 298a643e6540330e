package io.dblens.jobs.cli;

import io.dblens.common.DblensException;
import io.dblens.common.Sessions;
import io.dblens.common.Tables;
import io.dblens.common.Warehouse;
import io.dblens.jobs.ingest.IngestJob;
import io.dblens.jobs.locks.LockAnalysisJob;
import io.dblens.jobs.rankings.QueryRankingsJob;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code dblens} command line. Each command only turns its options into a job's {@code Config},
 * makes the session and prints the result; the work is in the jobs.
 */
@Command(name = "dblens", mixinStandardHelpOptions = true, version = "dblens 0.1.0",
    description = "Database logs to Delta tables, and the analyses a DBA needs.",
    subcommands = {DblensCli.Ingest.class, DblensCli.Analyze.class, DblensCli.RunAll.class, DblensCli.Demo.class,
        DblensCli.Sql.class, FingerprintCommand.class, GenerateCommand.class, DeadlocksCommand.class})
public final class DblensCli implements Runnable {

  /** Analysis jobs by command name, in the order {@code analyze} runs them by default. */
  static final List<String> ANALYSES = List.of(QueryRankingsJob.NAME, LockAnalysisJob.NAME);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (what {@code main} exits with). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new DblensCli());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      DblensException user = findUserError(e);
      if (user != null) {
        cmd.getErr().println(user.userMessage());
        return user.exitCode();
      }
      cmd.getErr().println("dblens: unexpected failure: " + e);
      e.printStackTrace(cmd.getErr());
      return 4;
    });
    return cli.execute(args);
  }

  private static DblensException findUserError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DblensException d) {
        return d;
      }
    }
    return null;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options shared by the commands that read or write the warehouse. */
  static final class WarehouseOption {
    @Option(names = "--warehouse", required = true, paramLabel = "DIR",
        description = "Warehouse directory holding the Delta tables (local path, hdfs://, s3a://).")
    String warehouse;
  }

  /** The ingest options, shared by {@code ingest} and {@code run}. */
  static final class IngestOptions {
    @Option(names = "--engine", description = "Engine of every file: postgresql (detected when left out).")
    String engine;
    @Option(names = "--format", description = "Format of every file, e.g. stderr, csvlog, jsonlog, syslog "
        + "(detected when left out).")
    String format;
    @Option(names = "--instance", description = "Instance name of every file (default: from --sources, "
        + "else the name of the file's directory).")
    String instance;
    @Option(names = "--timezone", defaultValue = "UTC",
        description = "Zone of timestamps written without one (default: ${DEFAULT-VALUE}).")
    String timezone;
    @Option(names = "--log-line-prefix", paramLabel = "P",
        description = "PostgreSQL log_line_prefix of every file (inferred from the file when left out).")
    String linePrefix;
    @Option(names = "--sources", paramLabel = "FILE", description = "CSV: path_glob,instance,engine,format,"
        + "timezone,log_line_prefix, one row per group of files.")
    String sources;
    @Option(names = "--keep-literals", description = "Store statements with their literal values "
        + "(default: literals are replaced by '?').")
    boolean keepLiterals;
    @Option(names = "--force", description = "Read files again even when unchanged since the last run.")
    boolean force;
    @Option(names = "--max-line-bytes", defaultValue = "0", paramLabel = "N",
        description = "Longest line accepted; longer lines are quarantined (default 4 MiB).")
    int maxLineBytes;
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or directories (recursive); "
        + ".gz .bz2 .xz .zst .lz4 are read as they are.")
    List<String> paths = new ArrayList<>();

    IngestJob.Config config(String warehouse) {
      return new IngestJob.Config(warehouse, paths, engine, format, instance, timezone, linePrefix, sources,
          keepLiterals, force, maxLineBytes);
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = "Parse log files into the raw tables (incremental: unchanged files are skipped).")
  static final class Ingest implements Callable<Integer> {
    @Mixin WarehouseOption w;
    @Mixin IngestOptions i;

    @Override
    public Integer call() {
      SparkSession spark = Sessions.getOrCreate("dblens ingest");
      return report(System.out, IngestJob.run(spark, i.config(w.warehouse)));
    }
  }

  @Command(name = "analyze", mixinStandardHelpOptions = true,
      description = "Run analysis jobs on the raw tables (default: all of them).")
  static final class Analyze implements Callable<Integer> {
    @Mixin WarehouseOption w;
    @Parameters(paramLabel = "JOB", arity = "0..*", description = "Jobs to run: ${COMPLETION-CANDIDATES}.",
        completionCandidates = AnalysisNames.class)
    List<String> jobs = new ArrayList<>();

    @Override
    public Integer call() {
      SparkSession spark = Sessions.getOrCreate("dblens analyze");
      analyze(spark, w.warehouse, jobs, System.out);
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Ingest, then run the analyses (default: all of them).")
  static final class RunAll implements Callable<Integer> {
    @Mixin WarehouseOption w;
    @Mixin IngestOptions i;
    @Option(names = "--analyses", split = ",", paramLabel = "JOB",
        description = "Analyses to run after ingest, comma-separated: ${COMPLETION-CANDIDATES} (default: all).",
        completionCandidates = AnalysisNames.class)
    List<String> analyses = new ArrayList<>();

    @Override
    public Integer call() {
      SparkSession spark = Sessions.getOrCreate("dblens run");
      return ingestThenAnalyze(spark, i.config(w.warehouse), analyses);
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Run everything on the bundled samples (data-samples/) and print the 10 worst queries.")
  static final class Demo implements Callable<Integer> {
    @Option(names = "--warehouse", defaultValue = "warehouse", paramLabel = "DIR",
        description = "Where to write the tables (default: ./${DEFAULT-VALUE}).")
    String warehouse;
    @Option(names = "--samples", paramLabel = "DIR",
        description = "Sample logs (default: data-samples/ of the dblens checkout).")
    String samples;

    @Override
    public Integer call() {
      Path dir = samples != null ? Paths.get(samples) : Paths.get(System.getProperty("dblens.home", "."),
          "data-samples");
      if (!Files.isDirectory(dir)) {
        throw DblensException.usage("sample directory not found: " + dir.toAbsolutePath(),
            "the demo reads the logs bundled in data-samples/", "run it from the dblens checkout or pass --samples");
      }
      SparkSession spark = Sessions.getOrCreate("dblens demo");
      String wh = Paths.get(warehouse).toAbsolutePath().toString();
      int code = ingestThenAnalyze(spark, IngestJob.Config.of(wh, List.of(dir.toAbsolutePath().toString())),
          List.of());
      if (code != 0) {
        return code;
      }
      Warehouse w = new Warehouse(spark, wh);
      w.registerViews();
      System.out.println();
      System.out.println("Top 10 statements by total time (all periods, every instance):");
      Dataset<Row> top = spark.sql("SELECT instance, rank_total_time AS rank, calls, total_ms, mean_ms, p95_ms, "
          + "normalized_text FROM query_rankings WHERE period_type = 'all' "
          + "ORDER BY total_ms DESC, fingerprint_id LIMIT 10");
      TablePrinter.print(System.out, top.schema(), top.collectAsList(), TablePrinter.Format.TABLE);
      System.out.println("Tables are in " + wh + "; query them with: submit-scripts/dblens sql --warehouse "
          + warehouse + " \"SELECT * FROM query_rankings LIMIT 20\"");
      return 0;
    }
  }

  @Command(name = "sql", mixinStandardHelpOptions = true,
      description = "Query the tables by name, e.g. \"SELECT * FROM query_rankings LIMIT 10\".")
  static final class Sql implements Callable<Integer> {
    @Mixin WarehouseOption w;
    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--limit", defaultValue = "1000", description = "Most rows printed (default: ${DEFAULT-VALUE}).")
    int limit;
    @Parameters(paramLabel = "QUERY", description = "Spark SQL; tables: see the README's table dictionary.")
    String query;

    @Override
    public Integer call() {
      TablePrinter.Format f;
      try {
        f = TablePrinter.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw DblensException.usage("unknown output format '" + format + "'", "sql prints table, csv or json",
            "use --format table, --format csv or --format json");
      }
      SparkSession spark = Sessions.getOrCreate("dblens sql");
      Warehouse warehouse = new Warehouse(spark, w.warehouse);
      warehouse.registerViews();
      Dataset<Row> result;
      try {
        result = spark.sql(query);
      } catch (Exception e) {
        throw DblensException.usage("the query failed: " + firstLine(e.getMessage()),
            "tables: " + String.join(", ", Tables.ALL.stream().map(t -> t.name()).toList()),
            "check the query; column names are listed in the README's table dictionary");
      }
      TablePrinter.print(System.out, result.schema(), result.limit(limit).collectAsList(), f);
      return 0;
    }
  }

  static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  /** {@code run} and {@code demo}: the analyses only run when ingest could read something. */
  static int ingestThenAnalyze(SparkSession spark, IngestJob.Config config, List<String> analyses) {
    analyses.forEach(DblensCli::checkAnalysis);
    int code = report(System.out, IngestJob.run(spark, config));
    if (code == 0) {
      analyze(spark, config.warehouse(), analyses, System.out);
    }
    return code;
  }

  /** For the job classes' {@code main}: runs {@code dblens <command> <args...>} and exits with its code. */
  public static void exitWith(String command, String[] args, String... trailing) {
    String[] all = new String[args.length + 1 + trailing.length];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    System.arraycopy(trailing, 0, all, 1 + args.length, trailing.length);
    System.exit(execute(all));
  }

  static void analyze(SparkSession spark, String warehouse, List<String> jobs, PrintStream out) {
    List<String> toRun = jobs.isEmpty() ? ANALYSES : jobs;
    toRun.forEach(DblensCli::checkAnalysis);
    for (String job : toRun) {
      if (job.equals(QueryRankingsJob.NAME)) {
        QueryRankingsJob.Result r = QueryRankingsJob.run(spark, QueryRankingsJob.Config.of(warehouse));
        out.println(job + ": " + r.summary());
      } else if (job.equals(LockAnalysisJob.NAME)) {
        out.println(job + ": " + LockAnalysisJob.run(spark, LockAnalysisJob.Config.of(warehouse)).summary());
      }
    }
  }

  /** Before any work starts, so that a misspelt name does not cost an ingest first. */
  private static void checkAnalysis(String job) {
    if (!ANALYSES.contains(job)) {
      throw DblensException.usage("unknown analysis job '" + job + "'",
          "the analyses available are " + String.join(", ", ANALYSES), "name one of them, or none to run all");
    }
  }

  static int report(PrintStream out, IngestJob.Result result) {
    out.println("ingest: " + result.summary());
    for (Map.Entry<String, String> e : result.inferred().entrySet()) {
      out.println("  inferred for " + e.getKey() + ": " + e.getValue());
    }
    for (Map.Entry<String, String> e : result.problems().entrySet()) {
      out.println("  problem in " + e.getKey() + ": " + e.getValue());
    }
    if (result.nothingReadable()) {
      System.err.println("dblens: no input file could be read (see the problems above and the quarantine "
          + "table); nothing was ingested");
      return 3;
    }
    return 0;
  }

  static final class AnalysisNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    AnalysisNames() {
      super(ANALYSES);
    }
  }

}
