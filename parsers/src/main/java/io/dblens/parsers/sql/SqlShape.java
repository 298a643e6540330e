package io.dblens.parsers.sql;

import java.util.List;

/**
 * What one statement does, from {@link SqlAnalyzer}. {@code tables} are lower-cased, qualified as
 * written, de-duplicated and sorted; {@code predicateColumns} are the columns referenced in WHERE,
 * JOIN ... ON and HAVING (alias qualifiers resolved to table names), sorted. When {@code parsed} is false
 * the statement type and tables come from a keyword scan, the counts are keyword counts, and
 * {@code parseError} holds the first line of the parser's message.
 */
public record SqlShape(String statementType, List<String> tables, int joinCount, int subqueryCount,
                       List<String> predicateColumns, String complexity, boolean parsed, String parseError) {
  public SqlShape {
    tables = List.copyOf(tables);
    predicateColumns = List.copyOf(predicateColumns);
  }
}
