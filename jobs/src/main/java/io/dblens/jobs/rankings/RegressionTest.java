package io.dblens.jobs.rankings;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Decides whether a statement got slower between two consecutive periods. Two one-sided tests, both
 * computed from per-period aggregates so that no period's durations need to be held in memory:
 * <ul>
 *   <li>mean: Welch's t-test on log durations (durations are roughly log-normal, so the log makes the
 *       t-test's normality assumption reasonable and damps single outliers);</li>
 *   <li>p95: an exact binomial test of how many of the later period's calls exceed the earlier period's
 *       95th percentile; with no change that share is 5 %.</li>
 * </ul>
 * A change is flagged only when it is both significant (p below {@code alpha}) and large (relative
 * rise of at least {@code minChange}), with at least {@code minCalls} calls in each period.
 */
public final class RegressionTest implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** Durations below this are treated as this, so that a 0.000 ms log line has a logarithm. */
  static final double FLOOR_MS = 0.001;

  private final long minCalls;
  private final double minChange;
  private final double alpha;

  public RegressionTest(long minCalls, double minChange, double alpha) {
    this.minCalls = minCalls;
    this.minChange = minChange;
    this.alpha = alpha;
  }

  /** Summary of one period: counts, mean and p95 of durations, and mean and variance of their logs. */
  public record Period(long calls, double meanMs, double p95Ms, double meanLog, double varLog) {}

  /**
   * @param before    the earlier period
   * @param after     the later period
   * @param aboveP95  calls in the later period slower than the earlier period's p95
   * @return the verdict, or null when either period has too few calls to judge
   */
  public Verdict evaluate(Period before, Period after, long aboveP95) {
    if (before.calls() < minCalls || after.calls() < minCalls) {
      return null;
    }
    double meanChange = ratio(after.meanMs(), before.meanMs());
    double p95Change = ratio(after.p95Ms(), before.p95Ms());
    double meanP = welchGreater(before, after);
    double p95P = binomialAtLeast(after.calls(), aboveP95, 0.05);
    boolean mean = meanChange >= minChange && meanP < alpha;
    boolean p95 = p95Change >= minChange && p95P < alpha;
    String on = mean && p95 ? "mean+p95" : mean ? "mean" : p95 ? "p95" : null;
    return new Verdict(meanChange, p95Change, meanP, p95P, on);
  }

  /**
   * @param regressedOn mean, p95, mean+p95, or null when not a regression
   */
  public record Verdict(double meanChange, double p95Change, double meanPValue, double p95PValue,
      String regressedOn) {}

  private static double ratio(double after, double before) {
    if (before <= 0) {
      return after > 0 ? Double.POSITIVE_INFINITY : 0;
    }
    return after / before - 1;
  }

  /** One-sided p-value that the later period's mean log duration is greater. */
  static double welchGreater(Period a, Period b) {
    double va = a.varLog() / a.calls();
    double vb = b.varLog() / b.calls();
    double se = Math.sqrt(va + vb);
    double diff = b.meanLog() - a.meanLog();
    if (se == 0) {
      return diff > 0 ? 0 : 1;
    }
    double t = diff / se;
    double df = (va + vb) * (va + vb)
        / (va * va / Math.max(1, a.calls() - 1) + vb * vb / Math.max(1, b.calls() - 1));
    if (!(df > 0) || Double.isInfinite(df)) {
      df = Math.max(1, a.calls() + b.calls() - 2);
    }
    return 1 - new TDistribution(null, df).cumulativeProbability(t);
  }

  /** P(X >= k) for X ~ Binomial(n, p). */
  static double binomialAtLeast(long n, long k, double p) {
    if (k <= 0) {
      return 1;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many calls for the exact binomial test: " + n);
    }
    BinomialDistribution b = new BinomialDistribution(null, (int) n, p);
    if (k <= n * p) {
      return 1 - b.cumulativeProbability((int) k - 1);
    }
    // Far in the upper tail 1 - cdf cancels to noise: sum the (quickly shrinking) terms instead.
    double tail = 0;
    for (long i = k; i <= n; i++) {
      double term = b.probability((int) i);
      tail += term;
      if (term < tail * 1e-17) {
        break;
      }
    }
    return Math.min(1, tail);
  }
}
