package org.spikeforge.ttfs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A feed-forward time-to-first-spike network of theta or LIF neurons with an exact event-based forward pass
 * and exact reverse-mode gradients; the fast path the trainer calls for every sample.
 *
 * <p><b>Parameter layout.</b> All parameters live in one flat {@code double[]} (see {@link #parameters()}),
 * layer after layer, l = 1..L. Layer l holds first its weights W_l, <em>source-major</em>: the weight from
 * neuron (or input channel) j of layer l-1 onto neuron i of layer l is at
 * {@code weightOffset(l) + j * n_l + i} (see {@link #weightIndex}). This is the transpose of the proto's
 * row-major layout and lets each presynaptic spike add one contiguous row. Then come the per-neuron initial
 * states at {@link #initialStateOffset(int)}: theta, n_l initial phases phi0 (the optimizer should clip them
 * to [0, Theta]); LIF, n_l initial potentials V0 (must stay below V_th) followed by n_l initial currents I0.
 *
 * <p><b>Outputs.</b> The output of neuron k is its first in-trial spike time. A silent theta output gets the
 * layer-wise pseudospike time of SCIENCE.md section 3, which continues the first-spike time through T. A
 * silent LIF output gets the layer-wise LIF pseudospike time T + tau ln((c - V(T)) / (c - V_th)) of a free run
 * after T under the constant current c = V_th + softplus(I(T) + sum_j w_ij r_j) (docs/LIF-PSEUDOSPIKES.md),
 * which also continues the first-spike time through T and is differentiable in every parameter (also after
 * {@link #replay}). {@link #outputSilent} flags silent outputs.
 *
 * <p><b>Threads.</b> The structure is immutable; forward and backward only read the parameters. Share one
 * network between threads that each own a {@link TtfsWorkspace}, and change parameters only between passes.
 *
 * <p>This file is longer than most: it is the one entry point of the engine (forward, replay, backward and the
 * deferred-gradient variant share the parameter layout and the argument checks), while the per-layer work lives
 * in {@link ThetaLayer}, {@link LifLayer}, {@link RowOps} and {@link InputGradientBuffer}.
 */
public final class TtfsNetwork {
  private final NeuronConstants neuron;
  private final int[] sizes;
  private final double trialEnd;
  private final double[] params;
  private final int[] weightOffset;
  private final int[] stateOffset;
  /** Per layer l = 1..L (index 0 unused): its connectivity and the weight access built from it. */
  private final Connectivity[] conn;
  private final Wiring[] wiring;
  /**
   * Per layer l = 1..L: whether it runs lazily ({@link SparseLifLayer}, {@link SparseThetaLayer}): every conv and
   * pool layer, and every dense layer above one. A dense layer fed by a conv or pool layer gets one input group
   * per distinct spike time of tens of thousands of spikes; the eager layer's record per (group, neuron) then costs
   * more than the neurons' work (and the lazy form needs none). Nets of dense layers only stay eager, bit for bit.
   */
  private final boolean[] lazy;
  private final ThetaLayer theta;
  private final LifLayer lif;
  /** The same neurons for conv and pool layers: only the reached neurons per input group, lazy flows. */
  private final SparseThetaLayer sparseTheta;
  private final SparseLifLayer sparseLif;

  /**
   * @param neuron shared neuron constants
   * @param layerSizes n_0 (inputs), n_1, ..., n_L (outputs); at least one layer, every size >= 1
   * @param trialEnd trial end T (> 0)
   * @param parameters initial parameters in the documented layout; copied
   */
  public TtfsNetwork(NeuronConstants neuron, int[] layerSizes, double trialEnd, double[] parameters) {
    this(neuron, denseLayers(layerSizes), trialEnd, parameters);
  }

  /**
   * A network whose layers may be dense, conv or pool (see {@link Connectivity}). Layer l's weights at
   * {@link #weightOffset(int)} are source-major rows for a dense layer and the kernel in the proto's (out, in, kh,
   * kw) layout for a conv layer; a pool layer has no weight parameters (its fixed weight is in its connectivity).
   *
   * @param neuron shared neuron constants
   * @param layers connectivity of layers 1..L (index 0 = layer 1); each layer's sources must be the previous
   *     layer's targets
   * @param trialEnd trial end T (> 0)
   * @param parameters initial parameters in the documented layout; copied
   */
  public TtfsNetwork(NeuronConstants neuron, Connectivity[] layers, double trialEnd, double[] parameters) {
    this(neuron, sizesOf(layers), layers, trialEnd, parameters);
  }

  private static Connectivity[] denseLayers(int[] layerSizes) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException("ttfs network layerSizes: need inputs and at least one layer");
    }
    for (int l = 0; l < layerSizes.length; l++) {
      if (layerSizes[l] < 1) {
        throw new IllegalArgumentException("ttfs network layerSizes[" + l + "]: must be >= 1, got "
            + layerSizes[l]);
      }
    }
    Connectivity[] c = new Connectivity[layerSizes.length - 1];
    for (int l = 1; l < layerSizes.length; l++) {
      c[l - 1] = Connectivity.dense(layerSizes[l - 1], layerSizes[l]);
    }
    return c;
  }

  private static int[] sizesOf(Connectivity[] layers) {
    if (layers == null || layers.length < 1) {
      throw new IllegalArgumentException("ttfs network layers: need at least one layer");
    }
    int[] sizes = new int[layers.length + 1];
    for (int l = 0; l < layers.length; l++) {
      if (layers[l] == null) {
        throw new IllegalArgumentException("ttfs network layers[" + l + "]: is null");
      }
      sizes[l] = layers[l].sources();
      if (l > 0 && sizes[l] != layers[l - 1].targets()) {
        throw new IllegalArgumentException("ttfs network layers[" + l + "]: reads " + sizes[l]
            + " sources, the layer below has " + layers[l - 1].targets() + " neurons");
      }
      Connectivity k = layers[l];
      if (l > 0 && layers[l - 1].kind() != Connectivity.Kind.DENSE
          && (k.kind() != Connectivity.Kind.DENSE || k.shapedSource())) {
        Connectivity below = layers[l - 1];
        if (k.inC() != below.outC() || k.inH() != below.outH() || k.inW() != below.outW()) {
          throw new IllegalArgumentException("ttfs network layers[" + l + "]: reads a " + k.inC() + "x" + k.inH()
              + "x" + k.inW() + " map, the layer below makes " + below.outC() + "x" + below.outH() + "x"
              + below.outW());
        }
      }
    }
    sizes[layers.length] = layers[layers.length - 1].targets();
    return sizes;
  }

  private TtfsNetwork(NeuronConstants neuron, int[] layerSizes, Connectivity[] kinds, double trialEnd,
      double[] parameters) {
    if (neuron == null) {
      throw new IllegalArgumentException("ttfs network: neuron constants are null");
    }
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException("ttfs network layerSizes: need inputs and at least one layer");
    }
    for (int l = 0; l < layerSizes.length; l++) {
      if (layerSizes[l] < 1) {
        throw new IllegalArgumentException("ttfs network layerSizes[" + l + "]: must be >= 1, got "
            + layerSizes[l]);
      }
    }
    if (!(trialEnd > 0) || Double.isInfinite(trialEnd)) {
      throw new IllegalArgumentException("ttfs network trialEnd: must be finite and > 0, got " + trialEnd);
    }
    this.neuron = neuron;
    this.sizes = layerSizes.clone();
    this.trialEnd = trialEnd;
    int layers = sizes.length - 1;
    conn = new Connectivity[layers + 1];
    wiring = new Wiring[layers + 1];
    weightOffset = new int[layers + 1];
    stateOffset = new int[layers + 1];
    long off = 0;
    for (int l = 1; l <= layers; l++) {
      conn[l] = kinds[l - 1];
      weightOffset[l] = (int) off;
      off += conn[l].weightCount();
      stateOffset[l] = (int) off;
      off += (long) neuron.statesPerNeuron() * sizes[l];
      if (off > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("ttfs network: " + off + " parameters exceed the array limit");
      }
    }
    if (parameters == null || parameters.length != off) {
      throw new IllegalArgumentException("ttfs network parameters: expected " + off + " values, got "
          + (parameters == null ? "null" : parameters.length));
    }
    this.params = parameters.clone();
    lazy = new boolean[layers + 1];
    for (int l = 1; l <= layers; l++) {
      wiring[l] = Wiring.of(conn[l]);
      lazy[l] = !wiring[l].dense() || lazy[l - 1];
    }
    this.theta = neuron.model() == org.spikeforge.proto.NeuronModel.THETA ? new ThetaLayer(neuron) : null;
    this.lif = neuron.model() == org.spikeforge.proto.NeuronModel.LIF_EXP ? new LifLayer(neuron) : null;
    this.sparseTheta = theta == null ? null : new SparseThetaLayer(theta);
    this.sparseLif = lif == null ? null : new SparseLifLayer(lif);
  }

  /**
   * The paper's theta initialisation (SCIENCE.md 4): weights U(+-0.5/sqrt(fan_in)) from a SplittableRandom
   * seeded with {@code seed}, initial phases Theta/2 (the network starts silent for T < Theta/2).
   */
  public static TtfsNetwork thetaPaperInit(int[] layerSizes, double tau, double drive, double trialEnd,
      long seed) {
    return thetaPaperInit(denseLayers(layerSizes), tau, drive, trialEnd, seed);
  }

  /**
   * {@link #thetaPaperInit(int[], double, double, double, long)} for any layer kinds; a conv layer's fan-in is
   * in * kh * kw.
   */
  public static TtfsNetwork thetaPaperInit(Connectivity[] layers, double tau, double drive, double trialEnd,
      long seed) {
    NeuronConstants c = NeuronConstants.theta(tau, drive);
    double[] p = uniformWeights(c, layers, 0.5, seed);
    TtfsNetwork shape = new TtfsNetwork(c, layers, trialEnd, p);
    double half = 0.5 * c.thetaPeriod();
    for (int l = 1; l <= layers.length; l++) {
      Arrays.fill(shape.params, shape.stateOffset[l], shape.stateOffset[l] + shape.sizes[l], half);
    }
    return shape;
  }

  /**
   * LIF initialisation: weights U(+-scale/sqrt(fan_in)) from a SplittableRandom seeded with {@code seed},
   * V0 = I0 = 0.
   */
  public static TtfsNetwork lifUniformInit(int[] layerSizes, double tau, double threshold, double trialEnd,
      double scale, long seed) {
    return lifUniformInit(denseLayers(layerSizes), tau, threshold, trialEnd, scale, seed);
  }

  /** {@link #lifUniformInit(int[], double, double, double, double, long)} for any layer kinds. */
  public static TtfsNetwork lifUniformInit(Connectivity[] layers, double tau, double threshold, double trialEnd,
      double scale, long seed) {
    NeuronConstants c = NeuronConstants.lif(tau, threshold);
    return new TtfsNetwork(c, layers, trialEnd, uniformWeights(c, layers, scale, seed));
  }

  /** Weights U(+-scale/sqrt(fan_in)) layer after layer (fan-in: sources for dense, in * kh * kw for conv). */
  private static double[] uniformWeights(NeuronConstants c, Connectivity[] layers, double scale, long seed) {
    sizesOf(layers);
    long total = 0;
    for (Connectivity k : layers) {
      total += k.weightCount() + (long) c.statesPerNeuron() * k.targets();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("ttfs network: " + total + " parameters exceed the array limit");
    }
    double[] p = new double[(int) total];
    SplittableRandom rng = new SplittableRandom(seed);
    int off = 0;
    for (Connectivity k : layers) {
      int fanIn = k.kind() == Connectivity.Kind.CONV2D ? k.inC() * k.kernelH() * k.kernelW() : k.sources();
      double bound = scale / Math.sqrt(fanIn);
      int count = (int) k.weightCount();
      for (int q = 0; q < count; q++) {
        p[off + q] = rng.nextDouble(-bound, bound);
      }
      off += count + c.statesPerNeuron() * k.targets();
    }
    return p;
  }

  /** Builds a network from its proto form; see {@link TtfsProtoCodec} for what is accepted. */
  public static TtfsNetwork fromProto(org.spikeforge.proto.Network proto) {
    return TtfsProtoCodec.decode(proto);
  }

  /** The proto form: populations h1..h(L-1), output; projections input -> h1 -> ... -> output. */
  public org.spikeforge.proto.Network toProto(String name) {
    return TtfsProtoCodec.encode(this, name);
  }

  /** A fresh workspace for one thread. */
  public TtfsWorkspace newWorkspace() {
    return new TtfsWorkspace(sizes);
  }

  /** A network with the same structure and a copy of the given parameters. */
  public TtfsNetwork withParameters(double[] parameters) {
    return new TtfsNetwork(neuron, sizes, Arrays.copyOfRange(conn, 1, conn.length), trialEnd, parameters);
  }

  public NeuronConstants neuron() {
    return neuron;
  }

  public org.spikeforge.proto.NeuronModel model() {
    return neuron.model();
  }

  public double trialEnd() {
    return trialEnd;
  }

  /** Number of layers L; the input is layer 0. */
  public int numLayers() {
    return sizes.length - 1;
  }

  /** n_l for l = 0 (inputs) .. L (outputs). */
  public int layerSize(int layer) {
    return sizes[layer];
  }

  public int[] layerSizes() {
    return sizes.clone();
  }

  public int numParameters() {
    return params.length;
  }

  /** The live parameter array in the documented layout; mutate only between passes. */
  public double[] parameters() {
    return params;
  }

  /** Offset of W_l (l = 1..L) in the parameter array. */
  public int weightOffset(int layer) {
    checkLayer(layer);
    return weightOffset[layer];
  }

  /** Number of weights of layer l: n_(l-1) * n_l (dense), out * in * kh * kw (conv), 0 (pool). */
  public int weightCount(int layer) {
    checkLayer(layer);
    return (int) conn[layer].weightCount();
  }

  /** How layer l (1..L) is wired to the layer below. */
  public Connectivity connectivity(int layer) {
    checkLayer(layer);
    return conn[layer];
  }

  /** Whether every layer is dense (the layout of {@link #weightIndex} holds for every layer). */
  public boolean allDense() {
    for (int l = 1; l < conn.length; l++) {
      if (conn[l].kind() != Connectivity.Kind.DENSE) {
        return false;
      }
    }
    return true;
  }

  /** Offset of the initial states of layer l (theta phi0; LIF V0 then I0). */
  public int initialStateOffset(int layer) {
    checkLayer(layer);
    return stateOffset[layer];
  }

  /** Number of initial-state parameters of layer l (n_l for theta, 2 n_l for LIF). */
  public int initialStateCount(int layer) {
    checkLayer(layer);
    return neuron.statesPerNeuron() * sizes[layer];
  }

  /** Index of the weight from neuron {@code source} of layer l-1 onto neuron {@code target} of layer l. */
  public int weightIndex(int layer, int target, int source) {
    checkLayer(layer);
    if (conn[layer].kind() != Connectivity.Kind.DENSE) {
      throw new IllegalArgumentException("weightIndex: layer " + layer + " is " + conn[layer].kind()
          + ", not dense; its weights are the kernel at weightOffset(" + layer + ")");
    }
    return weightOffset[layer] + source * sizes[layer] + target;
  }

  /**
   * Conventional time of a silent LIF output where no pseudospike can be computed (a chip's silent output,
   * e.g. in the verifier and the hardware-in-the-loop loss): T + tau.
   */
  public double lifSilentTime() {
    return trialEnd + neuron.tau();
  }

  /** Theta period Theta (theta networks only). */
  public double thetaPeriod() {
    return neuron.thetaPeriod();
  }

  /** Theta phase response H(phi, w) = Phi(Phi^-1(phi) + w), for tests and tools (theta networks only). */
  public double phaseResponse(double phi, double w) {
    if (theta == null) {
      throw new IllegalStateException("phaseResponse: network model is " + neuron.model() + ", not THETA");
    }
    return theta.phaseResponse(phi, w);
  }

  /**
   * Runs one sample. {@code inputTimes[c]} is the spike time of input channel c (>= 0); +infinity marks a
   * silent channel, and spikes after T are ignored. Results stay in the workspace until the next call.
   */
  public void forward(double[] inputTimes, TtfsWorkspace ws) {
    checkWorkspace(ws);
    int in = sizes[0];
    if (inputTimes == null || inputTimes.length != in) {
      throw new IllegalArgumentException("ttfs forward inputTimes: expected " + in + " values, got "
          + (inputTimes == null ? "null" : inputTimes.length));
    }
    int count = 0;
    for (int c = 0; c < in; c++) {
      double t = inputTimes[c];
      if (t <= trialEnd) {
        if (!(t >= 0)) {
          throw new IllegalArgumentException("ttfs forward inputTimes[" + c + "]: must be >= 0, got " + t);
        }
        ws.inputKeys[count] = t;
        ws.inputChannels[count] = c;
        count++;
      } else if (Double.isNaN(t)) {
        throw new IllegalArgumentException("ttfs forward inputTimes[" + c + "]: is NaN");
      }
    }
    SpikeSort.sortRange(ws.inputKeys, 0, count, ws.inputOrder, ws.inputScratch);
    for (int q = 0; q < count; q++) {
      int o = ws.inputOrder[q];
      ws.sortedInputTimes[q] = ws.inputKeys[o];
      ws.sortedInputChannels[q] = ws.inputChannels[o];
    }
    int layers = sizes.length - 1;
    LayerTrace first = ws.traces[1];
    first.buildGroups(ws.sortedInputTimes, ws.sortedInputChannels, false, count, !lazy[1]);
    runLayer(1, first);
    for (int l = 2; l <= layers; l++) {
      LayerTrace prev = ws.traces[l - 1];
      LayerTrace cur = ws.traces[l];
      cur.buildGroups(prev.spikeTime, prev.spikeNeuron, true, prev.spikeCount, !lazy[l]);
      runLayer(l, cur);
    }
    LayerTrace out = ws.traces[layers];
    boolean anySilent = false;
    for (int q = 0; q < out.size; q++) {
      int s = out.firstSpike[q];
      ws.outputSilent[q] = s < 0;
      anySilent |= s < 0;
      ws.outputTimes[q] = s >= 0 ? out.spikeTime[s] : lifSilentTime();
    }
    ws.pseudoDone = false;
    if (anySilent && theta != null) {
      for (int l = 1; l <= layers; l++) {
        theta.pseudoForward(wiring[l], params, weightOffset[l], ws.traces[l], l == 1 ? null : ws.traces[l - 1]);
      }
      double period = theta.period;
      for (int q = 0; q < out.size; q++) {
        if (ws.outputSilent[q]) {
          ws.outputTimes[q] = trialEnd + org.spikeforge.model.ThetaKernel.timeToSpike(out.rate[q] * period, period);
        }
      }
      ws.pseudoDone = true;
    } else if (anySilent) {
      lifPseudoPass(ws);
    }
    ws.forwardDone = true;
  }

  /** LIF pseudospike pass at T over all layers; sets the silent outputs' pseudospike times. */
  private void lifPseudoPass(TtfsWorkspace ws) {
    int layers = sizes.length - 1;
    for (int l = 1; l <= layers; l++) {
      lif.pseudoForward(wiring[l], params, weightOffset[l], ws.traces[l], l == 1 ? null : ws.traces[l - 1], l == layers);
    }
    LayerTrace out = ws.traces[layers];
    for (int q = 0; q < out.size; q++) {
      if (ws.outputSilent[q]) {
        ws.outputTimes[q] = trialEnd + org.spikeforge.model.LifExpKernel.pseudospikeDelay(out.rate[q], lif.tau);
      }
    }
    ws.pseudoDone = true;
  }

  /**
   * Hardware-in-the-loop replay of one sample (LIF_EXP only): instead of computing each neuron's threshold
   * crossings, places its spikes at {@code measured[l - 1][i]} (layer l = 1..L, neuron i: ascending spike times,
   * e.g. decoded from a chip's trace; times after T are ignored) and flows the float model between them with this
   * network's parameters. Every layer's input events are the measured spikes of the layer below, so a following
   * {@link #backward} gives the exact spike-time gradients of the float model evaluated at the measured times
   * (Goeltz et al. 2021): dt/dtheta = -(dV/dtheta) / (dV/dt) at each measured spike, with the replayed potential's
   * slope raised to at least {@code minSlope * V_th / tau}. Given the float model's own spike times the replay
   * reproduces {@link #forward}, silent outputs included: an output without a measured spike gets the LIF
   * pseudospike time computed from the replayed state at T (and its gradient), exactly as in {@link #forward}.
   *
   * @param inputTimes as for {@link #forward}
   * @param measured per layer 1..L (index l - 1), per neuron, ascending spike times
   * @param minSlope lower bound of dV/dt at a replayed spike in units of V_th / tau (> 0)
   */
  public void replay(double[] inputTimes, double[][][] measured, double minSlope, TtfsWorkspace ws) {
    if (lif == null) {
      throw new UnsupportedOperationException("ttfs replay: implemented for LIF_EXP networks, this one is "
          + neuron.model());
    }
    int layers = sizes.length - 1;
    if (measured == null || measured.length != layers) {
      throw new IllegalArgumentException("ttfs replay measured: expected " + layers + " layers, got "
          + (measured == null ? "null" : measured.length));
    }
    for (int l = 1; l <= layers; l++) {
      double[][] m = measured[l - 1];
      if (m == null || m.length != sizes[l]) {
        throw new IllegalArgumentException("ttfs replay measured[" + (l - 1) + "]: expected " + sizes[l]
            + " neurons, got " + (m == null ? "null" : m.length));
      }
      for (int i = 0; i < m.length; i++) {
        double prev = -1.0;
        for (double t : m[i]) {
          if (!(t > prev) || !(t >= 0)) {
            throw new IllegalArgumentException("ttfs replay measured[" + (l - 1) + "][" + i
                + "]: times must be >= 0, strictly ascending and not NaN, got " + Arrays.toString(m[i]));
          }
          prev = t;
        }
      }
    }
    if (!(minSlope > 0) || Double.isInfinite(minSlope)) {
      throw new IllegalArgumentException("ttfs replay minSlope: must be finite and > 0, got " + minSlope);
    }
    double slope = minSlope * neuron.threshold() / neuron.tau();
    forward(inputTimes, ws);
    ws.forwardDone = false;
    for (int l = 1; l <= layers; l++) {
      LayerTrace cur = ws.traces[l];
      if (l > 1) {
        LayerTrace prev = ws.traces[l - 1];
        cur.buildGroups(prev.spikeTime, prev.spikeNeuron, true, prev.spikeCount);
      } else if (lazy[1]) {
        // the forward pass above sized layer 1's records per touch; the replay records per (group, neuron)
        cur.buildGroups(ws.sortedInputTimes, ws.sortedInputChannels, false, cur.memberCount);
      }
      cur.lazy = false;
      lif.replay(wiring[l], params, weightOffset[l], stateOffset[l], cur, trialEnd, measured[l - 1], slope);
    }
    LayerTrace out = ws.traces[layers];
    boolean anySilent = false;
    for (int q = 0; q < out.size; q++) {
      int s = out.firstSpike[q];
      ws.outputSilent[q] = s < 0;
      anySilent |= s < 0;
      ws.outputTimes[q] = s >= 0 ? out.spikeTime[s] : lifSilentTime();
    }
    ws.pseudoDone = false;
    if (anySilent) {
      lifPseudoPass(ws);
    }
    ws.forwardDone = true;
  }

  private void runLayer(int l, LayerTrace tr) {
    if (lazy[l]) {
      Wiring w = wiring[l];
      if (theta != null) {
        sparseTheta.forward(w, params, weightOffset[l], stateOffset[l], tr, trialEnd);
      } else {
        sparseLif.forward(w, params, weightOffset[l], stateOffset[l], tr, trialEnd);
      }
      return;
    }
    tr.lazy = false;
    if (theta != null) {
      theta.forward(wiring[l], params, weightOffset[l], stateOffset[l], tr, trialEnd);
    } else {
      lif.forward(wiring[l], params, weightOffset[l], stateOffset[l], tr, trialEnd);
    }
  }

  /**
   * Output times of the last forward pass: first in-trial spike, else the theta or LIF pseudospike time. A read-only view into the workspace.
   */
  public double[] outputTimes(TtfsWorkspace ws) {
    checkWorkspace(ws);
    return ws.outputTimes;
  }

  /** Which outputs had no in-trial spike in the last forward pass. A read-only view into the workspace. */
  public boolean[] outputSilent(TtfsWorkspace ws) {
    checkWorkspace(ws);
    return ws.outputSilent;
  }

  /**
   * Adds the exact dL/dparameters of the last forward pass to {@code gradAccumulator} (same layout as the
   * parameters), given dL/d(output time) per output neuron. Also leaves dL/d(input times) in
   * {@link TtfsWorkspace#inputTimeGradient()}.
   */
  public void backward(double[] dLdOutputTimes, TtfsWorkspace ws, double[] gradAccumulator) {
    backward(dLdOutputTimes, ws, gradAccumulator, false);
  }

  /**
   * As {@link #backward(double[], TtfsWorkspace, double[])}, except that dL/dW_1 (the input layer's weights, the
   * widest rows) is only recorded in the workspace; {@link #flushDeferredGradient} adds it to the accumulator, with
   * the same bits as immediate accumulation gives, after any number of samples. This is batching over samples: a
   * chunk of samples then updates each input weight row once per four samples instead of once per sample. Call
   * the flush with the same accumulator before reading it; a plain {@link #forward}/{@link #backward} in between is
   * fine.
   */
  public void backwardDeferringInputWeights(double[] dLdOutputTimes, TtfsWorkspace ws, double[] gradAccumulator) {
    backward(dLdOutputTimes, ws, gradAccumulator, true);
  }

  /** Adds the input-layer weight gradients recorded by {@link #backwardDeferringInputWeights} and forgets them. */
  public void flushDeferredGradient(TtfsWorkspace ws, double[] gradAccumulator) {
    checkWorkspace(ws);
    if (gradAccumulator == null || gradAccumulator.length != params.length) {
      throw new IllegalArgumentException("ttfs flush gradAccumulator: expected " + params.length
          + " values, got " + (gradAccumulator == null ? "null" : gradAccumulator.length));
    }
    ws.inputGradient.flushInto(gradAccumulator, weightOffset[1], sizes[0]);
  }

  /** Forgets the recorded input-layer weight gradients (a pass that failed half-way). */
  public void discardDeferredGradient(TtfsWorkspace ws) {
    checkWorkspace(ws);
    ws.inputGradient.clear();
  }

  private void backward(double[] dLdOutputTimes, TtfsWorkspace ws, double[] gradAccumulator, boolean defer) {
    checkWorkspace(ws);
    if (!ws.forwardDone) {
      throw new IllegalStateException("ttfs backward: call forward on this workspace first");
    }
    int layers = sizes.length - 1;
    int out = sizes[layers];
    if (dLdOutputTimes == null || dLdOutputTimes.length != out) {
      throw new IllegalArgumentException("ttfs backward dLdOutputTimes: expected " + out + " values, got "
          + (dLdOutputTimes == null ? "null" : dLdOutputTimes.length));
    }
    if (gradAccumulator == null || gradAccumulator.length != params.length) {
      throw new IllegalArgumentException("ttfs backward gradAccumulator: expected " + params.length
          + " values, got " + (gradAccumulator == null ? "null" : gradAccumulator.length));
    }
    for (int l = 1; l <= layers; l++) {
      LayerTrace t = ws.traces[l];
      Arrays.fill(t.spikeAdjoint, 0, t.spikeCount, 0.0);
      Arrays.fill(t.lambdaA, 0.0);
    }
    Arrays.fill(ws.inputTimeAdjoint, 0.0);
    LayerTrace top = ws.traces[layers];
    boolean pseudoNeeded = false;
    for (int q = 0; q < out; q++) {
      int s = top.firstSpike[q];
      if (s >= 0) {
        top.spikeAdjoint[s] += dLdOutputTimes[q];
      } else if (dLdOutputTimes[q] != 0.0) {
        pseudoNeeded = true;
      }
    }
    if (theta != null) {
      if (pseudoNeeded && ws.pseudoDone) {
        for (int l = 1; l <= layers; l++) {
          Arrays.fill(ws.traces[l].pseudoAdjoint, 0.0);
        }
        for (int q = 0; q < out; q++) {
          if (top.firstSpike[q] < 0) {
            top.pseudoAdjoint[q] = -dLdOutputTimes[q];
          }
        }
        for (int l = layers; l >= 1; l--) {
          theta.pseudoBackward(wiring[l], params, weightOffset[l], ws.traces[l], l == 1 ? null : ws.traces[l - 1],
              gradAccumulator);
        }
      }
      for (int l = layers; l >= 1; l--) {
        double[] below = l == 1 ? ws.inputTimeAdjoint : ws.traces[l - 1].spikeAdjoint;
        if (ws.traces[l].lazy) {
          sparseTheta.backward(wiring[l], weightOffset[l], stateOffset[l], ws.traces[l],
              gradAccumulator, below);
          continue;
        }
        theta.backward(wiring[l], params, weightOffset[l], stateOffset[l], ws.traces[l], gradAccumulator,
            below, defer && l == 1 && wiring[1].dense() ? ws.inputGradient : null);
      }
    } else {
      boolean seeded = pseudoNeeded && ws.pseudoDone;
      if (seeded) {
        for (int l = 1; l <= layers; l++) {
          Arrays.fill(ws.traces[l].pseudoAdjoint, 0.0);
        }
        double tau = lif.tau;
        for (int q = 0; q < out; q++) {
          if (top.firstSpike[q] < 0) {
            top.pseudoAdjoint[q] = tau * dLdOutputTimes[q];
          }
        }
        for (int l = layers; l >= 1; l--) {
          lif.pseudoBackward(wiring[l], params, weightOffset[l], ws.traces[l], l == 1 ? null : ws.traces[l - 1],
              gradAccumulator);
        }
      }
      for (int l = layers; l >= 1; l--) {
        double[] below = l == 1 ? ws.inputTimeAdjoint : ws.traces[l - 1].spikeAdjoint;
        if (ws.traces[l].lazy) {
          sparseLif.backward(wiring[l], params, weightOffset[l], stateOffset[l], ws.traces[l],
              gradAccumulator, below, seeded, trialEnd);
          continue;
        }
        lif.backward(wiring[l], params, weightOffset[l], stateOffset[l], ws.traces[l], gradAccumulator,
            below, seeded, defer && l == 1 && wiring[1].dense() ? ws.inputGradient : null);
      }
    }
  }

  private void checkLayer(int layer) {
    if (layer < 1 || layer >= sizes.length) {
      throw new IndexOutOfBoundsException("layer " + layer + ": must be in 1.." + (sizes.length - 1));
    }
  }

  private void checkWorkspace(TtfsWorkspace ws) {
    if (ws == null || !Arrays.equals(ws.layerSizes, sizes)) {
      throw new IllegalArgumentException("ttfs workspace: made for layer sizes "
          + (ws == null ? "null" : Arrays.toString(ws.layerSizes)) + ", network has " + Arrays.toString(sizes));
    }
  }
}
