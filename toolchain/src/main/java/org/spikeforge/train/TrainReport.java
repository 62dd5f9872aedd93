package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import java.util.List;
import java.util.Map;

/**
 * The content of report.json (kebab-case keys are turned into snake_case by {@link #write}): final accuracies,
 * speed, spike statistics before and after training, per-epoch history and the full configuration.
 */
public record TrainReport(String dataset, String model, int numParams, int threads, double testAccuracy,
    double testLoss, double validationAccuracy, double bestValidationAccuracy, int bestEpoch, int epochs,
    boolean stoppedEarly, double trainSeconds, double secondsPerEpoch, double samplesPerSecond,
    double silentFractionStart, double silentFractionEnd, double spikesPerNeuron, List<EpochMetrics> history,
    Map<String, Object> config) {

  /** Writes the report as pretty JSON with snake_case keys, atomically. */
  public void write(java.nio.file.Path file) {
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
          .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
      AtomicFiles.write(file, mapper.writeValueAsBytes(this));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("report: cannot serialise (" + e.getMessage() + ")", e);
    }
  }
}
