package io.dblens.parsers.postgres;

import io.dblens.parsers.EventSink;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attaches DETAIL / HINT / CONTEXT / STATEMENT / QUERY entries to the entry of the same session they
 * follow, and pairs a {@code log_statement} line with the bare {@code duration: X ms} that
 * {@code log_duration} writes for it. The last entry of each session stays open until the session's
 * next entry, the end of input, or until too many sessions are open (bounded memory).
 */
final class SessionAssembler {

  static final int MAX_OPEN_SESSIONS = 10_000;

  private final EventClassifier classifier;
  private final EventSink sink;
  private final Map<Object, PgEntry> open = new LinkedHashMap<>(256, 0.75f, false);

  SessionAssembler(EventClassifier classifier, EventSink sink) {
    this.classifier = classifier;
    this.sink = sink;
  }

  void accept(PgEntry e) {
    Object key = e.sessionKey();
    if (!e.structured && Severity.isChild(e.severity)) {
      PgEntry parent = open.get(key);
      if (parent != null) {
        parent.merge(e);
      } else {
        emit(e); // an orphan DETAIL/STATEMENT (its parent was in an earlier file): kept as a message
      }
      return;
    }
    PgEntry prev = open.remove(key);
    if (prev != null) {
      if (EventClassifier.isBareDuration(e) && EventClassifier.isLoggedStatement(prev)) {
        e = EventClassifier.joinStatementAndDuration(prev, e);
      } else {
        emit(prev);
      }
    }
    open.put(key, e);
    if (open.size() > MAX_OPEN_SESSIONS) {
      Iterator<PgEntry> eldest = open.values().iterator();
      emit(eldest.next());
      eldest.remove();
    }
  }

  void finish() {
    open.values().stream().sorted((a, b) -> Long.compare(a.lineStart, b.lineStart)).forEach(this::emit);
    open.clear();
  }

  private void emit(PgEntry e) {
    sink.event(classifier.classify(e));
  }
}
