package io.dblens.jobs.locks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.jobs.locks.ResourceLocks.SessionMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlockSignatureTest {

  private static DeadlockSignature sign(WaitForGraph g) {
    return DeadlockSignature.of(g, new CycleFinder().find(g).cycles(), Map.of());
  }

  @Test
  void recurringPostgresDeadlockWithOtherPidsTransactionsAndKeysSignsTheSame() {
    DeadlockSignature first = sign(Scenarios.pgTwoAccounts("22015", "22007", "88123", "88130", 7, 9));
    DeadlockSignature again = sign(Scenarios.pgTwoAccounts("31002", "30999", "99001", "99017", 412, 88));
    assertThat(again).isEqualTo(first);
    assertThat(first.hash()).matches("[0-9a-f]{16}");
    assertThat(first.readable()).startsWith("postgresql | ").contains("transactionid ShareLock/ExclusiveLock")
        .doesNotContain("88123", "22015");
  }

  @Test
  void participantOrderDoesNotMatter() {
    WaitForGraph ab = Scenarios.pg(new String[][] {
        {"1", "ShareLock", "transaction 10", "2", "UPDATE a SET x = 1 WHERE id = 1"},
        {"2", "ShareLock", "transaction 11", "1", "UPDATE b SET y = 2 WHERE id = 1"}});
    WaitForGraph ba = Scenarios.pg(new String[][] {
        {"7", "ShareLock", "transaction 20", "8", "UPDATE b SET y = 5 WHERE id = 3"},
        {"8", "ShareLock", "transaction 21", "7", "UPDATE a SET x = 9 WHERE id = 4"}});
    assertThat(sign(ba)).isEqualTo(sign(ab));
  }

  @Test
  void sqlServerKeyHashesAndProcessIdsAreNotPartOfTheSignature() {
    assertThat(sign(conversion("process9a", "process9b", "KEY: 7:72057594043301888 (1f2e3d4c5b6a)")))
        .isEqualTo(sign(conversion("process31", "process32", "KEY: 7:72057594043301888 (ffffffffffff)")));
  }

  @Test
  void callerFingerprintsAreUsedWhenGiven() {
    WaitForGraph g = Scenarios.pgTwoAccounts("1", "2", "5", "6", 1, 2);
    DeadlockSignature s = DeadlockSignature.of(g, new CycleFinder().find(g).cycles(), Map.of(
        "1", new StatementInfo("aaaa000000000001", "UPDATE", List.of("accounts")),
        "2", new StatementInfo("aaaa000000000002", "UPDATE", List.of("accounts"))));
    assertThat(s.readable()).contains("aaaa000000000001,aaaa000000000002");
  }

  @Test
  void differentShapesSignDifferently() {
    DeadlockSignature accounts = sign(Scenarios.pgTwoAccounts("1", "2", "5", "6", 1, 2));
    DeadlockSignature otherTable = sign(Scenarios.pg(new String[][] {
        {"1", "ShareLock", "transaction 5", "2", "UPDATE ledger SET balance = balance + 10 WHERE id = 1;"},
        {"2", "ShareLock", "transaction 6", "1", "UPDATE ledger SET balance = balance + 5 WHERE id = 2;"}}));
    DeadlockSignature otherMode = sign(Scenarios.pg(new String[][] {
        {"1", "ExclusiveLock", "transaction 5", "2", "UPDATE accounts SET balance = balance + 10 WHERE id = 1;"},
        {"2", "ShareLock", "transaction 6", "1", "UPDATE accounts SET balance = balance + 5 WHERE id = 2;"}}));
    DeadlockSignature threeParty = sign(Scenarios.pg(new String[][] {
        {"1", "ShareLock", "transaction 5", "2", "UPDATE accounts SET balance = balance + 10 WHERE id = 1;"},
        {"2", "ShareLock", "transaction 6", "3", "UPDATE accounts SET balance = balance + 5 WHERE id = 2;"},
        {"3", "ShareLock", "transaction 7", "1", "UPDATE accounts SET balance = balance + 5 WHERE id = 2;"}}));
    assertThat(List.of(accounts.hash(), otherTable.hash(), otherMode.hash(), threeParty.hash())).doesNotHaveDuplicates();
    DeadlockSignature otherIndex = sign(conversion("p1", "p2", "KEY: 7:1 (aa)", "IX_Seq_Name"));
    assertThat(otherIndex).isNotEqualTo(sign(conversion("p1", "p2", "KEY: 7:1 (aa)")));
  }

  @Test
  void resourcesWithoutATableKeepTheirTypeAndMaskNumbers() {
    assertThat(LockResource.of("PAGE: 7:1:422", "pagelock").shape()).isEqualTo("pagelock:PAGE: #:#:#");
    assertThat(LockResource.of("tuple (0,5) of relation 16402 of database 16384", "tuple").shape())
        .isEqualTo("tuple:tuple (?) of relation 16402 of database 16384");
    assertThat(LockResource.of("transaction 501", "transactionid").shape()).isEqualTo("transactionid");
  }

  @Test
  void hashIsFnv1a64OfUtf8() {
    assertThat(DeadlockSignature.fnv1a64("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(DeadlockSignature.fnv1a64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
  }

  private static WaitForGraph conversion(String p1, String p2, String key) {
    return conversion(p1, p2, key, "PK_Seq");
  }

  private static WaitForGraph conversion(String p1, String p2, String key, String index) {
    return WaitForGraph.fromSqlServer(List.of(
        Scenarios.mssql(p1, "81", "UPDATE dbo.Seq SET v = v + 1 WHERE name = @n", true, "serializable (4)"),
        Scenarios.mssql(p2, "82", "UPDATE dbo.Seq SET v = v + 1 WHERE name = @n", false, "serializable (4)")),
        List.of(new ResourceLocks(new LockResource(key, "keylock", "shop", "dbo.Seq", index),
            List.of(new SessionMode(p1, "S"), new SessionMode(p2, "S")),
            List.of(new SessionMode(p1, "X"), new SessionMode(p2, "X")))));
  }
}
