package io.dblens.jobs.rankings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

  static List<DurationHistogram.Bin> histogram(double[] values) {
    Map<Integer, double[]> acc = new TreeMap<>();
    for (double v : values) {
      double[] a = acc.computeIfAbsent(DurationHistogram.bucket(v), b -> new double[] {0, v, v});
      a[0]++;
      a[1] = Math.min(a[1], v);
      a[2] = Math.max(a[2], v);
    }
    List<DurationHistogram.Bin> bins = new ArrayList<>();
    acc.forEach((b, a) -> bins.add(new DurationHistogram.Bin(b, (long) a[0], a[1], a[2])));
    return bins;
  }

  static double nearestRank(double[] sorted, double p) {
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  @Test
  void percentilesAreWithinTheStatedErrorOfTheExactValue() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(5000);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = Math.round(Math.exp(random.nextGaussian() * 2 + 1) * 1000) / 1000.0;
      }
      double[] sorted = v.clone();
      Arrays.sort(sorted);
      double[] ps = {0.01, 0.5, 0.95, 0.99, 1.0};
      double[] got = DurationHistogram.percentiles(histogram(v), ps);
      for (int i = 0; i < ps.length; i++) {
        double exact = nearestRank(sorted, ps[i]);
        assertThat(Math.abs(got[i] - exact)).as("p%s of %s values", ps[i], n)
            .isLessThanOrEqualTo(exact * DurationHistogram.ERROR + 1e-9);
      }
      assertThat(got[4]).isEqualTo(sorted[n - 1]);
    }
  }

  @Test
  void singleValuesAndSmallSetsAreExact() {
    assertThat(DurationHistogram.percentiles(histogram(new double[] {500, 700, 900}), 0.5, 1.0))
        .containsExactly(700, 900);
    assertThat(DurationHistogram.percentiles(histogram(new double[] {0.0, 0.0, 0.002}), 0.5))
        .containsExactly(0.0);
  }

  @Test
  void bucketsAreMonotoneAndNarrow() {
    double previous = 0.0011;
    int last = DurationHistogram.bucket(previous);
    for (double v = previous; v < 1e7; v *= 1.003) {
      int b = DurationHistogram.bucket(v);
      assertThat(b).isGreaterThanOrEqualTo(last);
      last = b;
    }
    assertThat(DurationHistogram.bucket(100)).isNotEqualTo(DurationHistogram.bucket(101.1));
  }

  @Test
  void countAboveUsesTheBucketValue() {
    List<DurationHistogram.Bin> bins = histogram(new double[] {1, 2, 3, 10, 20});
    assertThat(DurationHistogram.countAbove(bins, 5)).isEqualTo(2);
    assertThat(DurationHistogram.countAbove(bins, 0.5)).isEqualTo(5);
  }
}
