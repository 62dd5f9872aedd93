package org.spikeforge.hil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spikeforge.io.AtomicFiles;

/**
 * The content of {@code hil.json} (snake_case keys): accuracies before and after, the float reference, the per-epoch
 * curves, device round-trips per second and the weights written per epoch.
 *
 * @param network network file
 * @param target target family
 * @param board board id the run used
 * @param mismatch the board's mismatch (seed and sigmas; all zero when off)
 * @param dt model time per step
 * @param steps steps per trial
 * @param trainSamples training samples per epoch
 * @param testSamples test samples per accuracy
 * @param floatAccuracy accuracy of the float network on the test samples, read out as a chip (in-trial spikes only;
 *     {@link FloatReadout#floatAccuracy})
 * @param floatAccuracyPseudospikes the same with the float model's pseudospike read-out for silent outputs
 * @param deviceAccuracyBefore board accuracy before fine-tuning
 * @param deviceAccuracyAfter board accuracy on the test samples as the run leaves it (with restore-best: the
 *     weights of the epoch with the best validation accuracy)
 * @param deviceAccuracyLastEpoch board accuracy after the last epoch
 * @param bestEpoch epoch with the best device accuracy on the validation samples (-1 without)
 * @param deviceAccuracyPerEpoch test accuracy, index 0 = before
 * @param validationAccuracyPerEpoch device accuracy on the validation samples (NaN without)
 * @param weightsWrittenPerEpoch index 0 = the initial synchronisation
 * @param totalWeights weights on the board
 * @param deviceRoundTripsPerSecond board trials per second spent in them, over the whole run (this process)
 * @param epochs per-epoch details
 * @param settings the run's settings
 * @param calibration the excitability calibration rounds run before the first update (empty without)
 * @param gainCalibration the probe calibration's summary (trials, unmeasured synapses and neurons, mean and largest
 *     |gain - 1|, largest |threshold factor - 1|), {@code skipped} with the board's message when it cannot probe, or
 *     null when it is off
 * @param holdout the evaluation on fresh samples ({@link HilRequest#holdout}): samples, seed, float accuracy and the
 *     kept board network's accuracy, null without
 * @param validation what the per-epoch validation accuracy and the kept epoch were measured on
 */
public record HilReport(String network, String target, String board, Map<String, Object> mismatch, double dt,
    long steps, int trainSamples, int testSamples, double floatAccuracy, double floatAccuracyPseudospikes,
    double deviceAccuracyBefore,
    double deviceAccuracyAfter, double deviceAccuracyLastEpoch, int bestEpoch, List<Double> deviceAccuracyPerEpoch,
    List<Double> validationAccuracyPerEpoch, List<Long> weightsWrittenPerEpoch,
    long totalWeights, double deviceRoundTripsPerSecond, List<HilEpoch> epochs, HilSettings settings,
    List<CalibrationRound> calibration, Map<String, Object> gainCalibration, Map<String, Object> holdout,
    String validation) {

  /** Writes the report as pretty JSON, atomically. */
  public void write(Path file) {
    ObjectMapper m = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT);
    try {
      AtomicFiles.write(file, m.writeValueAsBytes(this));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode hil.json", e);
    }
  }
}
