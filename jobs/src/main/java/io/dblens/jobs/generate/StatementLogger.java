package io.dblens.jobs.generate;

import java.io.IOException;

/**
 * Writes the {@code duration: ... ms  statement:} and {@code execute <unnamed>:} lines and records each
 * one in the ground truth with the exact value printed.
 */
final class StatementLogger {
  private static final byte[] DURATION = AsciiBuffer.ascii("duration: ");
  private static final byte[] SIMPLE = AsciiBuffer.ascii(" ms  statement: ");
  private static final byte[] EXECUTE = AsciiBuffer.ascii(" ms  execute <unnamed>: ");
  private static final byte[] PARAMETERS = AsciiBuffer.ascii("parameters: ");

  private final InstanceTruth truth;

  StatementLogger(InstanceTruth truth) {
    this.truth = truth;
  }

  /** Lines the duration entry takes: the statement's own lines plus the DETAIL for bind parameters. */
  static int lineCost(QueryShape shape, AsciiBuffer statement) {
    return 1 + statement.newlines() + (shape.protocol == QueryShape.Protocol.EXTENDED ? 1 : 0);
  }

  /**
   * Logs one execution. {@code parameters} is only read for extended-protocol shapes.
   * {@code micros} is the duration in thousandths of a millisecond, as printed.
   */
  void log(LogFileWriter out, PgProcess process, QueryShape shape, AsciiBuffer statement, AsciiBuffer parameters,
      long micros) throws IOException {
    boolean extended = shape.protocol == QueryShape.Protocol.EXTENDED;
    out.begin(process, LogFileWriter.LOG).append(DURATION).appendFixed(micros, 3).append(extended ? EXECUTE : SIMPLE)
        .append(statement);
    out.end();
    if (extended) {
      out.begin(process, LogFileWriter.DETAIL).append(PARAMETERS).append(parameters);
      out.end();
    }
    int s = shape.index;
    truth.shapeCounts[s]++;
    truth.shapeMicros[s] += micros;
    if (truth.examples[s] == null) {
      truth.examples[s] = asParsed(statement);
      truth.exampleParameters[s] = extended ? parameters.toString() : null;
    }
  }

  /** The statement as a reader reassembles it: continuation TABs dropped, newlines kept. */
  static String asParsed(AsciiBuffer statement) {
    return statement.toString().replace("\n\t", "\n");
  }
}
