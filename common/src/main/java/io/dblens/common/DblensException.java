package io.dblens.common;

/**
 * The one kind of error dblens shows to users. Every instance says what went wrong, why, and what to
 * do, with the offending values; the command-line layer prints {@link #userMessage()} without a stack
 * trace and exits with {@link #exitCode()}.
 */
public final class DblensException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String why;
  private final String todo;
  private final int exitCode;

  private DblensException(String what, String why, String todo, int exitCode, Throwable cause) {
    super(what, cause);
    this.why = why;
    this.todo = todo;
    this.exitCode = exitCode;
  }

  /** Bad arguments or configuration: exit code 2. */
  public static DblensException usage(String what, String why, String todo) {
    return new DblensException(what, why, todo, 2, null);
  }

  /** The input could not be used at all: exit code 3. */
  public static DblensException input(String what, String why, String todo) {
    return new DblensException(what, why, todo, 3, null);
  }

  /** A failure while running (I/O, Spark, Delta): exit code 4. */
  public static DblensException failure(String what, String todo, Throwable cause) {
    String why = cause == null ? "" : rootMessage(cause);
    return new DblensException(what, why, todo, 4, cause);
  }

  public int exitCode() {
    return exitCode;
  }

  public String userMessage() {
    StringBuilder sb = new StringBuilder("dblens: ").append(getMessage());
    if (why != null && !why.isBlank()) {
      sb.append("\n  why: ").append(why);
    }
    if (todo != null && !todo.isBlank()) {
      sb.append("\n  what to do: ").append(todo);
    }
    return sb.toString();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
  }
}
