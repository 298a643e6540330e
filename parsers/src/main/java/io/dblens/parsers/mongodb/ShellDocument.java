package io.dblens.parsers.mongodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the documents MongoDB writes into text logs and shell printouts: JSON, and the shell's own
 * notation that is not JSON (unquoted keys such as {@code Header._id} or {@code $in}, single quotes,
 * {@code ObjectId('...')}, {@code new Date(...)}, {@code Timestamp 1403491199000|904}, {@code BinData(0, AB12)},
 * {@code /regex/i}, {@code MinKey}, unquoted anonymised values). Typed values become their extended-JSON
 * form ({@code {"$oid": ...}}, {@code {"$date": ...}}), so that {@link QueryShape} sees one tree shape
 * whichever format a document came from. A hand-written scanner: documents sit on the per-line path.
 */
final class ShellDocument {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String text;
  private final int end;
  private int pos;

  private ShellDocument(String text, int from, int end) {
    this.text = text;
    this.pos = from;
    this.end = end;
  }

  /** Thrown for text that is not a document; the caller decides what that means for its line. */
  static final class NotADocument extends Exception {
    private static final long serialVersionUID = 1L;

    NotADocument(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses {@code text[from, end)} as one value (usually a document or an array). */
  static JsonNode parse(String text, int from, int end) throws NotADocument {
    ShellDocument d = new ShellDocument(text, from, end);
    JsonNode value = d.value();
    d.skipSpace();
    if (d.pos < d.end) {
      throw new NotADocument("unexpected '" + text.charAt(d.pos) + "' after the document at offset " + d.pos);
    }
    return value;
  }

  static JsonNode parse(String text) throws NotADocument {
    return parse(text, 0, text.length());
  }

  /**
   * Where the bracketed value that opens at {@code open} ('{' or '[') closes: the index after its matching
   * bracket, or the end of the text when the line was cut. Quotes are respected; nothing is built.
   */
  static int spanEnd(String text, int open) {
    int depth = 0;
    int n = text.length();
    for (int i = open; i < n; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipQuoted(text, i, n) - 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return n;
  }

  /** The index after the closing quote of the string opening at {@code i} (or {@code n} if unclosed). */
  static int skipQuoted(String text, int i, int n) {
    char quote = text.charAt(i);
    for (int j = i + 1; j < n; j++) {
      char c = text.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == quote) {
        return j + 1;
      }
    }
    return n;
  }

  private JsonNode value() throws NotADocument {
    skipSpace();
    if (pos >= end) {
      throw new NotADocument("document ends early");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"', '\'':
        return NODES.textNode(quoted());
      case '/':
        return regex();
      default:
        return bare();
    }
  }

  private ObjectNode object() throws NotADocument {
    pos++;
    ObjectNode o = NODES.objectNode();
    while (true) {
      skipSpace();
      if (pos >= end) {
        throw new NotADocument("document not closed");
      }
      char c = text.charAt(pos);
      if (c == '}') {
        pos++;
        return o;
      }
      if (c == ',') {
        pos++;
        continue;
      }
      String key = key();
      skipSpace();
      if (pos >= end || text.charAt(pos) != ':') {
        throw new NotADocument("expected ':' after key '" + key + "'");
      }
      pos++;
      o.set(key, value());
    }
  }

  private String key() throws NotADocument {
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      return quoted();
    }
    // Unquoted keys run to the colon: field paths (a.b), operators ($gt) and the empty key of "{ : 1 }".
    int start = pos;
    while (pos < end && text.charAt(pos) != ':' && text.charAt(pos) != '}' && text.charAt(pos) != ',') {
      pos++;
    }
    return text.substring(start, pos).strip();
  }

  private ArrayNode array() throws NotADocument {
    pos++;
    ArrayNode a = NODES.arrayNode();
    while (true) {
      skipSpace();
      if (pos >= end) {
        throw new NotADocument("array not closed");
      }
      char c = text.charAt(pos);
      if (c == ']') {
        pos++;
        return a;
      }
      if (c == ',') {
        pos++;
        continue;
      }
      a.add(value());
    }
  }

