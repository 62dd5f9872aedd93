package org.spikeforge.io;

/**
 * One thing wrong with a message: the field path (proto field names, {@code [i]} for list
 * elements, e.g. {@code populations[0].initial_v[3]}) and what is wrong with it, including the
 * limit that was broken.
 */
public record ValidationProblem(String field, String problem) {
  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
