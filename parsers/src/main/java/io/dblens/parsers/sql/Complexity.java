package io.dblens.parsers.sql;

/**
 * The complexity class of a statement, from a score:
 * {@code joins + 2 x subqueries + 2 x CTEs + set operations (UNION ...) + window functions
 * + 1 if more than 5 predicate column references + 1 more if more than 15}.
 * Score 0 is {@code simple}, 1-3 {@code moderate}, 4-7 {@code complex}, 8 and above {@code very_complex}.
 * Subqueries and CTEs weigh double because each is a query of its own for the planner.
 */
final class Complexity {
  static final String SIMPLE = "simple";
  static final String MODERATE = "moderate";
  static final String COMPLEX = "complex";
  static final String VERY_COMPLEX = "very_complex";

  private Complexity() {}

  static int score(int joins, int subqueries, int ctes, int setOperations, int windowFunctions, int predicateReferences) {
    int score = joins + 2 * subqueries + 2 * ctes + setOperations + windowFunctions;
    if (predicateReferences > 5) {
      score++;
    }
    if (predicateReferences > 15) {
      score++;
    }
    return score;
  }

  static String classOf(int score) {
    if (score <= 0) {
      return SIMPLE;
    }
    if (score <= 3) {
      return MODERATE;
    }
    return score <= 7 ? COMPLEX : VERY_COMPLEX;
  }
}
