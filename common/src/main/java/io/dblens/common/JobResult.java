package io.dblens.common;

/** What every job's nested {@code Result} record tells the runner for {@code job_runs} and the log. */
public interface JobResult {

  long rowsIn();

  long rowsOut();

  /** One line for the log and {@code job_runs.summary}. */
  String summary();
}
