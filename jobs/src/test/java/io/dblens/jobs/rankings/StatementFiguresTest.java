package io.dblens.jobs.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One statement's figures from hand-made buckets, checked against sums done here. No Spark session. */
class StatementFiguresTest {

  static final LocalDate MONDAY = LocalDate.of(2025, 3, 3);
  static List<Row> out;

  /**
   * Database a: Monday 1, 2, 3 ms; Tuesday 10, 20, 30 ms and one failure; Wednesday two failures only.
   * Database b: Monday 4 ms.
   */
  @BeforeAll
  static void compute() {
    List<Row> in = new ArrayList<>();
    in.addAll(day("a", MONDAY, 0, 1, 2, 3));
    in.addAll(day("a", MONDAY.plusDays(1), 1, 10, 20, 30));
    in.addAll(day("a", MONDAY.plusDays(2), 2));
    in.addAll(day("b", MONDAY, 0, 4));
    List<Row> rows = new ArrayList<>();
    StatementFigures.of(in.iterator(), new RegressionTest(3, 0.2, 0.5)).forEachRemaining(rows::add);
    out = rows;
  }

  @Test
  void dailyFiguresPerDatabase() {
    Row monday = find(StatementFigures.DAILY, "a", null, MONDAY);
    assertThat(monday.<Long>getAs("calls")).isEqualTo(3);
    assertThat(monday.<Long>getAs("errors")).isZero();
    assertThat(monday.<Double>getAs("total_ms")).isEqualTo(6.0);
    assertThat(monday.<Double>getAs("mean_ms")).isEqualTo(2.0);
    assertThat(monday.<Double>getAs("min_ms")).isEqualTo(1.0);
    assertThat(monday.<Double>getAs("max_ms")).isEqualTo(3.0);
    assertThat(monday.<Double>getAs("stddev_ms")).isCloseTo(1.0, within(1e-12));
    assertThat(monday.<Double>getAs("p50_ms")).isEqualTo(2.0);
    assertThat(monday.<Double>getAs("p99_ms")).isEqualTo(3.0);

    Row tuesday = find(StatementFigures.DAILY, "a", null, MONDAY.plusDays(1));
    assertThat(tuesday.<Long>getAs("calls")).isEqualTo(3);
    assertThat(tuesday.<Long>getAs("errors")).isEqualTo(1);

    Row failedOnly = find(StatementFigures.DAILY, "a", null, MONDAY.plusDays(2));
    assertThat(failedOnly.<Long>getAs("calls")).isZero();
    assertThat(failedOnly.<Long>getAs("errors")).isEqualTo(2);
    assertThat(failedOnly.isNullAt(failedOnly.fieldIndex("total_ms"))).isTrue();
    assertThat(failedOnly.isNullAt(failedOnly.fieldIndex("mean_ms"))).isTrue();
    assertThat(failedOnly.isNullAt(failedOnly.fieldIndex("p95_ms"))).isTrue();

    Row single = find(StatementFigures.DAILY, "b", null, MONDAY);
    assertThat(single.isNullAt(single.fieldIndex("stddev_ms"))).isTrue();
    assertThat(out.stream().filter(r -> r.getString(0).equals(StatementFigures.DAILY))).hasSize(4);
  }

  @Test
  void periodsMergeDatabasesAndSkipPeriodsWithFailuresOnly() {
    Row monday = find(StatementFigures.PERIOD, null, "day", MONDAY);
    assertThat(monday.<Long>getAs("calls")).isEqualTo(4);
    assertThat(monday.<Double>getAs("total_ms")).isEqualTo(10.0);
    assertThat(monday.<scala.collection.Seq<String>>getAs("databases").mkString(",")).isEqualTo("a,b");

    Row week = find(StatementFigures.PERIOD, null, "week", MONDAY);
    assertThat(week.<Long>getAs("calls")).isEqualTo(7);
    assertThat(week.<Long>getAs("errors")).isEqualTo(3);
    assertThat(week.<Double>getAs("total_ms")).isEqualTo(70.0);
    assertThat(week.<Double>getAs("max_ms")).isEqualTo(30.0);
    assertThat(week.<Double>getAs("p95_ms")).isEqualTo(30.0);
    assertThat(find(StatementFigures.PERIOD, null, "month", LocalDate.of(2025, 3, 1)).<Long>getAs("calls"))
        .isEqualTo(7);
    assertThat(out).filteredOn(r -> r.getString(0).equals(StatementFigures.PERIOD)
        && "all".equals(r.getAs("period_type"))).singleElement()
        .satisfies(r -> assertThat(r.isNullAt(r.fieldIndex("period_start"))).isTrue());
    // Wednesday had failures only: nothing to rank.
    assertThat(out).noneMatch(r -> r.getString(0).equals(StatementFigures.PERIOD)
        && "day".equals(r.getAs("period_type"))
        && MONDAY.plusDays(2).equals(((Date) r.getAs("period_start")).toLocalDate()));
  }

  @Test
  void consecutiveDaysAreCompared() {
    List<Row> regressions = out.stream().filter(r -> r.getString(0).equals(StatementFigures.REGRESSION)).toList();
    assertThat(regressions).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("period_type")).isEqualTo("day");
      assertThat(((Date) r.getAs("period_start")).toLocalDate()).isEqualTo(MONDAY.plusDays(1));
      assertThat(((Date) r.getAs("previous_start")).toLocalDate()).isEqualTo(MONDAY);
      assertThat(r.<Long>getAs("previous_calls")).isEqualTo(4);
      assertThat(r.<Long>getAs("calls")).isEqualTo(3);
      assertThat(r.<Double>getAs("previous_mean_ms")).isEqualTo(2.5);
      assertThat(r.<Double>getAs("mean_ms")).isEqualTo(20.0);
      assertThat(r.<Double>getAs("mean_change")).isCloseTo(7.0, within(1e-12));
      assertThat(r.<String>getAs("regressed_on")).isNotNull();
    });
  }

  private static Row find(String kind, String database, String periodType, LocalDate start) {
    return out.stream()
        .filter(r -> r.getString(0).equals(kind))
        .filter(r -> database == null || database.equals(r.getAs("database_name")))
        .filter(r -> periodType == null || periodType.equals(r.getAs("period_type")))
        .filter(r -> start.equals(((Date) r.getAs("period_start")).toLocalDate()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " row for " + database + " " + start));
  }

  /** Bucket rows of one database and day, as the job's aggregation gives them: failures first (bucket null). */
  private static List<Row> day(String database, LocalDate date, long failures, double... durations) {
    List<Row> rows = new ArrayList<>();
    Date d = Date.valueOf(date);
    if (failures > 0) {
      rows.add(RowFactory.create("pg-01", "postgresql", database, "fp", d, null, failures, null, null, null, null,
          null, null));
    }
    Map<Integer, List<Double>> byBucket = new TreeMap<>();
    for (double v : durations) {
      byBucket.computeIfAbsent(DurationHistogram.bucket(v), b -> new ArrayList<>()).add(v);
    }
    byBucket.forEach((bucket, values) -> {
      double total = values.stream().mapToDouble(Double::doubleValue).sum();
      double sumSq = values.stream().mapToDouble(v -> v * v).sum();
      double sumLog = values.stream().mapToDouble(Math::log).sum();
      double sumLog2 = values.stream().mapToDouble(v -> Math.log(v) * Math.log(v)).sum();
      rows.add(RowFactory.create("pg-01", "postgresql", database, "fp", d, bucket, (long) values.size(), total,
          values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), sumSq, sumLog, sumLog2));
    });
    return rows;
  }
}
