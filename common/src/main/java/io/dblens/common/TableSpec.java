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
 */
public record TableSpec(String name, StructType schema, List<String> partitionColumns, String description) {

  public TableSpec {
    partitionColumns = List.copyOf(partitionColumns);
  }
}
