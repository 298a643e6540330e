package io.dblens.jobs.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query shape: a template whose literals vary per execution, how often it runs relative to the
 * others, and its log-normal duration. The template is split once into constant byte segments and
 * literal slots so rendering an execution is a series of array copies.
 *
 * <p>Template syntax: {@code {cust}} is a fresh {@link Literal} per execution; {@code {=text}} is a
 * constant literal (same text every time, yet a literal to a normaliser). Newlines in the template
 * become PostgreSQL's continuation lines (newline then TAB).
 */
final class QueryShape {
  enum Protocol { SIMPLE, EXTENDED }

  enum Role {
    /** Ordinary traffic, picked by weight. */
    STANDALONE,
    /** Issued only inside a BEGIN ... COMMIT block (and by weight as a standalone). */
    IN_TRANSACTION,
    /** BEGIN, COMMIT, ROLLBACK: written only around transaction blocks. */
    TRANSACTION_CONTROL
  }

  private static final Pattern TOKEN = Pattern.compile("\\{(=[^}]*|[a-z]+)\\}");

  final String id;
  final String name;
  final String command;
  final Protocol protocol;
  final Role role;
  final boolean reporting;
  final double weight;
  final double logMedian;
  final double sigma;
  /** Literals replaced by ?, list literals by (...), newlines kept. */
  final String template;
  final boolean multiLine;
  /** Position in the catalogue; indexes the per-shape ground-truth arrays. */
  final int index;

  private final byte[][] segments;
  private final int[] segmentNewlines;
  private final Literal[] slots;
  private final Literal[] parameters;
  private final SqlFlavour flavour;

  QueryShape(SqlFlavour flavour, int index, String id, String name, Protocol protocol, Role role, boolean reporting,
      double weight, double medianMs, double sigma, String text, Literal[] parameters) {
    this.flavour = flavour;
    this.index = index;
    this.id = id;
    this.name = name;
    this.protocol = protocol;
    this.role = role;
    this.reporting = reporting;
    this.weight = weight;
    this.logMedian = Math.log(medianMs);
    this.sigma = sigma;
    this.parameters = parameters;
    this.multiLine = text.indexOf('\n') >= 0;
    String trimmed = text.stripLeading();
    int space = trimmed.indexOf(' ');
    this.command = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(java.util.Locale.ROOT);

    List<byte[]> segmentList = new ArrayList<>();
    List<Integer> newlineList = new ArrayList<>();
    List<Literal> slotList = new ArrayList<>();
    StringBuilder normalised = new StringBuilder();
    StringBuilder pending = new StringBuilder();
    Matcher m = TOKEN.matcher(text);
    int last = 0;
    while (m.find()) {
      String constant = text.substring(last, m.start());
      pending.append(constant);
      normalised.append(constant);
      String token = m.group(1);
      if (token.startsWith("=")) {
        pending.append(token.substring(1));
        normalised.append('?');
      } else {
        Literal literal = Literal.byToken(token);
        addSegment(segmentList, newlineList, pending.toString(), flavour);
        pending.setLength(0);
        slotList.add(literal);
        normalised.append(literal.isList() ? "(...)" : "?");
      }
      last = m.end();
    }
    pending.append(text.substring(last));
    normalised.append(text.substring(last));
    addSegment(segmentList, newlineList, pending.toString(), flavour);
    this.segments = segmentList.toArray(new byte[0][]);
    this.segmentNewlines = newlineList.stream().mapToInt(Integer::intValue).toArray();
    this.slots = slotList.toArray(new Literal[0]);
    this.template = normalised.toString();
  }

  private static void addSegment(List<byte[]> segments, List<Integer> newlines, String constant, SqlFlavour flavour) {
    int count = 0;
    StringBuilder withTabs = new StringBuilder(constant.length() + 8);
    for (int i = 0; i < constant.length(); i++) {
      char c = constant.charAt(i);
      withTabs.append(c);
      if (c == '\n') {
        if (flavour == SqlFlavour.POSTGRESQL) {
          withTabs.append('\t');
        }
        count++;
      }
    }
    segments.add(AsciiBuffer.ascii(withTabs.toString()));
    newlines.add(count);
  }

  /** Writes one execution's statement text as the flavour's server logs it (continuation TABs for PostgreSQL). */
  void renderStatement(SplittableRandom random, AsciiBuffer out) {
    out.append(segments[0], segmentNewlines[0]);
    for (int i = 0; i < slots.length; i++) {
      int start = out.length();
      slots[i].render(random, out);
      if (flavour == SqlFlavour.MYSQL && slots[i].quoted) {
        out.backslashQuotes(start);
      }
      out.append(segments[i + 1], segmentNewlines[i + 1]);
    }
  }

  /** Writes {@code $1 = '...', $2 = '...'} for an extended-protocol execution. */
  void renderParameters(SplittableRandom random, AsciiBuffer out) {
    for (int i = 0; i < parameters.length; i++) {
      if (i > 0) {
        out.append(',').append(' ');
      }
      out.append('$').append(i + 1).append(" = ");
      parameters[i].renderParameter(random, out);
    }
  }

  /** Draws a duration in thousandths of a millisecond: exactly what the log prints, never below 0.001. */
  long drawDurationMicros(SplittableRandom random) {
    double ms = Math.exp(logMedian + sigma * random.nextGaussian());
    long thousandths = Math.round(ms * 1000.0);
    return Math.max(1, Math.min(thousandths, 3_600_000_000L));
  }
}
