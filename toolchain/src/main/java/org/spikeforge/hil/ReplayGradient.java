package org.spikeforge.hil;

import org.spikeforge.proto.Trace;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * One sample's gradient from a board trial: the measured output times enter the loss, and the exact float-LIF
 * spike-time gradients are evaluated at the measured times of every layer ({@link TtfsNetwork#replay}) on the
 * effective network (the board's weights).
 *
 * <p><b>Silent outputs.</b> An output with no measured spike in the trial (at or before T) enters the loss at
 * T + {@link HilSettings#silentOffset()} (T + tau for 0), later than every in-trial spike as in the chip read-out.
 * If the loss wants it later it gets no gradient (it already is). If it wants it earlier (dL/dt > 0, the label
 * neuron), the gradient goes through the float model's LIF pseudospike time t~, which the replay computes from the
 * replayed state at T (docs/LIF-PSEUDOSPIKES.md) with its exact gradient, provided T <= t~ <= T + tau; otherwise (a
 * replayed potential at or above threshold at T without a measured spike has no valid pseudospike) the output is
 * replayed as if it had spiked at T, the limit of its crossing time as the crossing reaches T, and gets
 * -(dV/dw)/(dV/dt) there (slope floored). Measured on Yin-Yang, the pseudospike route keeps the board from drifting
 * after the first epoch, because the floored slope of the forced spike made those few samples dominate the step.
 *
 * <p>One instance per epoch: it holds the replay workspace and the per-sample buffers.
 */
final class ReplayGradient {
  private final TtfsNetwork effective;
  private final TraceDecoder decoder;
  private final LabelDeadlineLoss loss;
  private final double minSlope;
  private final int layers;
  private final int outputs;
  private final double trialEnd;
  private final double pseudoLimit;
  private final double silentTime;
  private final double[] tOut;
  private final double[] dL;
  private final TtfsWorkspace ws;

  /**
   * @param shadow the shadow network (its trial end and LIF silent time place the silent outputs)
   * @param effective the network with the board's weights, replayed
   */
  ReplayGradient(TtfsNetwork shadow, TtfsNetwork effective, TraceDecoder decoder, LabelDeadlineLoss loss,
      HilSettings settings) {
    this.effective = effective;
    this.decoder = decoder;
    this.loss = loss;
    this.minSlope = settings.minSlope();
    this.layers = shadow.numLayers();
    this.outputs = shadow.layerSize(layers);
    this.trialEnd = shadow.trialEnd();
    this.pseudoLimit = shadow.lifSilentTime();
    this.silentTime = settings.silentOffset() > 0 ? trialEnd + settings.silentOffset() : pseudoLimit;
    this.tOut = new double[outputs];
    this.dL = new double[outputs];
    this.ws = effective.newWorkspace();
  }

  /**
   * Adds the gradient of the loss of trial {@code tr} (inputs {@code in}, label {@code label}) to {@code grad}.
   *
   * @return the sample's loss
   */
  double accumulate(double[] in, Trace tr, int label, double[] grad) {
    double[][][] m = decoder.measuredTimes(tr);
    double[][] out = m[layers - 1];
    for (int k = 0; k < outputs; k++) {
      tOut[k] = out[k].length > 0 && out[k][0] <= trialEnd ? out[k][0] : silentTime;
    }
    double sampleLoss = loss.lossAndGradient(tOut, label, dL);
    boolean forced = false;
    for (int k = 0; k < outputs; k++) {
      if (tOut[k] == silentTime && dL[k] <= 0) {
        dL[k] = 0;
      }
    }
    effective.replay(in, m, minSlope, ws);
    double[] replayed = effective.outputTimes(ws);
    for (int k = 0; k < outputs; k++) {
      if (tOut[k] == silentTime && dL[k] > 0 && !(replayed[k] >= trialEnd && replayed[k] <= pseudoLimit)) {
        out[k] = new double[] {trialEnd};
        forced = true;
      }
    }
    if (forced) {
      effective.replay(in, m, minSlope, ws);
    }
    effective.backward(dL, ws, grad);
    return sampleLoss;
  }
}
