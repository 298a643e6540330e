package io.dblens.parsers.mysql;

import io.dblens.parsers.FormatName;

/** The MySQL-family formats dblens reads; {@link #id()} is the {@code --format} name. */
enum MysqlFormat implements FormatName {
  SLOWLOG("slowlog"),
  GENLOG("genlog"),
  BINLOG("binlog"),
  ERRORLOG("errorlog"),
  INNODB_STATUS("innodb-status");

  private final String id;

  MysqlFormat(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  static MysqlFormat of(String id) {
    return FormatName.find(MysqlFormat.class, id);
  }
}
