package org.spikeforge.hw.quant;

import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;

/**
 * Input spike times to steps: {@code step = round(t / dt)} (half up, i.e. floor(t/dt + 1/2)), so that
 * the quantized time is within dt/2 of the float time; spikes with {@code step >= numSteps} fall
 * outside the trial and are dropped. This matches the LIF lowering, where an input at step n is
 * treated as arriving at model time n*dt (see {@link LifDiscretization}).
 */
public final class InputQuantizer {

    private final double dt;
    private final long numSteps;

    public InputQuantizer(double dt, long numSteps) {
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("InputQuantizer dt = " + dt + " must be finite and > 0");
        if (numSteps <= 0) throw new IllegalArgumentException("InputQuantizer numSteps = " + numSteps + " must be > 0");
        this.dt = dt;
        this.numSteps = numSteps;
    }

    /** The step of one spike time (may be >= numSteps); negative or non-finite times are refused. */
    public long step(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) throw new IllegalArgumentException("input spike time " + t + " must be finite and >= 0");
        return (long) Math.floor(t / dt + 0.5);
    }

    /** Copies the sample with every train's {@code steps} filled from its {@code times}; existing steps are replaced. */
    public InputSpikes quantize(InputSpikes in) {
        InputSpikes.Builder out = in.toBuilder().clearTrains();
        for (int ch = 0; ch < in.getTrainsCount(); ch++) {
            SpikeTrain tr = in.getTrains(ch);
            SpikeTrain.Builder b = tr.toBuilder().clearSteps();
            long prev = Long.MIN_VALUE;
            for (int k = 0; k < tr.getTimesCount(); k++) {
                double t = tr.getTimes(k);
                if (!(t >= 0) || Double.isInfinite(t))
                    throw new IllegalArgumentException("input channel " + ch + " times[" + k + "] = " + t + " must be finite and >= 0");
                long s = step(t);
                if (s < prev) throw new IllegalArgumentException("input channel " + ch + " times[" + k + "] = " + t + " is not ascending");
                prev = s;
                if (s < numSteps) b.addSteps(s);
            }
            out.addTrains(b);
        }
        return out.build();
    }
}
