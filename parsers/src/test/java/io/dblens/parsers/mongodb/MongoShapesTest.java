package io.dblens.parsers.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblens.parsers.Engine;
import io.dblens.parsers.sql.Fingerprint;
import io.dblens.parsers.sql.SqlAnalyzer;
import io.dblens.parsers.sql.SqlFingerprinter;
import io.dblens.parsers.sql.SqlShape;
import org.junit.jupiter.api.Test;

/** Query shapes, MongoDB statement texts and their fingerprints. */
class MongoShapesTest {

  static String shape(String doc) throws ShellDocument.NotADocument {
    return QueryShape.of(ShellDocument.parse(doc));
  }

  @Test
  void valuesBecomeOneKeysAreSortedAndOperatorsStayWithTheirField() throws Exception {
    // the inputs of mtools' json2pattern self-test; operators are kept where mtools folds range operators
    assertThat(shape("{d: {$gt: 2, $lt: 4}, b: {$gte: 3}, c: {$nin: [1, \"foo\", \"bar\"]}, \"$or\": [{a:\"1uno\"}, {b:\"1uno\"}] }"))
        .isEqualTo("{\"$or\": [{\"a\": 1}, {\"b\": 1}], \"b\": {\"$gte\": 1}, \"c\": {\"$nin\": [1]}, \"d\": {\"$gt\": 1, \"$lt\": 1}}");
    assertThat(shape("{ sk: -1182239108, _id: { $in: [ ObjectId('1234564863acd10e5cbf5f6e'), ObjectId('1234564863acd10e5cbf5f7e') ] } }"))
        .isEqualTo("{\"_id\": {\"$in\": [1]}, \"sk\": 1}");
    assertThat(shape("{ a: 1, b: { c: 2, d: \"text\" }, e: \"more test\" }"))
        .isEqualTo("{\"a\": 1, \"b\": {\"c\": 1, \"d\": 1}, \"e\": 1}");
    assertThat(shape("{ _id: ObjectId('528556616dde23324f233168'), config: { _id: 2, host: \"localhost:27017\" }, ns: \"local.oplog.rs\" }"))
        .isEqualTo("{\"_id\": 1, \"config\": {\"_id\": 1, \"host\": 1}, \"ns\": 1}");
    assertThat(shape("{ urls: { $all: [ \"https://surtronic.info/\", \"http://url2.com\" ] } }"))
        .isEqualTo("{\"urls\": {\"$all\": [1]}}");
  }

  @Test
  void shellValuesAndExtendedJsonAreValues() throws Exception {
    String shell = "{ ts: { $gte: Timestamp 1403491199000|904 }, d: new Date(1397099969564), r: /^ab/i, b: BinData(0, E3B0),"
        + " u: UUID(\"1088f26d-1c8c-40af-bb5a-3174045acfea\"), k: MinKey, h: c9bda22779f6cef88c25453c061a140a, n: null }";
    String json = "{\"ts\": {\"$gte\": {\"$timestamp\": {\"t\": 1, \"i\": 2}}}, \"d\": {\"$date\": \"2024-01-01T00:00:00Z\"},"
        + " \"r\": {\"$regularExpression\": {\"pattern\": \"^ab\", \"options\": \"i\"}}, \"b\": {\"$binary\": {\"base64\": \"4w==\", \"subType\": \"0\"}},"
        + " \"u\": {\"$uuid\": \"1088f26d\"}, \"k\": {\"$minKey\": 1}, \"h\": \"x\", \"n\": null}";
    String expected = "{\"b\": 1, \"d\": 1, \"h\": 1, \"k\": 1, \"n\": 1, \"r\": 1, \"ts\": {\"$gte\": 1}, \"u\": 1}";
    assertThat(shape(shell)).isEqualTo(expected);
    assertThat(shape(json)).isEqualTo(expected);
  }

  @Test
  void operationsTakeTheirFilterFromWhereEachVersionWritesIt() throws Exception {
    assertThat(OperationShape.of("t.c", "query", ShellDocument.parse("{ $query: { a: 1 }, $orderby: { b: -1 } }"), null).text())
        .isEqualTo("t.c query {\"a\": 1} sort {\"b\": 1}");
    assertThat(OperationShape.of("t.c", "command", ShellDocument.parse("{ findAndModify: \"c\", query: { a: 1 }, sort: { b: 1 }, update: { $inc: { n: 1 } } }"), null).text())
        .isEqualTo("t.c findandmodify {\"a\": 1} sort {\"b\": 1}");
    assertThat(OperationShape.of("t.c", "remove", ShellDocument.parse("{ q: { a: { $lt: 3 } }, limit: 0 }"), null).text())
        .isEqualTo("t.c remove {\"a\": {\"$lt\": 1}}");
    assertThat(OperationShape.of("t.c", "command", ShellDocument.parse("{ distinct: \"c\", key: \"k\", query: {} }"), null).text())
        .isEqualTo("t.c distinct {} key \"k\"");
    assertThat(OperationShape.of("t.$cmd", "command", ShellDocument.parse("{ dropDatabase: 1.0 }"), null).text())
        .isEqualTo("t.$cmd command dropDatabase");
    assertThat(OperationShape.of("t.c", "insert", ShellDocument.parse("{ insert: \"c\", documents: [ { a: 1 } ] }"), null).text())
        .isEqualTo("t.c insert");
    assertThat(OperationShape.of("t.c", "command", ShellDocument.parse("{ getMore: 1, collection: \"c\" }"),
        ShellDocument.parse("{ aggregate: \"c\", pipeline: [ { $match: { a: 5 } } ] }")).text())
        .isEqualTo("t.c getmore [{\"$match\": {\"a\": 1}}]");
  }

