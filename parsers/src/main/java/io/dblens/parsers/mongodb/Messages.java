package io.dblens.parsers.mongodb;

import io.dblens.parsers.EventType;
import io.dblens.parsers.LogEvent;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies the messages that are not slow operations, by their words (text logs, and the {@code msg}
 * of JSON logs where the id alone does not say enough). Replica-set state changes and elections become
 * REPLICATION events with {@code repl.member}, {@code repl.from_state}, {@code repl.to_state},
 * {@code repl.term} and {@code repl.reason} attributes (the columns of {@code replication_events}):
 * <ul>
 *   <li>{@code replSet PRIMARY} (2.x: this member's new state), {@code transition to SECONDARY from
 *       PRIMARY} (3.x-4.2);</li>
 *   <li>{@code replSet member h:p is now in state SECONDARY}, {@code Member h:p is now in state ARBITER};</li>
 *   <li>elections and step-downs: {@code replSet info electSelf 0}, {@code Starting an election ...},
 *       {@code conducting a dry run election ... current term: 1}, {@code election succeeded, assuming
 *       primary role in term 2}, {@code not electing self ...}, {@code stepping down ...}.</li>
 * </ul>
 */
final class Messages {

  static final Set<String> STATES = Set.of("STARTUP", "PRIMARY", "SECONDARY", "RECOVERING", "STARTUP2",
      "UNKNOWN", "ARBITER", "DOWN", "ROLLBACK", "REMOVED", "FATAL", "SHUNNED");

  private Messages() {}

  /**
   * Fills {@code e} as a REPLICATION event when the message is a state change or an election.
   *
   * @param self this member's host:port when the log named it, else null
   */
  static boolean replication(String message, String self, LogEvent.Builder e) {
    String body = message.startsWith("replSet ") ? message.substring(8).strip() : message;
    int nowIn = body.indexOf(" is now in state ");
    if (nowIn > 0 && (body.startsWith("member ") || body.startsWith("Member "))) {
      String member = body.substring(7, nowIn).strip();
      return state(e, member, null, firstWord(body, nowIn + 17), null);
    }
    if (STATES.contains(body)) {
      return state(e, self, null, body, null);
    }
    if (body.startsWith("transition to ")) {
      String to = firstWord(body, 14);
      if (STATES.contains(to)) {
        int from = body.indexOf(" from ", 14);
        return state(e, self, from < 0 ? null : firstWord(body, from + 6), to, null);
      }
      return state(e, self, null, null, body);
    }
    String lower = body.toLowerCase(Locale.ROOT);
    if (isElection(body, lower) || lower.contains("stepping down") || lower.contains("step down")
        || lower.contains("stepdown")) {
      state(e, self, null, null, body);
      e.attribute("repl.term", term(lower));
      return true;
    }
    return false;
  }

  private static boolean isElection(String body, String lower) {
    return body.startsWith("Election") || body.startsWith("election") || lower.contains(" election")
        || lower.contains("electself") || lower.contains("electing self");
  }

  static boolean state(LogEvent.Builder e, String member, String from, String to, String reason) {
    e.type(EventType.REPLICATION).attribute("repl.member", member).attribute("repl.from_state", from)
        .attribute("repl.to_state", to).attribute("repl.reason", reason);
    return true;
  }

  /** The number after "term" ({@code in term 2}, {@code current term: 1}, {@code term 3 dry run}), or null. */
  static String term(String lower) {
    int t = lower.indexOf("term");
    while (t >= 0) {
      int i = t + 4;
      while (i < lower.length() && (lower.charAt(i) == ' ' || lower.charAt(i) == ':')) {
        i++;
      }
      int start = i;
      while (i < lower.length() && Character.isDigit(lower.charAt(i))) {
        i++;
      }
      if (i > start) {
        return lower.substring(start, i);
      }
      t = lower.indexOf("term", t + 4);
    }
    return null;
  }

  /** Connections, start-ups, shut-downs and slow checkpoints in text logs; null for anything else. */
  static EventType textType(String message, LogEvent.Builder e) {
    if (message.startsWith("connection accepted from ")) {
      int space = message.indexOf(' ', 25);
      e.client(message.substring(25, space < 0 ? message.length() : space));
      int hash = message.indexOf('#', 25);
      if (hash > 0) {
        int end = hash + 1;
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
          end++;
        }
        e.sessionId("conn" + message.substring(hash + 1, end));
      }
      return EventType.CONNECTION;
    }
    if (message.startsWith("end connection ")) {
      int space = message.indexOf(' ', 15);
      e.client(message.substring(15, space < 0 ? message.length() : space));
      return EventType.DISCONNECTION;
    }
    if (message.startsWith("MongoDB starting") || (message.startsWith("MongoS version") && message.contains(" starting"))) {
      String pid = keyValue(message, "pid=");
      if (pid != null && pid.chars().allMatch(Character::isDigit)) {
        e.pid(Long.parseLong(pid));
      }
      return EventType.STARTUP;
    }
    if (message.startsWith("dbexit:") || message.startsWith("shutting down with code") || message.equals("now exiting")) {
      return EventType.SHUTDOWN;
    }
    if (message.startsWith("Checkpoint took ")) {
      String seconds = firstWord(message, 16);
      if (seconds.chars().allMatch(Character::isDigit) && !seconds.isEmpty()) {
        e.durationMs(Long.parseLong(seconds) * 1000.0);
      }
      return EventType.CHECKPOINT;
    }
    return null;
  }

  /** {@code host:port} of this member from the start-up line ({@code ... port=27017 ... host=db1}). */
  static String selfFromStartup(String message) {
    String host = keyValue(message, "host=");
    String port = keyValue(message, "port=");
    return host == null ? null : port == null ? host : host + ":" + port;
  }

  private static String keyValue(String message, String key) {
    int k = message.indexOf(key);
    if (k < 0) {
      return null;
    }
    return firstWord(message, k + key.length());
  }

  static String firstWord(String s, int from) {
    int end = from;
    while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != ',' && s.charAt(end) != ';') {
      end++;
    }
    return s.substring(Math.min(from, s.length()), end);
  }

  /** Milliseconds of a trailing {@code took 123ms}, or null. */
  static Double tookMillis(String message) {
    int took = message.lastIndexOf("took ");
    if (took < 0 || !message.endsWith("ms")) {
      return null;
    }
    String n = message.substring(took + 5, message.length() - 2);
    return !n.isEmpty() && n.chars().allMatch(Character::isDigit) ? Double.valueOf(n) : null;
  }
}
