package org.spikeforge.sim;

import java.util.Arrays;
import org.spikeforge.model.NeuronModel;

/**
 * The exact event-driven simulator. Between events every neuron follows its closed-form flow; events are input
 * spikes and threshold crossings, processed in time order until the trial end T (events at t &gt;= T are not
 * processed). One instance owns reusable workspaces and is not thread-safe; use one per thread.
 *
 * <p>Tie-breaking rule (deterministic): all events at exactly the same time t form one slice. First every neuron
 * whose crossing falls at t spikes and resets, in ascending global neuron index. Then every target neuron receives
 * one coalesced jump whose weight is the sum over all sources firing at t (input channels in ascending channel
 * order, then spiking neurons in ascending index); targets are updated in ascending index. Coalescing is exact for
 * all four models (QIF/LIF_EXP add to I, LIF_DELTA to V; theta phases compose, H(H(phi, a), b) = H(phi, a + b)).
 * A LIF_DELTA neuron whose jump takes V past threshold is due at once (time to spike 0), so it spikes in a further
 * slice at the same time t, and its own targets receive that spike at t as well.
 */
public final class EventSimulator {
  private final SimulationOptions options;
  private final SpikeQueue queue = new SpikeQueue();
  private double[] x = new double[0]; // current state [n * d + k]
  private double[] tLast = new double[0];
  private int[] lastRecord = new int[0];
  private double[] nextDelta = new double[0];
  private int[] order = new int[0];
  private int[] orderTmp = new int[0];
  private int[] channelOf = new int[0];
  private int[] spiking = new int[0];
  private int[] spikingRecord = new int[0];
  private int[] inputsNow = new int[0];
  private int[] targetCount = new int[0];
  private int[] targetFill = new int[0];
  private double[] targetWeight = new double[0];
  private int[] touched = new int[0];
  private int[] groupSource = new int[0];
  private int[] groupWeight = new int[0];
  private int[] pseudoCounts = new int[0];
  private final double[] a = new double[2];
  private final double[] b = new double[2];

  public EventSimulator(SimulationOptions options) {
    this.options = options;
  }

  public EventSimulator() {
    this(SimulationOptions.DEFAULT);
  }

  public SimulationOptions options() {
    return options;
  }

