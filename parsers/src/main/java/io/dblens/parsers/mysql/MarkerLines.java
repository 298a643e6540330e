package io.dblens.parsers.mysql;

/** Lines that only one MySQL format writes; used by the detector and by nothing on the per-line path. */
final class MarkerLines {
  private MarkerLines() {}

  static MysqlFormat formatOf(String l) {
    if (l.contains("INNODB MONITOR OUTPUT") || l.equals("LATEST DETECTED DEADLOCK")
        || l.equals("BACKGROUND THREAD") || l.equals("LATEST FOREIGN KEY ERROR")) {
      return MysqlFormat.INNODB_STATUS;
    }
    if (l.startsWith("# Query_time:") || l.startsWith("# User@Host:") || l.startsWith("# Time:")) {
      return MysqlFormat.SLOWLOG;
    }
    if (l.startsWith("# at ") || l.equals("DELIMITER /*!*/;") || BinlogTextParser.isEventHeader(l)) {
      return MysqlFormat.BINLOG;
    }
    if (GeneralLogLine.parse(l, null) != null) {
      return MysqlFormat.GENLOG;
    }
    if (ErrorLogLine.isHead(l)) {
      return MysqlFormat.ERRORLOG;
    }
    return null;
  }
}
