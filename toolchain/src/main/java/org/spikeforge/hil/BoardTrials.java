package org.spikeforge.hil;

import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * The board side of a hardware-in-the-loop run: float input times to board input steps, one trial per sample with
 * retries after a {@link BoardError#DEVICE} failure, the board's accuracy on a dataset, and the count and time of the
 * trials (the round-trip rate in {@code hil.json}). Every trial of a run goes through here, so the counters cover
 * them all.
 */
final class BoardTrials {
  private final Device device;
  private final TraceDecoder decoder;
  private final InputQuantizer quantizer;
  private final int retries;
  private long trials;
  private long nanos;

  /**
   * @param device the board, with the config loaded
   * @param decoder the config's trace decoder (steps per trial, read-out)
   * @param dt the config's model time per step
   * @param retries times a trial that fails with a device error is retried before the exception propagates
   */
  BoardTrials(Device device, TraceDecoder decoder, double dt, int retries) {
    this.device = device;
    this.decoder = decoder;
    this.quantizer = new InputQuantizer(dt, decoder.steps());
    this.retries = retries;
  }

  /** Counters at one moment, to measure the rate over an epoch. */
  record Mark(long trials, long nanos) {}

  Mark mark() {
    return new Mark(trials, nanos);
  }

  /** Trials per second spent in them since {@code m} (NaN when none ran). */
  double rateSince(Mark m) {
    long n = trials - m.trials();
    long ns = nanos - m.nanos();
    return ns > 0 ? n / (ns * 1e-9) : Double.NaN;
  }

  /** Trials per second spent in them over the whole run (NaN before the first). */
  double roundTripsPerSecond() {
    return nanos > 0 ? trials / (nanos * 1e-9) : Double.NaN;
  }

  /** Float input times to board input steps (round to the nearest step; silent and late channels stay empty). */
  InputSpikes toSpikes(double[] inputTimes) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(inputTimes.length);
    for (double t : inputTimes) {
      SpikeTrain.Builder train = SpikeTrain.newBuilder();
      if (t >= 0 && !Double.isInfinite(t)) {
        long s = quantizer.step(t);
        if (s < decoder.steps()) {
          train.addSteps(s);
        }
      }
      b.addTrains(train);
    }
    return b.build();
  }

  /** One trial on the board, retried after device errors; counted and timed. */
  Trace run(InputSpikes in) {
    int attempt = 0;
    while (true) {
      long t0 = System.nanoTime();
      try {
        Trace tr = device.trial(in, decoder.steps());
        nanos += System.nanoTime() - t0;
        trials++;
        return tr;
      } catch (DeviceException e) {
        if (e.error() != BoardError.DEVICE || attempt >= retries) {
          throw e;
        }
        attempt++;
      }
    }
  }

  /** Fraction of the first {@code limit} (0: all) samples the board classifies correctly. */
  double accuracy(SpikeDataset data, int limit) {
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    double[] in = new double[data.numInputs()];
    int correct = 0;
    for (int i = 0; i < n; i++) {
      data.inputTimes(i, in);
      Trace tr = run(toSpikes(in));
      if (decoder.predict(tr) == data.label(i)) {
        correct++;
      }
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }
}
