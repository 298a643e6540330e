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
 */
public record TableSpec(String name, StructType schema, List<String> partitionColumns, String description,
    List<String> statsColumns) {

  public TableSpec {
    partitionColumns = List.copyOf(partitionColumns);
    statsColumns = List.copyOf(statsColumns);
  }

  public TableSpec(String name, StructType schema, List<String> partitionColumns, String description) {
    this(name, schema, partitionColumns, description, List.of());
  }

  /** The same table with statistics kept on these columns only. */
  public TableSpec withStatsColumns(String... columns) {
    return new TableSpec(name, schema, partitionColumns, description, List.of(columns));
  }
}
