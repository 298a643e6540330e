package io.dblens.parsers.mysql;

import io.dblens.parsers.Engine;
import io.dblens.parsers.FormatDetector;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Recognises MySQL, Percona Server and MariaDB logs: slow query log, general query log, mysqlbinlog text
 * output, error log (5.x and 8.0 layouts, with InnoDB deadlock dumps) and captured
 * {@code SHOW ENGINE INNODB STATUS} output. Each format has marker lines no other format (and no
 * PostgreSQL log) writes; the format with the most marker lines in the sample wins, so a slow log that
 * quotes a general-log line in a statement is still a slow log.
 */
public final class MysqlFormatDetector implements FormatDetector {

  public MysqlFormatDetector() {}

  @Override
  public Engine engine() {
    return Engine.MYSQL;
  }

  @Override
  public List<String> formats() {
    return Arrays.stream(MysqlFormat.values()).map(MysqlFormat::id).toList();
  }

  @Override
  public Optional<Detection> detect(List<String> sample, String format, ParseContext context) {
    if (format != null) {
      MysqlFormat asked = MysqlFormat.of(format);
      return asked == null ? Optional.empty() : Optional.of(detection(asked, context, "format as given"));
    }
    int[] score = new int[MysqlFormat.values().length];
    for (String l : sample) {
      MysqlFormat f = MarkerLines.formatOf(l);
      if (f != null) {
        score[f.ordinal()]++;
      }
    }
    MysqlFormat best = null;
    for (MysqlFormat f : MysqlFormat.values()) {
      if (score[f.ordinal()] > 0 && (best == null || score[f.ordinal()] > score[best.ordinal()])) {
        best = f;
      }
    }
    // A status capture also quotes statements and timestamps; its section banners decide.
    if (score[MysqlFormat.INNODB_STATUS.ordinal()] > 0) {
      best = MysqlFormat.INNODB_STATUS;
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(detection(best, context, score[best.ordinal()] + " marker line(s) in the sample"));
  }

  private static Detection detection(MysqlFormat f, ParseContext context, String why) {
    LogParser parser = switch (f) {
      case SLOWLOG -> new SlowLogParser(context);
      case GENLOG -> new GeneralLogParser(context);
      case BINLOG -> new BinlogTextParser(context);
      case ERRORLOG -> new ErrorLogParser(context, false);
      case INNODB_STATUS -> new ErrorLogParser(context, true);
    };
    return new Detection(Engine.MYSQL, f.id(), "format " + f.id() + " (" + why + ")", parser);
  }
}
