package io.dblens.parsers.sqlserver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.LineSource;
import io.dblens.parsers.ParseContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Extended Events exported as JSON, streamed with Jackson one record at a time: JSON Lines (one object
 * a line), a JSON array of objects, or objects holding their records in a {@code records},
 * {@code value} or {@code events} array (Azure diagnostic exports). A record names its event in
 * {@code name} / {@code event_name} / {@code object_name}, its time in {@code timestamp} /
 * {@code timestamp_utc} / {@code event_time} / {@code time}, and carries the event's fields at its top
 * level or under {@code data}, {@code fields}, {@code actions} or {@code properties}. A field holding
 * XML (xml_report, blocked_process, showplan_xml, deadlock_xml, event_data ...) is read as the report;
 * a whole {@code <event>} in a field stands for the record.
 */
final class JsonRecords extends RecordFileParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> NAME_FIELDS = List.of("name", "event_name", "object_name");
  private static final List<String> TIME_FIELDS = List.of("timestamp", "timestamp_utc", "event_time", "time",
      "TimeGenerated", "@timestamp");
  private static final List<String> NESTED_FIELDS = List.of("data", "fields", "actions", "properties");
  private static final List<String> CONTAINERS = List.of("records", "value", "events");

  JsonRecords(ParseContext context) {
    super(context);
  }

  @Override
  LineReader reader(LineSource lines) {
    return new LineReader(lines, "", "", false);
  }

  @Override
  String kind() {
    return "JSON";
  }

  @Override
  boolean startsRecord(String line) {
    String t = line.stripLeading();
    return t.startsWith("{") || t.startsWith("[");
  }

  @Override
  void read(LineReader in, Records out) throws Broken, IOException {
    String inside = null;
    try (JsonParser p = MAPPER.getFactory().createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY || t == JsonToken.END_ARRAY) {
          continue;
        }
        if (t != JsonToken.START_OBJECT) {
          throw new Broken(null, "expected a JSON object, found " + t);
        }
        inside = "JSON record";
        JsonNode object = MAPPER.readTree(p);
        inside = null;
        long end = in.fileLine(p.currentLocation().getLineNr());
        for (JsonNode record : records(object)) {
          try {
            out.record(event(record), end);
          } catch (ReportEvents.Rejected e) {
            out.reject(end, e.getMessage());
          }
        }
      }
    } catch (JsonProcessingException e) {
      throw new Broken(inside, e.getOriginalMessage());
    }
  }

  private static List<JsonNode> records(JsonNode object) {
    if (field(object, NAME_FIELDS) == null) {
      for (String c : CONTAINERS) {
        JsonNode a = object.get(c);
        if (a != null && a.isArray()) {
          List<JsonNode> out = new ArrayList<>();
          a.forEach(out::add);
          return out;
        }
      }
    }
    return List.of(object);
  }

  /** The record as an Extended Events {@code <event>} element. */
  private static XmlNode event(JsonNode record) throws ReportEvents.Rejected {
    String name = field(record, NAME_FIELDS);
    String time = field(record, TIME_FIELDS);
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    collect(record, fields);
    for (String nested : NESTED_FIELDS) {
      JsonNode n = record.get(nested);
      if (n != null && n.isObject()) {
        collect(n, fields);
      }
    }
    XmlNode event = XmlNode.element("event");
    String reportRoot = null;
    for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
      String key = f.getKey();
      String value = f.getValue().asText();
      if (NAME_FIELDS.contains(key) || TIME_FIELDS.contains(key)) {
        continue;
      }
      XmlNode data = XmlNode.element("data");
      data.attributes.put("name", key);
      XmlNode v = data.add(XmlNode.element("value"));
      if (value.stripLeading().startsWith("<")) {
        XmlNode xml;
        try {
          xml = XmlRecords.parse(value);
        } catch (XMLStreamException e) {
          throw new ReportEvents.Rejected("the XML in field '" + key + "' is not well-formed: "
              + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
        if (xml != null && xml.name.equals("event")) {
          if (xml.attr("timestamp") == null && time != null) {
            xml.attributes.put("timestamp", time);
          }
          return xml;
        }
        if (xml != null) {
          v.add(xml);
          if (reportRoot == null && ReportEvents.RECORDS.contains(xml.name)) {
            reportRoot = xml.name;
          }
        }
      } else {
        v.appendText(value);
      }
      event.add(data);
    }
    if (name == null) {
      name = reportRoot == null ? null : switch (reportRoot) {
        case "deadlock" -> "xml_deadlock_report";
        case "blocked-process-report" -> "blocked_process_report";
        case "ShowPlanXML" -> "query_post_execution_showplan";
        default -> null;
      };
    }
    if (name == null) {
      throw new ReportEvents.Rejected("JSON record without an event name or a report in XML");
    }
    event.attributes.put("name", name);
    if (time != null) {
      event.attributes.put("timestamp", time);
    }
    return event;
  }

  private static void collect(JsonNode object, Map<String, JsonNode> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isValueNode() && !f.getValue().isNull()) {
        into.putIfAbsent(f.getKey(), f.getValue());
      }
    }
  }

  private static String field(JsonNode object, List<String> names) {
    for (String n : names) {
      JsonNode v = object.get(n);
      if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }
}
