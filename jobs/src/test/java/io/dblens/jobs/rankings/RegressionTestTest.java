package io.dblens.jobs.rankings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionTestTest {

  private final RegressionTest test = new RegressionTest(10, 0.2, 0.01);

  @Test
  void binomialTailMatchesTheClosedForm() {
    // P(X >= 1) for Binomial(10, 0.05) = 1 - 0.95^10
    assertThat(RegressionTest.binomialAtLeast(10, 1, 0.05)).isCloseTo(1 - Math.pow(0.95, 10), within(1e-12));
    assertThat(RegressionTest.binomialAtLeast(10, 0, 0.05)).isEqualTo(1.0);
    // P(X >= 10) = 0.05^10
    assertThat(RegressionTest.binomialAtLeast(10, 10, 0.05)).isCloseTo(Math.pow(0.05, 10), within(1e-20));
  }

  @Test
  void welchIsOneSidedAndSymmetric() {
    var a = new RegressionTest.Period(50, 10, 20, Math.log(10), 0.25);
    var b = new RegressionTest.Period(50, 20, 40, Math.log(20), 0.25);
    double up = RegressionTest.welchGreater(a, b);
    double down = RegressionTest.welchGreater(b, a);
    assertThat(up).isLessThan(1e-6);
    assertThat(up + down).isCloseTo(1.0, within(1e-9));
    // t = ln 2 / sqrt(0.25/50 * 2) = 6.93..., df = 98: the tail is far below 1e-6
  }

  @Test
  void flagsALargeSignificantRiseOnly() {
    var before = new RegressionTest.Period(100, 10, 20, Math.log(10), 0.1);
    var slower = new RegressionTest.Period(100, 15, 35, Math.log(15), 0.1);
    var verdict = test.evaluate(before, slower, 60);
    assertThat(verdict.regressedOn()).isEqualTo("mean+p95");
    assertThat(verdict.meanChange()).isCloseTo(0.5, within(1e-12));
    assertThat(verdict.p95Change()).isCloseTo(0.75, within(1e-12));

    var same = new RegressionTest.Period(100, 10.5, 20.5, Math.log(10.5), 0.1);
    assertThat(test.evaluate(before, same, 6).regressedOn()).isNull();
  }

  @Test
  void significantButSmallChangesAreNotRegressions() {
    var before = new RegressionTest.Period(100_000, 10, 20, Math.log(10), 0.01);
    var bitSlower = new RegressionTest.Period(100_000, 10.5, 21, Math.log(10.5), 0.01);
    var verdict = test.evaluate(before, bitSlower, 5_500);
    assertThat(verdict.meanPValue()).isLessThan(0.01);
    assertThat(verdict.regressedOn()).isNull();
  }

  @Test
  void tooFewCallsAreNotJudged() {
    var before = new RegressionTest.Period(5, 10, 20, Math.log(10), 0.1);
    var after = new RegressionTest.Period(100, 100, 200, Math.log(100), 0.1);
    assertThat(test.evaluate(before, after, 100)).isNull();
  }
}
