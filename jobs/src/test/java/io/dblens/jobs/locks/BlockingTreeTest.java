package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockingTreeTest {

  private static final Instant T0 = Instant.parse("2024-07-15T11:20:00Z");
  private static final String RELATION = "relation 16385 of database 16384";

  private static LockWaitObservation wait(int second, String session, String resource, String mode,
      List<String> holders, List<String> queue, double ms, String statement) {
    return new LockWaitObservation(T0.plusSeconds(second), session, resource, mode, holders, queue, ms, statement);
  }

  /** 100 sits idle in a transaction; an ALTER queues behind it and everything else queues behind both. */
  private static List<LockWaitObservation> window() {
    List<LockWaitObservation> w = new ArrayList<>(List.of(
        wait(1, "201", RELATION, "AccessExclusiveLock", List.of("100"), List.of("201", "202", "203"), 1000,
            "ALTER TABLE orders ADD COLUMN note text"),
        wait(5, "201", RELATION, "AccessExclusiveLock", List.of("100"), List.of("201", "202", "203"), 5000,
            "ALTER TABLE orders ADD COLUMN note text"),
        wait(2, "203", RELATION, "AccessShareLock", List.of("100"), List.of("201", "202", "203"), 1500,
            "SELECT * FROM orders WHERE id = 1"),
        wait(3, "301", "transaction 9001", "ShareLock", List.of("201"), List.of("301"), 3000,
            "UPDATE audit SET n = n + 1"),
        wait(4, "401", "tuple (0,1) of relation 16400 of database 16384", "ExclusiveLock", List.of("301"),
            List.of("401"), 1000, "UPDATE audit SET n = n + 1"),
        wait(2, "601", "transaction 42", "ShareLock", List.of("500"), List.of("601"), 2000, "DELETE FROM jobs"),
        wait(6, "702", "transaction 71", "ShareLock", List.of("701"), List.of("702"), 800, "UPDATE b SET x = 1"),
        wait(6, "701", "transaction 72", "ShareLock", List.of("702"), List.of("701"), 900, "UPDATE a SET x = 1")));
    Collections.reverse(w); // input order must not matter
    return w;
  }

  @Test
  void rebuildsAThreeLevelTreeUnderTheHeadBlocker() {
    List<BlockingChain> chains = BlockingTree.build(window(), Map.of("100", "BEGIN; SELECT * FROM orders", "500", "VACUUM FULL jobs"));
    assertThat(chains).extracting(BlockingChain::headSession).containsExactly("100", "500", "701");
    BlockingChain head = chains.get(0);
    assertThat(head.deadlocked()).isFalse();
    assertThat(head.headStatement()).isEqualTo("BEGIN; SELECT * FROM orders");
    assertThat(head.depth()).isEqualTo(3);
    assertThat(head.blockedSessions()).isEqualTo(5);
    assertThat(head.totalWaitMs()).isEqualTo(5000 + 0 + 1500 + 3000 + 1000);
    assertThat(head.maxWaitMs()).isEqualTo(5000);
    assertThat(head.blocked()).extracting(BlockedSession::session, BlockedSession::blockedBy, BlockedSession::level,
        BlockedSession::fromWaitQueue).containsExactly(
            tuple("201", "100", 1, false),
            tuple("202", "100", 1, true),
            tuple("203", "100", 1, false),
            tuple("301", "201", 2, false),
            tuple("401", "301", 3, false));
    assertThat(head.blocked().get(0).statement()).isEqualTo("ALTER TABLE orders ADD COLUMN note text");
  }

  @Test
  void aWaiterQueuedBehindAConflictingRequestRecordsIt() {
    BlockingChain head = BlockingTree.build(window(), Map.of()).get(0);
    assertThat(head.blocked()).filteredOn(b -> b.session().equals("203")).singleElement()
        .satisfies(b -> assertThat(b.queuedBehind()).containsExactly("201"));
    assertThat(head.blocked()).filteredOn(b -> b.session().equals("201")).singleElement()
        .satisfies(b -> assertThat(b.queuedBehind()).isEmpty());
  }

  @Test
  void aSecondIndependentChainAndACycleInProgress() {
    List<BlockingChain> chains = BlockingTree.build(window(), Map.of());
    BlockingChain vacuum = chains.get(1);
    assertThat(vacuum.depth()).isEqualTo(1);
    assertThat(vacuum.blocked()).extracting(BlockedSession::session).containsExactly("601");
    BlockingChain cycle = chains.get(2);
    assertThat(cycle.deadlocked()).isTrue();
    assertThat(cycle.headStatement()).isEqualTo("UPDATE a SET x = 1");
    assertThat(cycle.blocked()).extracting(BlockedSession::session).containsExactly("702");
  }

  @Test
  void aSessionBlockedByTwoSharedHoldersCountsUnderBoth() {
    List<BlockingChain> chains = BlockingTree.build(List.of(
        wait(1, "3", RELATION, "AccessExclusiveLock", List.of("1", "2"), List.of("3"), 700, "DROP TABLE t")), Map.of());
    assertThat(chains).extracting(BlockingChain::headSession, BlockingChain::blockedSessions)
        .containsExactly(tuple("1", 1), tuple("2", 1));
  }
}
