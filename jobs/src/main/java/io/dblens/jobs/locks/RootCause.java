package io.dblens.jobs.locks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classification with its evidence.
 *
 * @param cause     the class
 * @param evidence  one sentence a DBA can check against the report
 * @param facts     the facts the rule used (resource, modes, tables, isolation ...), in a fixed order
 */
public record RootCause(RootCauseClass cause, String evidence, Map<String, String> facts) {

  public RootCause {
    facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