  /** Runs net on the given inputs into log (cleared first) and returns log. */
  public EventLog run(CompiledNetwork net, InputTrains in, EventLog log) {
    if (in.channels() != net.numInputs()) {
      throw new IllegalArgumentException("input has " + in.channels() + " channels but the network has "
          + net.numInputs() + " inputs");
    }
    NeuronModel model = net.model();
    int n = net.neuronCount();
    int d = model.dimension();
    double trialEnd = net.trialEnd();
    ensure(n, in.spikeCount());
    log.begin(net, in);
    System.arraycopy(net.initialState(), 0, x, 0, n * d);
    queue.reset(n);
    for (int i = 0; i < n; i++) {
      tLast[i] = 0;
      lastRecord[i] = -1;
      scheduleFrom(model, i, d, 0);
    }
    sortInputs(in);
    double[] inTimes = in.times();
    int m = in.spikeCount();
    int inPtr = 0;
    double[] weights = net.weights();
    while (true) {
      double tIn = inPtr < m ? inTimes[order[inPtr]] : Double.POSITIVE_INFINITY;
      double t = Math.min(tIn, queue.minKey());
      if (!(t < trialEnd)) {
        break;
      }
      if (log.records + n + 1 > options.maxEvents()) {
        throw new RunawaySimulationException(net.name(), options.maxEvents(), t);
      }
      // 1. neurons that cross threshold at t spike and reset (ascending index, the queue's tie rule)
      int nSpk = 0;
      while (queue.minKey() == t) {
        int i = queue.minNeuron();
        queue.update(i, Double.POSITIVE_INFINITY);
        for (int k = 0; k < d; k++) {
          a[k] = x[i * d + k];
        }
        model.afterSpike(a, nextDelta[i], b, null, null);
        int r = log.append(EventLog.SPIKE, i, lastRecord[i], t);
        System.arraycopy(b, 0, log.state, r * d, d);
        System.arraycopy(b, 0, x, i * d, d);
        tLast[i] = t;
        lastRecord[i] = r;
        spiking[nSpk] = i;
        spikingRecord[nSpk++] = r;
      }
      // 2. input spikes at t (ascending channel, then index)
      int nIn = 0;
      while (inPtr < m && inTimes[order[inPtr]] == t) {
        inputsNow[nIn++] = order[inPtr++];
      }
      // 3. coalesced jumps: count contributions per target, group them, then one record per target
      int nTouched = 0;
      for (int s = 0; s < nIn; s++) {
        nTouched = countTargets(net, net.inputProjections(), channelOf[inputsNow[s]], nTouched);
      }
      for (int s = 0; s < nSpk; s++) {
        int i = spiking[s];
        int p = net.populationOfNeuron(i);
        nTouched = countTargets(net, net.outgoing(p), i - net.populationOffset(p), nTouched);
      }
      Arrays.sort(touched, 0, nTouched);
      int fill = 0;
      for (int k = 0; k < nTouched; k++) {
        int target = touched[k];
        targetFill[target] = fill;
        fill += targetCount[target];
      }
      ensureGroup(fill);
      for (int s = 0; s < nIn; s++) {
        fillTargets(net, weights, net.inputProjections(), channelOf[inputsNow[s]], -(inputsNow[s] + 1));
      }
      for (int s = 0; s < nSpk; s++) {
        int i = spiking[s];
        int p = net.populationOfNeuron(i);
        fillTargets(net, weights, net.outgoing(p), i - net.populationOffset(p), spikingRecord[s]);
      }
      for (int k = 0; k < nTouched; k++) {
        int target = touched[k];
        int count = targetCount[target];
        int end = targetFill[target];
        int begin = end - count;
        for (int c = 0; c < d; c++) {
          a[c] = x[target * d + c];
        }
        model.flow(a, t - tLast[target], b, null, null);
        int r = log.append(EventLog.JUMP, target, lastRecord[target], t);
        System.arraycopy(b, 0, log.stateBefore, r * d, d);
        double w = targetWeight[target];
        model.jump(b, w, a, null, null);
        System.arraycopy(a, 0, log.state, r * d, d);
        System.arraycopy(a, 0, x, target * d, d);
        log.weight[r] = w;
        for (int c = begin; c < end; c++) {
          log.addContribution(r, groupSource[c], groupWeight[c]);
        }
        tLast[target] = t;
        lastRecord[target] = r;
        targetCount[target] = 0;
        targetWeight[target] = 0;
        scheduleFrom(model, target, d, t);
      }
      for (int s = 0; s < nSpk; s++) {
        int i = spiking[s];
        if (lastRecord[i] == spikingRecord[s]) {
          scheduleFrom(model, i, d, t);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < d; c++) {
        a[c] = x[i * d + c];
      }
      model.flow(a, trialEnd - tLast[i], b, null, null);
      int r = log.append(EventLog.END, i, lastRecord[i], trialEnd);
      System.arraycopy(b, 0, log.state, r * d, d);
    }
    log.indexSpikes();
    Pseudospikes.compute(net, options, log, pseudoCounts);
    return log;
  }

  private void scheduleFrom(NeuronModel model, int i, int d, double t) {
    for (int k = 0; k < d; k++) {
      a[k] = x[i * d + k];
    }
    double delta = model.timeToSpike(a);
    nextDelta[i] = delta;
    queue.update(i, t + delta);
  }

  private int countTargets(CompiledNetwork net, int[] projections, int col, int nTouched) {
    for (int proj : projections) {
      int off = net.populationOffset(net.projectionTarget(proj));
      int rows = net.projectionRows(proj);
      for (int row = 0; row < rows; row++) {
        int target = off + row;
        if (targetCount[target]++ == 0) {
          touched[nTouched++] = target;
        }
      }
    }
    return nTouched;
  }

  private void fillTargets(CompiledNetwork net, double[] weights, int[] projections, int col, int source) {
    for (int proj : projections) {
      int off = net.populationOffset(net.projectionTarget(proj));
      int rows = net.projectionRows(proj);
      int cols = net.projectionCols(proj);
      int base = net.weightOffset(proj) + col;
      for (int row = 0; row < rows; row++) {
        int target = off + row;
        int slot = targetFill[target]++;
        int wi = base + row * cols;
        groupSource[slot] = source;
        groupWeight[slot] = wi;
        targetWeight[target] += weights[wi];
      }
    }
  }

  /** Orders input spikes by time, ties by channel then position (stable merge sort of channel-ordered indices). */
  private void sortInputs(InputTrains in) {
    int m = in.spikeCount();
    int[] start = in.start();
    double[] times = in.times();
    for (int c = 0; c < in.channels(); c++) {
      for (int k = start[c]; k < start[c + 1]; k++) {
        channelOf[k] = c;
        order[k] = k;
        if (times[k] < 0) {
          throw new IllegalArgumentException("input spike time must be >= 0, channel " + c + " has " + times[k]);
        }
      }
    }
    for (int width = 1; width < m; width *= 2) {
      for (int lo = 0; lo < m; lo += 2 * width) {
        int mid = Math.min(lo + width, m);
        int hi = Math.min(lo + 2 * width, m);
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
          orderTmp[o++] = times[order[j]] < times[order[i]] ? order[j++] : order[i++];
        }
        while (i < mid) {
          orderTmp[o++] = order[i++];
        }
        while (j < hi) {
          orderTmp[o++] = order[j++];
        }
      }
      int[] swap = order;
      order = orderTmp;
      orderTmp = swap;
    }
  }

  private void ensure(int n, int m) {
    if (tLast.length < n) {
      x = new double[2 * n];
      tLast = new double[n];
      lastRecord = new int[n];
      nextDelta = new double[n];
      spiking = new int[n];
      spikingRecord = new int[n];
      targetCount = new int[n];
      targetFill = new int[n];
      targetWeight = new double[n];
      touched = new int[n];
      pseudoCounts = new int[n];
    }
    if (order.length < m) {
      order = new int[m];
      orderTmp = new int[m];
      channelOf = new int[m];
      inputsNow = new int[m];
    }
  }

  private void ensureGroup(int size) {
    if (groupSource.length < size) {
      groupSource = new int[Math.max(size, 2 * groupSource.length)];
      groupWeight = new int[groupSource.length];
    }
  }
}
