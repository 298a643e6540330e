package io.dblens.parsers.sqlserver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Extended Events {@code <event name=".." timestamp="..">} element: its {@code <data>} fields (by
 * name, as nodes: a field's value may be an XML report) and its {@code <action>} values (as text).
 */
final class XeEvent {

  final String name;
  final String timestamp;
  private final Map<String, XmlNode> data = new LinkedHashMap<>();
  private final Map<String, String> actions = new LinkedHashMap<>();

  XeEvent(XmlNode event) {
    name = event.attr("name");
    timestamp = event.attr("timestamp");
    for (XmlNode c : event.children) {
      String key = c.attr("name");
      if (key == null) {
        continue;
      }
      if (c.name.equals("data")) {
        data.put(key, c);
      } else if (c.name.equals("action")) {
        actions.put(key, value(c));
      }
    }
  }

  /** A data field's value as text ({@code <value>}, else its {@code <text>}); null when absent or blank. */
  String data(String field) {
    XmlNode d = data.get(field);
    return d == null ? null : value(d);
  }

  /** A data field's display text ({@code <text>}: lock_mode "IX" rather than 8); falls back to the value. */
  String dataText(String field) {
    XmlNode d = data.get(field);
    if (d == null) {
      return null;
    }
    XmlNode t = d.child("text");
    String v = t == null ? null : t.text().strip();
    return v == null || v.isEmpty() ? value(d) : v;
  }

  /** The XML element carried in a data field's value, or null. */
  XmlNode dataXml(String field, String element) {
    XmlNode d = data.get(field);
    return d == null ? null : d.find(element);
  }

  String action(String field) {
    return actions.get(field);
  }

  /** An action, else a data field of that name (JSON exports do not tell them apart). */
  String field(String name) {
    String a = actions.get(name);
    return a != null ? a : data(name);
  }

  private static String value(XmlNode field) {
    XmlNode v = field.child("value");
    String s = v == null ? null : v.text().strip();
    if (s == null || s.isEmpty()) {
      XmlNode t = field.child("text");
      s = t == null ? null : t.text().strip();
    }
    return s == null || s.isEmpty() ? null : s;
  }
}