  @Test
  void documentsCutInTheLogHaveAnUnknownShapeNotAWrongOne() {
    io.dblens.parsers.LogEvent.Builder b = io.dblens.parsers.LogEvent.builder(io.dblens.parsers.EventType.MESSAGE);
    assertThat(LegacyOperation.read("query t.c query: { a: 1, b: { $in: [ 1, 2, 3 planSummary: COLLSCAN 5ms", b)).isTrue();
    assertThat(b.queryText()).isEqualTo("t.c query {...}");
  }

  @Test
  void theFingerprintIsTheShapeWhateverFormTheOperationComesIn() {
    SqlFingerprinter mongo = SqlFingerprinter.forEngine(Engine.MONGODB);
    String statement = "shop.orders find {\"qty\": {\"$gt\": 1}, \"status\": 1}";
    Fingerprint fp = mongo.fingerprint(statement);
    assertThat(fp.normalized()).isEqualTo(statement);
    assertThat(mongo.fingerprint("  shop.orders   find { status: 'B', qty: { $gt: 99 } } ")).isEqualTo(fp);
    assertThat(mongo.fingerprint("2019-03-11T14:21:00.000+0000 I COMMAND  [conn12] command shop.orders command: find"
        + " { find: \"orders\", filter: { status: \"A\", qty: { $gt: 10 } }, $db: \"shop\" } planSummary: COLLSCAN 130ms"))
        .isEqualTo(fp);
    assertThat(mongo.fingerprint("{\"t\":{\"$date\":\"2024-03-18T10:50:01.000-04:00\"},\"s\":\"I\",\"c\":\"COMMAND\",\"id\":51803,"
        + "\"ctx\":\"conn31\",\"msg\":\"Slow query\",\"attr\":{\"type\":\"command\",\"ns\":\"shop.orders\",\"command\":{\"find\":\"orders\","
        + "\"filter\":{\"status\":\"A\",\"qty\":{\"$gt\":5}}},\"durationMillis\":140}}")).isEqualTo(fp);
    assertThat(mongo.fingerprint("{\"op\":\"query\",\"ns\":\"shop.orders\",\"command\":{\"find\":\"orders\",\"filter\":{\"qty\":{\"$gt\":1},"
        + "\"status\":\"x\"}},\"millis\":3}")).isEqualTo(fp);
    // a bare query document is its shape
    assertThat(mongo.fingerprint("{ status: \"A\", qty: { $gt: 5 } }").normalized()).isEqualTo("{\"qty\": {\"$gt\": 1}, \"status\": 1}");
    // shapes hold no literals: redacting is normalising, and the SQL scanner never sees them
    assertThat(mongo.redact("shop.orders find { status: 'secret' }")).isEqualTo("shop.orders find {\"status\": 1}");
    assertThat(mongo.fingerprint(statement).id()).isNotEqualTo(mongo.fingerprint("shop.orders find {\"status\": 1}").id());
  }

  @Test
  void theAnalyserReadsOperationNamespaceAndFields() {
    try (SqlAnalyzer analyzer = new SqlAnalyzer(Engine.MONGODB)) {
      SqlShape find = analyzer.analyze("shop.orders find {\"$or\": [{\"a\": 1}, {\"b\": {\"$gt\": 1}}], \"c\": 1} sort {\"d\": 1}");
      assertThat(find.statementType()).isEqualTo("find");
      assertThat(find.tables()).containsExactly("shop.orders");
      assertThat(find.predicateColumns()).containsExactly("a", "b", "c");
      assertThat(find.parsed()).isTrue();
      SqlShape agg = analyzer.analyze("shop.orders aggregate [{\"$match\": {\"s\": 1}}, {\"$lookup\": {\"from\": 1}}]");
      assertThat(agg.joinCount()).isEqualTo(1);
      assertThat(agg.complexity()).isEqualTo("moderate");
    }
  }
}
