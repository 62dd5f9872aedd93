package org.spikeforge.io;

import java.nio.file.Path;
import java.util.List;

/**
 * A file SpikeForge cannot use: unreadable, malformed, truncated or semantically invalid. The
 * message is always one line of the form {@code FILE: FIELD: PROBLEM} (the field part is left out
 * when no field can be named), so the CLI can print it as is, without a stack trace.
 */
public final class SpikeForgeIoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;
  private final List<String> allProblems;

  /**
   * @param file the file the problem is in (only its name as given is printed)
   * @param field the offending field path such as {@code projections[1].weights}, or null
   * @param problem what is wrong, including the limit that was broken
   * @param cause the underlying exception, or null
   */
  public SpikeForgeIoException(Path file, String field, String problem, Throwable cause) {
    this(file, field, problem, List.of(), cause);
  }

  public SpikeForgeIoException(Path file, String field, String problem) {
    this(file, field, problem, null);
  }

  private SpikeForgeIoException(
      Path file, String field, String problem, List<String> allProblems, Throwable cause) {
    super(format(file, field, problem), cause);
    this.file = file;
    this.field = field;
    this.allProblems =
        allProblems.isEmpty() ? List.of(format(file, field, problem)) : List.copyOf(allProblems);
  }

  /**
   * The exception for a list of validation problems: its message is the first problem, with a
   * count of the rest, and {@link #allProblems()} keeps every one.
   */
  static SpikeForgeIoException ofProblems(Path file, List<ValidationProblem> problems) {
    ValidationProblem first = problems.get(0);
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
    List<String> all = problems.stream().map(p -> format(file, p.field(), p.problem())).toList();
    return new SpikeForgeIoException(file, first.field(), first.problem() + more, all, null);
  }

  /** The file the problem is in. */
  public Path file() {
    return file;
  }

  /** The field path, or null when the problem is not tied to one field. */
  public String field() {
    return field;
  }

  /** Every problem found, one line each (a single entry unless this came from a validator). */
  public List<String> allProblems() {
    return allProblems;
  }

  private static String format(Path file, String field, String problem) {
    String where = file == null ? "<unnamed>" : file.toString();
    String oneLine = problem == null ? "unknown problem" : problem.replaceAll("\\s*\\R\\s*", " ");
    // a field path comes from the file (a JSON key may hold a raw line break): keep the line whole
    String path = field == null ? null : field.replaceAll("\\p{Cntrl}", "?");
    return path == null || path.isEmpty()
        ? where + ": " + oneLine
        : where + ": " + path + ": " + oneLine;
  }
}
