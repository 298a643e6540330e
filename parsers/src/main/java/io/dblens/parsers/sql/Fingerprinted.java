package io.dblens.parsers.sql;

/**
 * One statement's fingerprint and its redacted text, as {@link SqlFingerprinter#fingerprintAndRedact}
 * makes them; {@code redacted} is null only for a null statement, as {@link SqlFingerprinter#redact} gives.
 */
public record Fingerprinted(Fingerprint fingerprint, String redacted) {}