  private String quoted() {
    char quote = text.charAt(pos);
    int close = skipQuoted(text, pos, end);
    String body = text.substring(pos + 1, Math.max(pos + 1, close - 1));
    pos = close;
    return body.indexOf('\\') < 0 ? body : unescape(body);
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        b.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'u' -> {
          if (i + 4 < s.length()) {
            try {
              b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
              i += 4;
            } catch (NumberFormatException ex) {
              b.append('u');
            }
          } else {
            b.append('u');
          }
        }
        default -> b.append(e);
      }
    }
    return b.toString();
  }

  private JsonNode regex() {
    int start = ++pos;
    while (pos < end && text.charAt(pos) != '/') {
      pos += text.charAt(pos) == '\\' ? 2 : 1;
    }
    String pattern = text.substring(start, Math.min(pos, end));
    pos = Math.min(pos + 1, end);
    int flags = pos;
    while (pos < end && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    ObjectNode r = NODES.objectNode();
    r.put("$regex", pattern);
    r.put("$options", text.substring(flags, pos));
    return r;
  }

  /**
   * Numbers, true/false/null, constructors such as {@code ObjectId('..')} or {@code new Date(..)}, and
   * unquoted values (anonymised hashes, {@code Timestamp 1|2}) that run to the next separator.
   */
  private JsonNode bare() throws NotADocument {
    int start = pos;
    if (text.startsWith("new ", pos)) {
      pos += 4;
      start = pos;
    }
    while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
        || text.charAt(pos) == '$')) {
      pos++;
    }
    String word = text.substring(start, pos);
    if (pos < end && text.charAt(pos) == '(' && !word.isEmpty()) {
      int close = closingParen(pos);
      String args = text.substring(pos + 1, Math.max(pos + 1, close - 1)).strip();
      pos = close;
      return typed(word, args);
    }
    // anything else runs to the next separator at this level
    while (pos < end) {
      char c = text.charAt(pos);
      if (c == ',' || c == '}' || c == ']') {
        break;
      }
      if (c == '{' || c == '[') {
        throw new NotADocument("unexpected '" + c + "' inside a value at offset " + pos);
      }
      pos++;
    }
    String raw = text.substring(start, pos).strip();
    if (raw.isEmpty()) {
      throw new NotADocument("missing value at offset " + start);
    }
    return scalar(raw);
  }

  private int closingParen(int open) {
    int depth = 0;
    for (int i = open; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipQuoted(text, i, end) - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
    }
    return end;
  }

  private static JsonNode typed(String type, String args) {
    String arg = unquote(args);
    ObjectNode o = NODES.objectNode();
    switch (type) {
      case "ObjectId" -> o.put("$oid", arg);
      case "Date", "ISODate" -> o.put("$date", arg);
      case "NumberLong" -> o.put("$numberLong", arg);
      case "NumberInt" -> o.put("$numberInt", arg);
      case "NumberDecimal" -> o.put("$numberDecimal", arg);
      case "UUID" -> o.put("$uuid", arg);
      case "Timestamp" -> o.put("$timestamp", arg);
      case "BinData", "HexData" -> o.put("$binary", arg);
      default -> o.put("$" + type, arg);
    }
    return o;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static JsonNode scalar(String raw) {
    switch (raw) {
      case "true" -> { return NODES.booleanNode(true); }
      case "false" -> { return NODES.booleanNode(false); }
      case "null" -> { return NODES.nullNode(); }
      case "MinKey", "MaxKey", "undefined" -> {
        ObjectNode o = NODES.objectNode();
        o.put("$" + Character.toLowerCase(raw.charAt(0)) + raw.substring(1), 1);
        return o;
      }
      default -> { }
    }
    if (raw.startsWith("Timestamp ")) {
      ObjectNode o = NODES.objectNode();
      o.put("$timestamp", raw.substring(10).strip());
      return o;
    }
    if (looksNumeric(raw)) {
      try {
        if (raw.indexOf('.') < 0 && raw.indexOf('e') < 0 && raw.indexOf('E') < 0) {
          return NODES.numberNode(Long.parseLong(raw));
        }
        return NODES.numberNode(Double.parseDouble(raw));
      } catch (NumberFormatException e) {
        return NODES.textNode(raw);
      }
    }
    return NODES.textNode(raw);
  }

  private static boolean looksNumeric(String s) {
    char c = s.charAt(0);
    return (c >= '0' && c <= '9') || ((c == '-' || c == '+' || c == '.') && s.length() > 1);
  }

  private void skipSpace() {
    while (pos < end && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
