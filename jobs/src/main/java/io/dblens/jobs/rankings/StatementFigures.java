package io.dblens.jobs.rankings;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Every figure of one statement (instance, engine, fingerprint), from its duration buckets sorted by
 * database, day and bucket: daily statistics per database, statistics per day, week, month and all time
 * merged across databases, and regressions between consecutive days and weeks. Days are summed one at
 * a time as the sorted buckets pass; the sums held are those of the periods, a few hundred a year
 * whatever the number of databases (the statement's output rows are handed back together). The three
 * kinds share one row shape ({@link #SCHEMA}) so that one grouped pass gives them all; the job splits
 * them by {@code kind}.
 */
final class StatementFigures {

  static final String DAILY = "daily";
  static final String PERIOD = "period";
  static final String REGRESSION = "regression";

  /** Input columns, in this order: one row per day, database and bucket (bucket null: failed calls). */
  static final List<String> BUCKET_COLUMNS = List.of("instance", "engine", "database_name", "fingerprint_id",
      "event_date", "bucket", "n", "total", "lo", "hi", "sum_sq", "sum_log", "sum_log2");

  /** Output: the union of the three tables' columns, with {@code kind} saying which a row belongs to. */
  static final StructType SCHEMA = new StructType(new StructField[] {
      field("kind", StringType), field("instance", StringType), field("engine", StringType),
      field("fingerprint_id", StringType), field("database_name", StringType), field("period_type", StringType),
      field("period_start", DateType), field("previous_start", DateType), field("calls", LongType),
      field("errors", LongType), field("total_ms", DoubleType), field("mean_ms", DoubleType),
      field("min_ms", DoubleType), field("max_ms", DoubleType), field("stddev_ms", DoubleType),
      field("p50_ms", DoubleType), field("p95_ms", DoubleType), field("p99_ms", DoubleType),
      field("databases", DataTypes.createArrayType(StringType)), field("previous_calls", LongType),
      field("previous_mean_ms", DoubleType), field("previous_p95_ms", DoubleType),
      field("mean_change", DoubleType), field("p95_change", DoubleType), field("mean_p_value", DoubleType),
      field("p95_p_value", DoubleType), field("regressed_on", StringType)});

  /** Period kinds the rankings use, and those the regression tests compare with their predecessor. */
  static final List<String> PERIOD_TYPES = List.of("day", "week", "month", "all");

  private record PeriodKey(String type, LocalDate start) {}

  private final String instance;
  private final String engine;
  private final String fingerprint;
  private final RegressionTest test;
  private final List<Row> out = new ArrayList<>();
  private final Map<PeriodKey, Sums> periods = new HashMap<>();
  private String dayDatabase;
  private LocalDate dayDate;
  private Sums day;
  private final List<Sums> dayPeriods = new ArrayList<>(PERIOD_TYPES.size());

  private StatementFigures(String instance, String engine, String fingerprint, RegressionTest test) {
    this.instance = instance;
    this.engine = engine;
    this.fingerprint = fingerprint;
    this.test = test;
  }

  /** The figures of one statement from its bucket rows ({@link #BUCKET_COLUMNS}, sorted by database and day). */
  static Iterator<Row> of(Iterator<Row> buckets, RegressionTest test) {
    StatementFigures figures = null;
    while (buckets.hasNext()) {
      Row r = buckets.next();
      if (figures == null) {
        figures = new StatementFigures(r.getString(0), r.getString(1), r.getString(3), test);
      }
      figures.add(r);
    }
    if (figures == null) {
      return List.<Row>of().iterator();
    }
    figures.finish();
    return figures.out.iterator();
  }

  private void add(Row r) {
    String database = r.getString(2);
    LocalDate date = ((Date) r.get(4)).toLocalDate();
    if (day == null || !Objects.equals(database, dayDatabase) || !date.equals(dayDate)) {
      endDay();
      startDay(database, date);
    }
    long n = r.getLong(6);
    if (r.isNullAt(5)) {
      day.errors += n;
      dayPeriods.forEach(p -> p.errors += n);
      return;
    }
    DurationHistogram.Bin bin = new DurationHistogram.Bin(r.getInt(5), n, r.getDouble(8), r.getDouble(9));
    day.add(bin, r.getDouble(7), r.getDouble(10), r.getDouble(11), r.getDouble(12));
    for (Sums p : dayPeriods) {
      p.add(bin, r.getDouble(7), r.getDouble(10), r.getDouble(11), r.getDouble(12));
      if (database != null) {
        p.databases.add(database);
      }
    }
  }

  /** A new day of one database, and the periods it falls in, looked up once for all its buckets. */
  private void startDay(String database, LocalDate date) {
    day = new Sums();
    dayDatabase = database;
    dayDate = date;
    dayPeriods.clear();
    for (String type : PERIOD_TYPES) {
      dayPeriods.add(periods.computeIfAbsent(new PeriodKey(type, start(type, date)), k -> new Sums()));
    }
  }

  /** First day of the period of the given type holding the date (ISO weeks start on Monday); null for all. */
  static LocalDate start(String type, LocalDate date) {
    return switch (type) {
      case "day" -> date;
      case "week" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "month" -> date.withDayOfMonth(1);
      case "all" -> null;
      default -> throw new IllegalArgumentException("unknown period type " + type);
    };
  }

  private void endDay() {
    if (day == null) {
      return;
    }
    Sums s = day;
    boolean timed = s.timed();
    double[] p = timed ? DurationHistogram.percentiles(s.bins(), 0.5, 0.95, 0.99) : null;
    Double stddev = s.calls > 1
        ? Math.sqrt(Math.max(0, (s.sumSq - s.total * s.total / s.calls) / (s.calls - 1))) : null;
    out.add(row(DAILY, instance, engine, fingerprint, dayDatabase, null, Date.valueOf(dayDate), null,
        s.calls, s.errors, timed ? s.total : null, s.mean(), timed ? s.min : null, timed ? s.max : null, stddev,
        timed ? p[0] : null, timed ? p[1] : null, timed ? p[2] : null, null, null, null, null, null, null, null,
        null, null));
  }

  private void finish() {
    endDay();
    for (Map.Entry<PeriodKey, Sums> e : periods.entrySet()) {
      Sums s = e.getValue();
      // A period with failed calls only has nothing to rank.
      if (s.timed()) {
        LocalDate start = e.getKey().start();
        out.add(row(PERIOD, instance, engine, fingerprint, null, e.getKey().type(),
            start == null ? null : Date.valueOf(start), null, s.calls, s.errors, s.total, s.mean(), null, s.max,
            null, null, s.p95(), null, CollectionConverters.asScala(new ArrayList<>(s.databases)).toList(), null,
            null, null, null, null, null, null, null));
      }
    }
    regressions("day", 1);
    regressions("week", 7);
  }

  /** Each period of the type against the one just before it, when both have timed calls. */
  private void regressions(String type, int days) {
    for (Map.Entry<PeriodKey, Sums> e : periods.entrySet()) {
      if (!e.getKey().type().equals(type) || !e.getValue().timed()) {
        continue;
      }
      LocalDate start = e.getKey().start();
      Sums previous = periods.get(new PeriodKey(type, start.minusDays(days)));
      if (previous == null || !previous.timed()) {
        continue;
      }
      Sums current = e.getValue();
      RegressionTest.Period before = previous.period();
      RegressionTest.Period after = current.period();
      RegressionTest.Verdict v = test.evaluate(before, after,
          DurationHistogram.countAbove(current.bins(), before.p95Ms()));
      if (v != null && v.regressedOn() != null) {
        out.add(row(REGRESSION, instance, engine, fingerprint, null, type, Date.valueOf(start),
            Date.valueOf(start.minusDays(days)), after.calls(), null, null, after.meanMs(), null, null, null, null,
            after.p95Ms(), null, null, before.calls(), before.meanMs(), before.p95Ms(), v.meanChange(),
            v.p95Change(), v.meanPValue(), v.p95PValue(), v.regressedOn()));
      }
    }
  }

  /** Running sums over some buckets of one statement. */
  private static final class Sums {
    long calls;
    long errors;
    double total;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sumSq;
    double sumLog;
    double sumLog2;
    private final Map<Integer, DurationHistogram.Bin> bins = new HashMap<>();
    final TreeSet<String> databases = new TreeSet<>();

    void add(DurationHistogram.Bin bin, double total, double sumSq, double sumLog, double sumLog2) {
      calls += bin.count();
      this.total += total;
      min = Math.min(min, bin.lo());
      max = Math.max(max, bin.hi());
      this.sumSq += sumSq;
      this.sumLog += sumLog;
      this.sumLog2 += sumLog2;
      bins.merge(bin.bucket(), bin, (a, b) -> new DurationHistogram.Bin(a.bucket(), a.count() + b.count(),
          Math.min(a.lo(), b.lo()), Math.max(a.hi(), b.hi())));
    }

    /** Whether any call with a duration was added (only failed calls otherwise). */
    boolean timed() {
      return !bins.isEmpty();
    }

    List<DurationHistogram.Bin> bins() {
      return new ArrayList<>(bins.values());
    }

    Double mean() {
      return timed() && calls > 0 ? total / calls : null;
    }

    double p95() {
      return DurationHistogram.percentiles(bins(), 0.95)[0];
    }

    /** The summary the regression tests compare (means and variance of log durations). */
    RegressionTest.Period period() {
      double meanLog = sumLog / calls;
      double varLog = calls > 1 ? Math.max(0, (sumLog2 - sumLog * sumLog / calls) / (calls - 1)) : 0;
      return new RegressionTest.Period(calls, total / calls, p95(), meanLog, varLog);
    }
  }

  /** A row that knows its columns, so that it can be read by name outside Spark too. */
  private static Row row(Object... values) {
    return new GenericRowWithSchema(values, SCHEMA);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
  }
}
