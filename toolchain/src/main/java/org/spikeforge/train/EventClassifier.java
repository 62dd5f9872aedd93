package org.spikeforge.train;

import java.util.Arrays;
import org.spikeforge.grad.ParameterGradients;
import org.spikeforge.grad.SpikeTimeGradient;
import org.spikeforge.proto.Network;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;

/**
 * A time-to-first-spike classifier over the general event engine ({@link EventSimulator} forward,
 * {@link SpikeTimeGradient} backward), for neuron models the layered TTFS engine does not run: today LIF_DELTA, so
 * that {@code evaluate} scores an imported NIR plain-LIF net and {@code train --model lif-delta} (with a drive above
 * threshold) trains one. The network's populations, in file order, are the layers; the one output population is the
 * read-out. The parameters are the flat weights followed by the initial states, both as the proto holds them.
 *
 * <p>Output times: an output's first in-trial spike; a silent output gets T + tau, the chip decoding of
 * {@code verify.OutputDecoder}, with zero gradient (the model has no pseudospikes). Each workspace owns a copy of the
 * compiled network into which {@link #forward} copies the live parameters, so threads never share mutable state.
 */
public final class EventClassifier implements SpikingClassifier<EventClassifier.Workspace> {
  private final Network template;
  private final CompiledNetwork base;
  private final double[] params;
  private final int weightCount;
  private final int output;
  private final double silentTime;
  private final double threshold;

  /** Per-thread state: a compiled copy of the network, the simulator, its log and gradient buffers. */
  public static final class Workspace {
    final CompiledNetwork net;
    final EventSimulator sim = new EventSimulator();
    final EventLog log = new EventLog();
    final SpikeTimeGradient gradient = new SpikeTimeGradient();
    final ParameterGradients grads;
    final int[] start;
    final double[] times;
    final double[] outTimes;
    double[] dLdSpike = new double[0];
    int[] layerSpikeNeuron = new int[16];
    double[] layerSpikeTime = new double[16];
    int layerFilled = -1;
    int layerCount;

    Workspace(CompiledNetwork net, int outputs) {
      this.net = net;
      this.grads = new ParameterGradients(net, net.numInputs());
      this.start = new int[net.numInputs() + 1];
      this.times = new double[net.numInputs()];
      this.outTimes = new double[outputs];
    }
  }

  /**
   * Wraps a proto network; throws IllegalArgumentException naming the field when it is not a classifier this engine
   * can run (exactly one output population, the last one).
   */
  public EventClassifier(Network net) {
    this.template = net;
    this.base = CompiledNetwork.fromProto(net);
    int outputs = 0;
    int out = -1;
    for (int p = 0; p < base.populationCount(); p++) {
      if (base.isOutput(p)) {
        outputs++;
        out = p;
      }
    }
    if (outputs != 1 || out != base.populationCount() - 1) {
      throw new IllegalArgumentException("populations[].output: a classifier needs exactly one output population,"
          + " the last one; this network has " + outputs);
    }
    this.output = out;
    this.weightCount = base.weights().length;
    this.params = new double[weightCount + base.initialState().length];
    System.arraycopy(base.weights(), 0, params, 0, weightCount);
    System.arraycopy(base.initialState(), 0, params, weightCount, base.initialState().length);
    this.silentTime = base.trialEnd() + base.model().tau();
    this.threshold = net.getParams().getThreshold();
  }

  @Override
  public int numInputs() {
    return base.numInputs();
  }

  @Override
  public int numOutputs() {
    return base.populationSize(output);
  }

  @Override
  public double[] params() {
    return params;
  }

  @Override
  public Workspace newWorkspace() {
    return new Workspace(CompiledNetwork.fromProto(template), numOutputs());
  }

  @Override
  public void forward(double[] inputTimes, Workspace ws) {
    CompiledNetwork net = ws.net;
    System.arraycopy(params, 0, net.weights(), 0, weightCount);
    System.arraycopy(params, weightCount, net.initialState(), 0, net.initialState().length);
    int n = 0;
    for (int c = 0; c < ws.times.length; c++) {
      double t = inputTimes[c];
      if (Double.isFinite(t)) {
        ws.times[n++] = t;
      }
      ws.start[c + 1] = n;
    }
    ws.sim.run(net, new InputTrains(ws.start, ws.times), ws.log);
    int off = net.populationOffset(output);
    for (int k = 0; k < ws.outTimes.length; k++) {
      ws.outTimes[k] = ws.log.spikeCount(off + k) > 0 ? ws.log.spikeTime(off + k, 0) : silentTime;
    }
    ws.layerFilled = -1;
  }

