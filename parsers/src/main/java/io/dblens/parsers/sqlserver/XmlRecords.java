package io.dblens.parsers.sqlserver;

import io.dblens.parsers.LineSource;
import io.dblens.parsers.ParseContext;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * SQL Server XML files, streamed with StAX: saved deadlock graphs ({@code .xdl}: one or more
 * {@code <deadlock>} in a {@code <deadlock-list>}), Extended Events events ({@code <event>} elements
 * from system_health or any session: a ring-buffer target, event_data rows one per line, with or without
 * a common root), bare blocked process reports and showplans ({@code .sqlplan}). A record is any of
 * these elements wherever it sits; wrappers are skipped and files may hold several documents in a row.
 */
final class XmlRecords extends RecordFileParser {

  /** Lets records without a common root, and several documents, be read as one stream. */
  private static final String WRAPPER = "dblens-records";
  private static final XMLInputFactory FACTORY = factory();

  XmlRecords(ParseContext context) {
    super(context);
  }

  private static XMLInputFactory factory() {
    // The JDK's own implementation: its line numbers and short reads are what LineReader relies on.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    return f;
  }

  @Override
  LineReader reader(LineSource lines) {
    return new LineReader(lines, "<" + WRAPPER + ">", "</" + WRAPPER + ">", true);
  }

  @Override
  String kind() {
    return "XML";
  }

  @Override
  void read(LineReader in, Records out) throws Broken {
    String inside = null;
    XMLStreamReader r = null;
    try {
      r = FACTORY.createXMLStreamReader(in);
      while (r.hasNext()) {
        if (r.next() != XMLStreamConstants.START_ELEMENT || !ReportEvents.RECORDS.contains(r.getLocalName())) {
          continue;
        }
        inside = "<" + r.getLocalName() + "> report";
        XmlNode node = XmlNode.read(r);
        inside = null;
        out.record(node, in.fileLine(r.getLocation().getLineNumber()));
      }
    } catch (XMLStreamException e) {
      throw new Broken(inside, e.getMessage());
    } finally {
      close(r);
    }
  }

  /** Parses a report held in a string (a JSON field). */
  static XmlNode parse(String xml) throws XMLStreamException {
    XMLStreamReader r = FACTORY.createXMLStreamReader(new java.io.StringReader(xml.strip()));
    try {
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          return XmlNode.read(r);
        }
      }
      return null;
    } finally {
      close(r);
    }
  }

  @Override
  boolean startsRecord(String line) {
    String t = line.stripLeading();
    if (!t.isEmpty() && t.charAt(0) == '\uFEFF') {
      t = t.substring(1);
    }
    return t.startsWith("<?xml") || t.startsWith("<event ") || t.startsWith("<deadlock")
        || t.startsWith("<blocked-process-report") || t.startsWith("<ShowPlanXML") || t.startsWith("<RingBufferTarget");
  }

  private static void close(XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // The stream belongs to the caller; nothing was written.
      }
    }
  }
}
