package io.dblens.parsers.io;

import io.dblens.parsers.Engine;
import io.dblens.parsers.EventType;
import java.util.Map;

/**
 * What reading one file produced, for the ledger. {@code linesRead == linesParsed + linesQuarantined}.
 *
 * @param status            how it ended
 * @param engine            the engine detected or given (null when unrecognised)
 * @param format            the format detected or given
 * @param compression       how the file was compressed
 * @param inferred          what was inferred about the format, in words (empty when all was given)
 * @param linesRead         physical lines read (after decompression)
 * @param linesParsed       lines that ended in an event
 * @param linesQuarantined  lines that ended in quarantine
 * @param events            events emitted
 * @param eventsByType      events emitted, by type (types with none left out)
 * @param bytesRead         decompressed bytes read
 * @param error             what went wrong, in words, or null
 */
public record FileOutcome(
    FileStatus status,
    Engine engine,
    String format,
    Compression compression,
    String inferred,
    long linesRead,
    long linesParsed,
    long linesQuarantined,
    long events,
    Map<EventType, Long> eventsByType,
    long bytesRead,
    String error) {}
