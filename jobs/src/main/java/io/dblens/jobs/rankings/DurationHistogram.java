package io.dblens.jobs.rankings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Log-scale duration buckets: every bucket spans a relative width of {@code 2 * ERROR}, so a percentile
 * read from merged buckets is within {@value #ERROR} (0.5 %) of the exact nearest-rank value, and exact
 * whenever its bucket holds a single distinct duration (each bucket keeps its smallest and largest
 * value). Buckets of days merge into weeks, months and all time by adding counts, which is what lets the
 * rankings job read the executions once.
 */
public final class DurationHistogram {

  /** Largest relative error of a percentile taken from buckets. */
  public static final double ERROR = 0.005;

  /** Durations at or below this (ms) share bucket 0. */
  static final double SMALLEST_MS = 0.001;

  private static final double LOG_BASE = Math.log1p(2 * ERROR);

  private DurationHistogram() {}

  /** The bucket of a duration in ms. */
  public static int bucket(double ms) {
    if (!(ms > SMALLEST_MS)) {
      return 0;
    }
    return 1 + (int) Math.floor(Math.log(ms / SMALLEST_MS) / LOG_BASE);
  }

  /**
   * One bucket's contents.
   *
   * @param bucket {@link #bucket} of its durations
   * @param count  durations in it
   * @param lo     smallest
   * @param hi     largest
   */
  public record Bin(int bucket, long count, double lo, double hi) {

    /** The value standing for the bucket: exact when it holds one distinct value, else its middle. */
    double value() {
      return lo == hi ? lo : lo + (hi - lo) / 2;
    }
  }

  /**
   * Nearest-rank percentiles (the smallest value with at least {@code p * n} values at or below it).
   *
   * @param bins        buckets in any order, each bucket at most once
   * @param percentiles fractions in (0, 1]
   */
  public static double[] percentiles(List<Bin> bins, double... percentiles) {
    List<Bin> sorted = new ArrayList<>(bins);
    sorted.sort(Comparator.comparingInt(Bin::bucket));
    long n = 0;
    for (Bin b : sorted) {
      n += b.count();
    }
    double[] out = new double[percentiles.length];
    for (int i = 0; i < percentiles.length; i++) {
      long rank = Math.max(1, (long) Math.ceil(percentiles[i] * n - 1e-9));
      long seen = 0;
      out[i] = Double.NaN;
      for (Bin b : sorted) {
        seen += b.count();
        if (seen >= rank) {
          // A bucket's first and last ranks are its smallest and largest values, exactly.
          out[i] = seen == rank ? b.hi() : seen - b.count() + 1 == rank ? b.lo() : b.value();
          break;
        }
      }
    }
    return out;
  }

  /** How many durations exceed the threshold, counting a bucket by its standing value. */
  public static long countAbove(List<Bin> bins, double threshold) {
    long above = 0;
    for (Bin b : bins) {
      if (b.lo() > threshold) {
        above += b.count();
      } else if (b.hi() > threshold && b.value() > threshold) {
        above += b.count();
      }
    }
    return above;
  }
}