  @Override
  public double[] outputTimes(Workspace ws) {
    return ws.outTimes;
  }

  @Override
  public void backward(double[] dLdOutputTimes, Workspace ws, double[] gradAccumulator) {
    EventLog log = ws.log;
    if (ws.dLdSpike.length < log.totalSpikes()) {
      ws.dLdSpike = new double[Math.max(log.totalSpikes(), 2 * ws.dLdSpike.length)];
    }
    Arrays.fill(ws.dLdSpike, 0, log.totalSpikes(), 0);
    int off = ws.net.populationOffset(output);
    int[] start = log.spikeStart();
    for (int k = 0; k < ws.outTimes.length; k++) {
      if (log.spikeCount(off + k) > 0) {
        ws.dLdSpike[start[off + k]] = dLdOutputTimes[k];
      }
    }
    ws.grads.clear();
    ws.gradient.backward(log, ws.dLdSpike, null, ws.grads);
    double[] gw = ws.grads.weights();
    for (int i = 0; i < weightCount; i++) {
      gradAccumulator[i] += gw[i];
    }
    double[] gs = ws.grads.initialState();
    for (int i = 0; i < gs.length; i++) {
      gradAccumulator[weightCount + i] += gs[i];
    }
  }

  /** Keeps initial potentials below threshold (a neuron above it would fire at t = 0 whatever it is trained to). */
  @Override
  public void project(double[] params) {
    if (threshold > 0) {
      new ParameterBox(weightCount, params.length, Double.NEGATIVE_INFINITY, threshold * (1 - 1e-6)).apply(params);
    }
  }

  @Override
  public int statNeurons() {
    return base.neuronCount();
  }

  @Override
  public int silentNeurons(Workspace ws) {
    int silent = 0;
    for (int i = 0; i < base.neuronCount(); i++) {
      silent += ws.log.spikeCount(i) == 0 ? 1 : 0;
    }
    return silent;
  }

  @Override
  public int spikeCount(Workspace ws) {
    return ws.log.totalSpikes();
  }

  /** The trained network: the template with the live weights and initial states, named {@code name}. */
  @Override
  public Network toNetwork(String name) {
    System.arraycopy(params, 0, base.weights(), 0, weightCount);
    System.arraycopy(params, weightCount, base.initialState(), 0, base.initialState().length);
    return base.toProto(template).toBuilder().setName(name).build();
  }

  @Override
  public int numLayers() {
    return base.populationCount();
  }

  @Override
  public int layerSize(int layer) {
    return layer == 0 ? base.numInputs() : base.populationSize(layer - 1);
  }

  @Override
  public int layerSpikeCount(Workspace ws, int layer) {
    return fillLayer(ws, layer);
  }

  @Override
  public double layerSpikeTime(Workspace ws, int layer, int s) {
    fillLayer(ws, layer);
    return ws.layerSpikeTime[s];
  }

  @Override
  public int layerSpikeNeuron(Workspace ws, int layer, int s) {
    fillLayer(ws, layer);
    return ws.layerSpikeNeuron[s];
  }

  /** Lists layer's spikes (neuron by neuron) into the workspace once per forward pass and layer; returns the count. */
  private int fillLayer(Workspace ws, int layer) {
    if (ws.layerFilled == layer) {
      return ws.layerCount;
    }
    if (layer == 0) {
      ws.layerFilled = 0;
      ws.layerCount = 0;
      return 0; // the input's spikes are the sample itself, not part of the log
    }
    int p = layer - 1;
    int off = ws.net.populationOffset(p);
    int count = 0;
    for (int i = 0; i < ws.net.populationSize(p); i++) {
      count += ws.log.spikeCount(off + i);
    }
    if (ws.layerSpikeNeuron.length < count) {
      ws.layerSpikeNeuron = new int[2 * count];
      ws.layerSpikeTime = new double[2 * count];
    }
    int[] neurons = ws.layerSpikeNeuron;
    double[] times = ws.layerSpikeTime;
    int s = 0;
    for (int i = 0; i < ws.net.populationSize(p); i++) {
      for (int k = 0; k < ws.log.spikeCount(off + i); k++) {
        neurons[s] = i;
        times[s++] = ws.log.spikeTime(off + i, k);
      }
    }
    ws.layerCount = count;
    ws.layerFilled = layer;
    return count;
  }
}
