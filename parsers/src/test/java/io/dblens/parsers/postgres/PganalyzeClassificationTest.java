package io.dblens.parsers.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblens.parsers.EventSink;
import io.dblens.parsers.EventType;
import io.dblens.parsers.Line;
import io.dblens.parsers.LogEvent;
import io.dblens.parsers.ParseContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Classifies the message texts of pganalyze-collector's log analysis test cases. Each case's lines
 * become stderr lines with a simple prefix; every line pganalyze classifies must land in an event of
 * the type mapped below.
 */
class PganalyzeClassificationTest {

  /** pganalyze classification to our event type; classifications not listed map by severity. */
  static final Map<String, EventType> MAPPING = Map.ofEntries(
      Map.entry("STATEMENT_DURATION", EventType.QUERY),
      Map.entry("STATEMENT_AUTO_EXPLAIN", EventType.PLAN),
      Map.entry("STATEMENT_LOG", EventType.STATEMENT),
      Map.entry("CONNECTION_RECEIVED", EventType.CONNECTION),
      Map.entry("CONNECTION_AUTHORIZED", EventType.CONNECTION),
      Map.entry("CONNECTION_DISCONNECTED", EventType.DISCONNECTION),
      Map.entry("CHECKPOINT_STARTING", EventType.CHECKPOINT),
      Map.entry("CHECKPOINT_COMPLETE", EventType.CHECKPOINT),
      Map.entry("CHECKPOINT_TOO_FREQUENT", EventType.CHECKPOINT),
      Map.entry("RESTARTPOINT_STARTING", EventType.CHECKPOINT),
      Map.entry("RESTARTPOINT_COMPLETE", EventType.CHECKPOINT),
      Map.entry("RESTARTPOINT_AT", EventType.CHECKPOINT),
      Map.entry("AUTOVACUUM_COMPLETED", EventType.AUTOVACUUM),
      Map.entry("AUTOANALYZE_COMPLETED", EventType.AUTOANALYZE),
      Map.entry("LOCK_WAITING", EventType.LOCK_WAIT),
      Map.entry("LOCK_DEADLOCK_AVOIDED", EventType.LOCK_WAIT),
      Map.entry("LOCK_ACQUIRED", EventType.LOCK_ACQUIRED),
      Map.entry("LOCK_DEADLOCK_DETECTED", EventType.DEADLOCK),
      Map.entry("SERVER_TEMP_FILE_CREATED", EventType.TEMP_FILE),
      Map.entry("SERVER_START", EventType.STARTUP),
      Map.entry("SERVER_START_RECOVERING", EventType.STARTUP),
      Map.entry("SERVER_SHUTDOWN", EventType.SHUTDOWN),
      Map.entry("SERVER_CRASHED", EventType.SHUTDOWN),
      Map.entry("SERVER_PROCESS_EXITED", EventType.SHUTDOWN),
      Map.entry("AUTOVACUUM_LAUNCHER_SHUTTING_DOWN", EventType.SHUTDOWN),
      Map.entry("AUTOVACUUM_LAUNCHER_STARTED", EventType.STARTUP),
      Map.entry("WAL_REDO", EventType.STARTUP),
      Map.entry("WAL_INVALID_RECORD_LENGTH", EventType.REPLICATION),
      Map.entry("WAL_ARCHIVE_COMMAND_FAILED", EventType.REPLICATION),
      Map.entry("WAL_BASE_BACKUP_COMPLETE", EventType.REPLICATION),
      Map.entry("STANDBY_STARTED_STREAMING", EventType.REPLICATION),
      Map.entry("STANDBY_RESTORED_WAL_FROM_ARCHIVE", EventType.REPLICATION),
      Map.entry("STANDBY_STREAMING_INTERRUPTED", EventType.REPLICATION),
      Map.entry("STANDBY_STOPPED_STREAMING", EventType.REPLICATION),
      Map.entry("STANDBY_CONSISTENT_RECOVERY_STATE", EventType.REPLICATION),
      Map.entry("STANDBY_INVALID_TIMELINE", EventType.REPLICATION));

