package io.dblens.parsers.sqlserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One element of a report, read from a StAX cursor: the record being parsed (one deadlock, one plan)
 * is held as a small tree, the file never is. Names are local names; namespace declarations are kept as
 * attributes so that {@link #toXml()} gives a document SQL Server tools open again (a saved
 * {@code .xdl} or {@code .sqlplan}).
 */
final class XmlNode {

  final String name;
  final String qualifiedName;
  final Map<String, String> attributes = new LinkedHashMap<>();
  final List<XmlNode> children = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  private XmlNode(String name, String qualifiedName) {
    this.name = name;
    this.qualifiedName = qualifiedName;
  }

  /** A new element, for records that arrive in another form (JSON exports). */
  static XmlNode element(String name) {
    return new XmlNode(name, name);
  }

  /** Adds a child and returns it. */
  XmlNode add(XmlNode child) {
    children.add(child);
    return child;
  }

  /** Appends text inside this element. */
  XmlNode appendText(String s) {
    text.append(s);
    return this;
  }

  /** Reads the element the cursor is on (a START_ELEMENT) up to its end tag, which the cursor is left on. */
  static XmlNode read(XMLStreamReader r) throws XMLStreamException {
    XmlNode root = start(r);
    List<XmlNode> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      int event = r.next();
      XmlNode top = stack.get(stack.size() - 1);
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          XmlNode child = start(r);
          top.children.add(child);
          stack.add(child);
        }
        case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            top.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
        default -> { }
      }
    }
    return root;
  }

  private static XmlNode start(XMLStreamReader r) {
    String prefix = r.getPrefix();
    XmlNode n = new XmlNode(r.getLocalName(),
        prefix == null || prefix.isEmpty() ? r.getLocalName() : prefix + ":" + r.getLocalName());
    for (int i = 0; i < r.getNamespaceCount(); i++) {
      String p = r.getNamespacePrefix(i);
      n.attributes.put(p == null || p.isEmpty() ? "xmlns" : "xmlns:" + p, r.getNamespaceURI(i));
    }
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String p = r.getAttributePrefix(i);
      String local = r.getAttributeLocalName(i);
      n.attributes.put(p == null || p.isEmpty() ? local : p + ":" + local, r.getAttributeValue(i));
    }
    return n;
  }

  /** The attribute, or null when absent or blank. */
  String attr(String key) {
    String v = attributes.get(key);
    return v == null || v.isBlank() ? null : v;
  }

  /** The text directly inside this element, as written. */
  String text() {
    return text.toString();
  }

  /** The first child with this local name, or null. */
  XmlNode child(String childName) {
    for (XmlNode c : children) {
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** The children with this local name. */
  List<XmlNode> children(String childName) {
    List<XmlNode> out = new ArrayList<>();
    for (XmlNode c : children) {
      if (c.name.equals(childName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Follows a path of child names; null when a step is missing. */
  XmlNode path(String... names) {
    XmlNode n = this;
    for (String step : names) {
      n = n.child(step);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** The first element with this local name in this subtree (this one included), depth first. */
  XmlNode find(String elementName) {
    if (name.equals(elementName)) {
      return this;
    }
    for (XmlNode c : children) {
      XmlNode f = c.find(elementName);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** Visits this subtree depth first. */
  void walk(Consumer<XmlNode> visitor) {
    visitor.accept(this);
    for (XmlNode c : children) {
      c.walk(visitor);
    }
  }

  /** The subtree as indented XML; whitespace-only text between elements is not kept. */
  String toXml() {
    StringBuilder b = new StringBuilder();
    write(b, 0);
    return b.toString();
  }

  private void write(StringBuilder b, int depth) {
    if (depth > 0) {
      b.append('\n');
    }
    b.append("  ".repeat(depth)).append('<').append(qualifiedName);
    attributes.forEach((k, v) -> b.append(' ').append(k).append("=\"").append(escape(v, true)).append('"'));
    String t = text.toString();
    boolean hasText = !t.isBlank();
    if (children.isEmpty() && !hasText) {
      b.append(" />");
      return;
    }
    b.append('>');
    if (hasText) {
      b.append(escape(children.isEmpty() ? t : t.strip(), false));
    }
    for (XmlNode c : children) {
      c.write(b, depth + 1);
    }
    if (!children.isEmpty()) {
      b.append('\n').append("  ".repeat(depth));
    }
    b.append("</").append(qualifiedName).append('>');
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> attribute ? "&quot;" : null;
        case '\n' -> attribute ? "&#xa;" : null;
        case '\r' -> "&#xd;";
        case '\t' -> attribute ? "&#x9;" : null;
        default -> null;
      };
      if (rep != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (rep != null) {
          b.append(rep);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
