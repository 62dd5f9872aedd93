package org.spikeforge.train;

/** Training produced a non-finite loss, gradient or parameter; the last good checkpoint is left untouched. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
