package io.dblens.jobs.generate;

/**
 * A shop's daily load curve (UTC hours): quiet nights, a morning ramp, a lunch dip and an evening tail.
 * Maps "fraction of the day's lines written" to a time of day so that line density follows the curve
 * and timestamps never go backwards.
 */
final class DiurnalLoad {
  private static final double[] HOURLY = {
      0.25, 0.20, 0.18, 0.17, 0.18, 0.25, 0.40, 0.65, 0.90, 1.00, 1.00, 0.95,
      0.85, 0.90, 1.00, 1.00, 0.95, 0.85, 0.75, 0.70, 0.65, 0.55, 0.45, 0.35};
  private static final int MINUTES = 24 * 60;

  /** cumulative[m] is the share of the day's load before minute m; cumulative[MINUTES] == 1. */
  private final double[] cumulative = new double[MINUTES + 1];

  DiurnalLoad() {
    double sum = 0;
    for (int m = 0; m < MINUTES; m++) {
      cumulative[m] = sum;
      sum += rateAtMinute(m);
    }
    cumulative[MINUTES] = sum;
    for (int m = 0; m <= MINUTES; m++) {
      cumulative[m] /= sum;
    }
  }

  /** Hourly levels joined linearly so the curve has no steps at the full hour. */
  private static double rateAtMinute(int minute) {
    int hour = minute / 60;
    double within = (minute % 60 + 0.5) / 60.0;
    return HOURLY[hour] + (HOURLY[(hour + 1) % 24] - HOURLY[hour]) * within;
  }

  /** Millisecond of the day by which {@code fraction} (0..1) of the day's load has happened. */
  int millisOfDayAt(double fraction) {
    if (fraction <= 0) {
      return 0;
    }
    if (fraction >= 1) {
      return LogClock.MILLIS_PER_DAY - 1;
    }
    int lo = 0;
    int hi = MINUTES;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= fraction) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double within = (fraction - cumulative[lo]) / (cumulative[lo + 1] - cumulative[lo]);
    return (int) Math.min(LogClock.MILLIS_PER_DAY - 1, lo * 60_000L + (long) (within * 60_000));
  }
}
