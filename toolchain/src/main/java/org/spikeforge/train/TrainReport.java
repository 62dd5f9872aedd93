package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import java.util.List;
import java.util.Map;

/**
 * The content of report.json (kebab-case keys are turned into snake_case by {@link #write}): final accuracies,
 * speed, spike statistics before and after training, per-epoch history and the full configuration.
 *
 * <p>Two accuracies are reported. {@code testAccuracy} / {@code validationAccuracy} decode every output by its
 * time, a silent output by its pseudospike time (the training objective; for theta nets the emulator decodes silent
 * outputs the same way). {@code testAccuracySpikesOnly} / {@code validationAccuracySpikesOnly} decode as a chip
 * does: first in-trial spike, every silent output at one common time after the trial (T + tau), argmin with ties
 * to the lowest index ({@code verify.OutputDecoder}); for LIF nets this is the accuracy the hardware can reach.
 * {@code bestValidationAccuracy} is the best of the metric named by {@code selectOn}, reached in {@code bestEpoch}.
 */
public record TrainReport(String dataset, String model, int numParams, int threads, double testAccuracy,
    double testAccuracySpikesOnly, double testLoss, double validationAccuracy, double validationAccuracySpikesOnly,
    String selectOn, double bestValidationAccuracy, int bestEpoch, int epochs,
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
