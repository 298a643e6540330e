package io.dblens.parsers;

/**
 * One physical line of a log file without its line terminator.
 *
 * @param number 1-based line number in the (decompressed) file
 * @param text   the line, decoded as UTF-8 (invalid bytes replaced with U+FFFD)
 */
public record Line(long number, String text) {}
