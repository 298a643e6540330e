package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.jobs.locks.Scenarios.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RootCauseClassifierTest {

  private final RootCauseClassifier classifier = new RootCauseClassifier();

  static Stream<Scenario> scenarios() {
    return Scenarios.all().stream();
  }

  private RootCause classify(Scenario s) {
    List<DeadlockCycle> cycles = new CycleFinder().find(s.graph()).cycles();
    return classifier.classify(s.graph(), cycles, s.statements(), s.foreignKeys());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void classifiesEachLabelledScenario(Scenario s) {
    RootCause cause = classify(s);
    assertThat(cause.cause()).as(cause.evidence()).isEqualTo(s.expected());
    assertThat(cause.evidence()).isNotBlank();
    assertThat(cause.facts()).isNotEmpty();
  }

  @Test
  void labelledSetCoversEveryClassTwiceAndScoresAtLeastNinetyPercent() {
    List<Scenario> all = Scenarios.all();
    Map<RootCauseClass, Integer> perClass = new EnumMap<>(RootCauseClass.class);
    List<String> wrong = new ArrayList<>();
    for (Scenario s : all) {
      perClass.merge(s.expected(), 1, Integer::sum);
      RootCause c = classify(s);
      if (c.cause() != s.expected()) {
        wrong.add(s.name() + " -> " + c.cause().id());
      }
    }
    for (RootCauseClass c : RootCauseClass.values()) {
      assertThat(perClass.getOrDefault(c, 0)).as(c.id()).isGreaterThanOrEqualTo(2);
    }
    double accuracy = 1.0 - (double) wrong.size() / all.size();
    assertThat(accuracy).as("misclassified: %s", wrong).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void evidenceNamesTheResourcesOfALockOrderInversion() {
    WaitForGraph g = Scenarios.pgTwoAccounts("22015", "22007", "88123", "88130", 7, 9);
    RootCause c = classifier.classify(g, new CycleFinder().find(g).cycles(), Map.of());
    assertThat(c.cause()).isEqualTo(RootCauseClass.LOCK_ORDER_INVERSION);
    assertThat(c.evidence()).contains("22007 waits for transaction 88130 held by 22015",
        "22015 waits for transaction 88123 held by 22007", "the same statement on different keys");
    assertThat(c.facts()).containsEntry("cycle", "22007->22015").containsEntry("distinct_statements", "1");
  }

  @Test
  void gapLockRuleDoesNotApplyUnderReadCommitted() {
    Scenario rc = Scenarios.all().stream().filter(s -> s.name().startsWith("innodb read committed, two rows"))
        .findFirst().orElseThrow();
    assertThat(classify(rc).facts()).doesNotContainKey("isolation_level");
    Scenario rr = Scenarios.all().stream().filter(s -> s.name().startsWith("innodb duplicate-key")).findFirst()
        .orElseThrow();
    assertThat(classify(rr).facts()).containsEntry("isolation_reported", "false")
        .containsEntry("isolation_level", "REPEATABLE READ");
  }
}
