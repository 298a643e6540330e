package io.dblens.parsers.oracle;

import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.LogParser;
import io.dblens.parsers.ParseContext;
import io.dblens.parsers.QuarantineBuffer;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the ADR XML alert log ({@code diag/rdbms/<db>/<sid>/alert/log.xml}): a sequence of
 * {@code <msg time='...' org_id='oracle' comp_id='rdbms' type='UNKNOWN' level='16' host_id='...'
 * pid='...'> <txt>...</txt> </msg>} elements with no root element. Framing is by lines (a record runs
 * from the line that opens {@code <msg} to the line that closes it); each record is then parsed on its
 * own with StAX, so the file is streamed and one malformed record costs only its own lines. The text is
 * classified as in the text alert log; the element's attributes are kept.
 */
final class AlertXmlParser implements LogParser {

  /** A {@code <msg>} still open after this many lines is taken to be broken, not a long message. */
  static final int MAX_RECORD_LINES = 5000;

  private final ParseContext context;
  /** One factory per file: StAX factories are not guaranteed to be thread-safe. */
  private final XMLInputFactory factory = xmlFactory();

  AlertXmlParser(ParseContext context) {
    this.context = context;
  }

  private static XMLInputFactory xmlFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    return f;
  }

  /** Whether a line opens a {@code <msg} element. */
  static boolean opensMsg(String l) {
    String s = l.stripLeading();
    return s.startsWith("<msg") && (s.length() == 4 || s.charAt(4) == ' ' || s.charAt(4) == '>');
  }

  @Override
  public void parse(LineSource lines, EventSink sink) throws IOException {
    OracleTime clock = new OracleTime(context.zone());
    QuarantineBuffer quarantine = new QuarantineBuffer(sink);
    HeldEvent held = new HeldEvent(sink);
    StringBuilder record = null;
    long start = 0;
    long end = 0;
    Line line;
    while ((line = lines.next()) != null) {
      String text = line.text();
      long n = line.number();
      if (record == null) {
        if (text.isBlank()) {
          held.filler(n, text);
          continue;
        }
        if (!opensMsg(text)) {
          held.quarantine(quarantine, n, text, "text outside a <msg> element");
          continue;
        }
        record = new StringBuilder();
        start = n;
      } else {
        record.append('\n');
      }
      record.append(text);
      end = n;
      if (text.contains("</msg>")) {
        complete(record.toString(), held.startAt(start), end, clock, held, quarantine);
        record = null;
      } else if (end - start + 1 >= MAX_RECORD_LINES) {
        quarantine.addRange(held.startAt(start), end, record.toString(),
            "<msg> element not closed within " + MAX_RECORD_LINES + " lines");
        record = null;
      }
    }
    if (record != null) {
      quarantine.addRange(held.startAt(start), end, record.toString(),
          "log.xml cut off inside a <msg> element (no </msg> before the end of the file)");
    }
    held.finish(quarantine, "blank lines after the last <msg> element");
    quarantine.flush();
  }

  private void complete(String xml, long start, long end, OracleTime clock, HeldEvent held,
      QuarantineBuffer quarantine) {
    Map<String, String> attrs = new LinkedHashMap<>();
    String txt = null;
    try {
      XMLStreamReader r = factory.createXMLStreamReader(new StringReader(xml));
      try {
        while (r.hasNext()) {
          int ev = r.next();
          if (ev == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("msg")) {
            for (int i = 0; i < r.getAttributeCount(); i++) {
              attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
          } else if (ev == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("txt")) {
            txt = r.getElementText();
          }
        }
      } finally {
        r.close();
      }
    } catch (XMLStreamException e) {
      quarantine.addRange(start, end, xml, "malformed <msg> element: " + firstLine(e.getMessage()));
      return;
    }
    String timeText = attrs.get("time");
    Instant time = timeText == null ? null : clock.iso(timeText, 0, true);
    if (time == null) {
      quarantine.addRange(start, end, xml, "<msg> element without a valid time attribute: '" + timeText + "'");
      return;
    }
    String body = txt == null ? "" : txt.strip();
    int nl = body.indexOf('\n');
    String first = nl < 0 ? body : body.substring(0, nl).stripTrailing();
    String detail = nl < 0 ? null : stripLines(body.substring(nl + 1));
    LogEvent.Builder b = LogEvent.builder(null).lines(start, end).eventTime(time).rawTime(timeText)
        .message(first).detail(detail).pid(number(attrs.get("pid"))).application(blankToNull(attrs.get("module")))
        .database(blankToNull(attrs.get("con_name")));
    AlertMessages.classify(b, first, detail);
    String type = attrs.get("type");
    if (type != null && type.endsWith("ERROR")) {
      b.type(EventType.ERROR).severity("ERROR");
    } else if ("WARNING".equals(type) && b.severity() == null) {
      b.severity("WARNING");
    }
    attrs.forEach((k, v) -> {
      if (!v.isEmpty() && !k.equals("time") && !k.equals("pid") && !k.equals("module") && !k.equals("con_name")) {
        b.attribute("oracle." + (k.equals("type") || k.equals("group") || k.equals("level") ? "msg_" + k : k), v);
      }
    });
    held.hold(b);
  }

  /** Continuation lines keep their text, not the XML indentation Oracle adds before the closing tag. */
  private static String stripLines(String s) {
    String t = s.stripTrailing();
    return t.isBlank() ? null : t;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Long number(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return null;
      }
    }
    return s.length() > 18 ? null : Long.parseLong(s);
  }
}