  /**
   * Where we classify differently on purpose (case number and classification).
   * 45: "process N detected deadlock while waiting for ..." is log_lock_waits' LOG line; the deadlock
   * itself is the ERROR "deadlock detected" that follows from the same process, so counting this line
   * as a DEADLOCK would count every deadlock twice. It is a LOCK_WAIT with pg.lock_event=detected_deadlock.
   * 88: "server process (PID n) was terminated by signal 9: Killed" is a backend crash that restarts the
   * server (SHUTDOWN for us); pganalyze guesses the OOM killer from signal 9.
   */
  static final Map<Integer, String> KNOWN_DIFFERENCES = Map.of(
      45, "LOCK_DEADLOCK_DETECTED",
      88, "SERVER_OUT_OF_MEMORY");

  private static final ObjectMapper JSON = new ObjectMapper();

  record Miss(int caseNo, String classification, EventType expected, EventType actual, String content) {}

  @Test
  void classifiesPganalyzeCases() throws IOException {
    assumeTrue(Files.exists(CorpusSupport.PGANALYZE), "pganalyze test cases not present");
    int lines = 0;
    int justified = 0;
    List<Miss> misses = new ArrayList<>();
    for (String json : Files.readAllLines(CorpusSupport.PGANALYZE)) {
      JsonNode c = JSON.readTree(json);
      List<String> text = new ArrayList<>();
      List<Long> firstLineOf = new ArrayList<>();
      for (JsonNode in : c.get("input_lines")) {
        String level = in.path("LogLevel").asText("LOG");
        String content = in.path("Content").asText();
        if (content.endsWith("\n")) {
          content = content.substring(0, content.length() - 1);
        }
        firstLineOf.add((long) text.size() + 1);
        String[] parts = content.split("\n", -1);
        text.add("2024-01-01 00:00:00 UTC [123] " + level + ":  " + parts[0]);
        for (int i = 1; i < parts.length; i++) {
          text.add("\t" + parts[i]);
        }
      }
      List<LogEvent> events = parse(text);
      JsonNode expected = c.get("expected_lines");
      for (int i = 0; i < expected.size(); i++) {
        String cls = expected.get(i).path("Classification").asText(null);
        if (cls == null) {
          continue;
        }
        lines++;
        String level = c.get("input_lines").get(i).path("LogLevel").asText("LOG");
        EventType want = MAPPING.getOrDefault(cls,
            level.equals("ERROR") || level.equals("FATAL") || level.equals("PANIC") ? EventType.ERROR : EventType.MESSAGE);
        long line = firstLineOf.get(i);
        EventType got = events.stream().filter(e -> e.lineStart() == line).map(LogEvent::type).findFirst().orElse(null);
        if (got != want && cls.equals(KNOWN_DIFFERENCES.get(c.get("case_no").asInt()))) {
          justified++;
        } else if (got != want) {
          misses.add(new Miss(c.get("case_no").asInt(), cls, want, got, c.get("input_lines").get(i).path("Content").asText()));
        }
      }
    }
    double rate = 1.0 - (double) misses.size() / lines;
    System.out.printf("pganalyze classification: %d of %d lines as mapped, %d justified differences, %d wrong%n",
        lines - misses.size() - justified, lines, justified, misses.size());
    misses.forEach(m -> System.out.println("  " + m));
    assertThat(misses).isEmpty();
    assertThat(rate).isEqualTo(1.0);
  }

  private static List<LogEvent> parse(List<String> text) throws IOException {
    List<LogEvent> events = new ArrayList<>();
    List<String> quarantined = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void event(LogEvent event) {
        events.add(event);
      }

      @Override
      public void quarantine(long lineStart, long lineEnd, String rawText, String reason) {
        quarantined.add(lineStart + ": " + reason);
      }
    };
    int[] i = {0};
    new PostgresLogParser(PgFormat.STDERR, LinePrefix.compile("%t [%p] "), new ParseContext("pganalyze", null, null), 0)
        .parse(() -> i[0] < text.size() ? new Line(i[0] + 1, text.get(i[0]++)) : null, sink);
    assertThat(quarantined).isEmpty();
    return events;
  }
}
