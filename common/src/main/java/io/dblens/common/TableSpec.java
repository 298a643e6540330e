package io.dblens.common;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * A table of the warehouse: its catalogue name, schema, and partition columns.
 *
 * @param name             the catalogue name; the table lives at {@code <warehouse>/<name>}
 * @param schema           the columns, declared once in {@link Tables}
 * @param partitionColumns Delta partition columns, outermost first (empty for small tables)
 * @param description      one line for the README's table dictionary and {@code --help}
 * @param statsColumns     columns Delta keeps min/max statistics on for data skipping; empty for Delta's
 *                         default (the first 32). Big tables name the few that filters use: collecting
 *                         statistics on every column is a large part of the cost of writing them.
 * @param distinctColumns  columns whose values nearly all differ (times, line numbers, durations, raw text):
 *                         written without a Parquet dictionary, which they would only fill and then drop
 * @param textColumns      free text (statements, messages): no Parquet min/max statistics, which no filter
 *                         uses on them and which cost a comparison of every value
 */
public record TableSpec(String name, StructType schema, List<String> partitionColumns, String description,
    List<String> statsColumns, List<String> distinctColumns, List<String> textColumns) {

  public TableSpec {
    partitionColumns = List.copyOf(partitionColumns);
    statsColumns = List.copyOf(statsColumns);
    distinctColumns = List.copyOf(distinctColumns);
    textColumns = List.copyOf(textColumns);
  }

  public TableSpec(String name, StructType schema, List<String> partitionColumns, String description) {
    this(name, schema, partitionColumns, description, List.of(), List.of(), List.of());
  }

  /** The same table with statistics kept on these columns only. */
  public TableSpec withStatsColumns(String... columns) {
    return new TableSpec(name, schema, partitionColumns, description, List.of(columns), distinctColumns,
        textColumns);
  }

  /** The same table with these columns written without a dictionary ({@link #distinctColumns}). */
  public TableSpec withDistinctColumns(String... columns) {
    return new TableSpec(name, schema, partitionColumns, description, statsColumns, List.of(columns), textColumns);
  }

  /** The same table with these columns kept free of Parquet statistics ({@link #textColumns}). */
  public TableSpec withTextColumns(String... columns) {
    return new TableSpec(name, schema, partitionColumns, description, statsColumns, distinctColumns,
        List.of(columns));
  }
}
