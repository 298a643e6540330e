package io.dblens.jobs.locks;

/** A foreign key from {@code childTable} to {@code parentTable}, as the catalogue knows it. */
public record ForeignKey(String childTable, String parentTable) {

  public ForeignKey {
    childTable = StatementInfo.bareName(childTable);
    parentTable = StatementInfo.bareName(parentTable);
  }
}
