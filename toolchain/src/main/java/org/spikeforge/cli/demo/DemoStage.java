package org.spikeforge.cli.demo;

/**
 * One step of {@code spikeforge demo}. Stages run in order and share a {@link DemoContext}; a
 * stage reads what earlier stages produced from the context's artifacts and adds its own. To
 * extend the demo (train, compile, emulate, deploy, HIL), implement this and append an instance
 * to {@link DemoPipeline#standard()}.
 */
public interface DemoStage {
  /** Short name used in the output and with {@code demo --only}, e.g. {@code simulate}. */
  String name();

  /** One line saying what the stage shows. */
  String description();

  /**
   * Runs the stage. Problems with input files surface as exceptions; a check that ran but did
   * not pass returns a failed outcome.
   */
  StageOutcome run(DemoContext context) throws Exception;
}
