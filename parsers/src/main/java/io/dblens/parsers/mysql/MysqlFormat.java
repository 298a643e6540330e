package io.dblens.parsers.mysql;

/** The MySQL-family formats dblens reads; {@link #id()} is the {@code --format} name. */
enum MysqlFormat {
  SLOWLOG("slowlog"),
  GENLOG("genlog"),
  BINLOG("binlog"),
  ERRORLOG("errorlog"),
  INNODB_STATUS("innodb-status");

  private final String id;

  MysqlFormat(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  static MysqlFormat of(String id) {
    for (MysqlFormat f : values()) {
      if (f.id.equalsIgnoreCase(id)) {
        return f;
      }
    }
    return null;
  }
}
