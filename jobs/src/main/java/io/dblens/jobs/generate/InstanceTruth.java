package io.dblens.jobs.generate;

import java.util.ArrayList;
import java.util.List;

/** What one instance's files contain, counted while they are written. */
final class InstanceTruth {
  final String name;
  final long[] shapeCounts;
  /** Sum of printed durations in thousandths of a millisecond: integer, hence exact. */
  final long[] shapeMicros;
  final String[] examples;
  final String[] exampleParameters;
  final long[] events = new long[EventKind.values().length];
  final List<String> files = new ArrayList<>();
  final List<GroundTruth.Deadlock> deadlocks = new ArrayList<>();
  final List<GroundTruth.BlockingTree> blockingTrees = new ArrayList<>();
  long lines;
  long bytes;

  InstanceTruth(String name, int shapeCount) {
    this.name = name;
    this.shapeCounts = new long[shapeCount];
    this.shapeMicros = new long[shapeCount];
    this.examples = new String[shapeCount];
    this.exampleParameters = new String[shapeCount];
  }

  void count(EventKind kind) {
    events[kind.ordinal()]++;
  }

  void add(EventKind kind, long amount) {
    events[kind.ordinal()] += amount;
  }
}
