package org.spikeforge.hil;

import java.nio.file.Path;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.proto.TargetFamily;

/**
 * What {@code spikeforge hil-finetune} asks for.
 *
 * @param network trained LIF network file (.net.pb / .net.json)
 * @param target loihi2 or xylo
 * @param device board spec (see {@link BoardSelector})
 * @param mismatch the board's mismatch, {@link Mismatch#IDEAL} for none
 * @param dataset dataset name as for {@code train} (yinyang, ...)
 * @param dt model time per hardware step
 * @param out run directory
 * @param resume continue from the checkpoint in {@code out}
 * @param settings loop settings
 * @param holdout fresh samples (Yin-Yang only) on which the float network and the kept board network are also
 *     evaluated at the end, beside the standard test set (0: none)
 * @param validationSamples fresh samples (Yin-Yang only, seed {@link org.spikeforge.data.YinYang#LARGE_VALIDATION_SEED})
 *     that replace the dataset's validation split for choosing the kept epoch (0: the split)
 */
public record HilRequest(Path network, TargetFamily target, String device, Mismatch mismatch, String dataset, double dt,
    Path out, boolean resume, HilSettings settings, int holdout,
    int validationSamples) {

  public HilRequest {
    if (holdout < 0) {
      throw new IllegalArgumentException("--holdout = " + holdout + " must be >= 0 (0: none)");
    }
    if (validationSamples < 0) {
      throw new IllegalArgumentException("--validation-samples = " + validationSamples
          + " must be >= 0 (0: the dataset's validation split)");
    }
  }
}
