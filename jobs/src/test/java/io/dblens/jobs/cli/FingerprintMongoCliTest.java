package io.dblens.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code fingerprint --engine mongodb}: any form of an operation gives its shape and id. */
class FingerprintMongoCliTest {

  @Test
  void queryDocumentsLogLinesAndShapesPrintTheShapeAndItsId() {
    String stdin = String.join("\n",
        "{ status: \"A\", qty: { $gt: 5 } }",
        "2019-03-11T14:21:00.000+0000 I COMMAND  [conn12] command shop.orders command: find { find: \"orders\","
            + " filter: { qty: { $gt: 10 }, status: \"B\" } } planSummary: COLLSCAN 130ms",
        "{\"t\":{\"$date\":\"2024-03-18T10:50:01.000-04:00\"},\"s\":\"I\",\"c\":\"COMMAND\",\"id\":51803,\"ctx\":\"conn31\","
            + "\"msg\":\"Slow query\",\"attr\":{\"type\":\"command\",\"ns\":\"shop.orders\",\"command\":{\"find\":\"orders\","
            + "\"filter\":{\"status\":\"A\",\"qty\":{\"$gt\":5}}},\"durationMillis\":140}}",
        "shop.orders find {\"qty\": {\"$gt\": 1}, \"status\": 1}",
        "");
    DblensCliTest.Run r = DblensCliTest.run(stdin, "fingerprint", "--engine", "mongodb");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).matches("[0-9a-f]{16}\t\\{\"qty\": \\{\"\\$gt\": 1\\}, \"status\": 1\\}");
    assertThat(lines[1]).isEqualTo(lines[2]).isEqualTo(lines[3])
        .matches("[0-9a-f]{16}\tshop\\.orders find \\{\"qty\": \\{\"\\$gt\": 1\\}, \"status\": 1\\}");
  }
}
