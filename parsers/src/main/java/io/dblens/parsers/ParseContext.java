package io.dblens.parsers;

import java.time.ZoneId;

/**
 * What a parser knows about the file besides its lines.
 *
 * @param filePath      the file, as given to ingest (used in messages only)
 * @param zone          the instance's time zone, applied to timestamps that carry none
 * @param linePrefix    the PostgreSQL {@code log_line_prefix}, or null to infer it
 */
public record ParseContext(String filePath, ZoneId zone, String linePrefix) {

  public ParseContext {
    zone = zone == null ? ZoneId.of("UTC") : zone;
  }
}
