package org.spikeforge.sim;

import java.util.Arrays;

/**
 * Everything one run produced, in primitive arrays that are reused by the next run into the same log: the spike
 * times per neuron, the pseudospikes after T, and the tape of state-changing records that
 * {@code org.spikeforge.grad.SpikeTimeGradient} walks backwards.
 *
 * <p>Tape records, in the order they happened: {@link #JUMP} (a neuron flowed to time t and received the summed
 * weight of every source that fired at exactly t), {@link #SPIKE} (a neuron reached threshold at t and was reset)
 * and {@link #END} (each neuron flowed to T, one record per neuron, last). Each record names its neuron, the
 * neuron's previous record ({@code -1} for the initial state at t = 0), and stores the state right after it; a JUMP
 * also stores the state just before it and its contributions (source time variable and weight index).
 * A contribution's source is a spike record index (&gt;= 0) or an input spike {@code -(k + 1)} with k indexing
 * {@link InputTrains#times()}.
 *
 * <p>Spike and pseudospike times are in compressed rows per neuron: neuron n's spikes are
 * {@code spikeTimes()[spikeStart()[n] .. spikeStart()[n + 1])}, ascending, and the same for pseudospikes. Gradient
 * inputs dL/dt use exactly these layouts.
 */
public final class EventLog {
  public static final byte JUMP = 0;
  public static final byte SPIKE = 1;
  public static final byte END = 2;

  int neurons;
  int dim;
  double trialEnd;
  CompiledNetwork network;
  InputTrains inputs;
  double[] initialState = new double[0];

  int records;
  byte[] kind = new byte[64];
  int[] neuron = new int[64];
  int[] prev = new int[64];
  double[] time = new double[64];
  double[] state = new double[128];
  double[] stateBefore = new double[128];
  double[] weight = new double[64];
  int[] contribStart = new int[65];
  int contributions;
  int[] contribSource = new int[64];
  int[] contribWeight = new int[64];

  int[] spikeStart = new int[1];
  double[] spikeTime = new double[0];
  int[] spikeRecord = new int[0];
  int[] endRecord = new int[0];

  int[] pseudoStart = new int[1];
  double[] pseudoTime = new double[0];
  // pseudospike auxiliaries (QIF: drive c, pre-softplus drive I_p, rate r; THETA: input x, response h, rate r)
  double[] pseudoDrive = new double[0];
  double[] pseudoInput = new double[0];
  double[] pseudoRate = new double[0];
  long structureHash;

  void begin(CompiledNetwork net, InputTrains in) {
    this.network = net;
    this.inputs = in;
    this.neurons = net.neuronCount();
    this.dim = net.model().dimension();
    this.trialEnd = net.trialEnd();
    if (initialState.length < neurons * dim) {
      initialState = new double[neurons * dim];
    }
    System.arraycopy(net.initialState(), 0, initialState, 0, neurons * dim);
    records = 0;
    contributions = 0;
    contribStart[0] = 0;
    structureHash = 1469598103934665603L;
  }

  /** Appends a record and returns its index; the caller fills state (and stateBefore, contributions). */
  int append(byte k, int n, int previous, double t) {
    if (records == kind.length) {
      int cap = kind.length * 2;
      kind = Arrays.copyOf(kind, cap);
      neuron = Arrays.copyOf(neuron, cap);
      prev = Arrays.copyOf(prev, cap);
      time = Arrays.copyOf(time, cap);
      weight = Arrays.copyOf(weight, cap);
      state = Arrays.copyOf(state, cap * dim);
      stateBefore = Arrays.copyOf(stateBefore, cap * dim);
      contribStart = Arrays.copyOf(contribStart, cap + 1);
    }
    if (state.length < kind.length * dim) {
      state = Arrays.copyOf(state, kind.length * dim);
      stateBefore = Arrays.copyOf(stateBefore, kind.length * dim);
    }
    int r = records++;
    kind[r] = k;
    neuron[r] = n;
    prev[r] = previous;
    time[r] = t;
    weight[r] = 0;
    contribStart[r + 1] = contributions;
    structureHash = (structureHash ^ (k * 1_000_003L + n)) * 1099511628211L;
    return r;
  }

  void addContribution(int record, int source, int weightIndex) {
    if (contributions == contribSource.length) {
      contribSource = Arrays.copyOf(contribSource, contributions * 2);
      contribWeight = Arrays.copyOf(contribWeight, contributions * 2);
    }
    contribSource[contributions] = source;
    contribWeight[contributions] = weightIndex;
    contributions++;
    contribStart[record + 1] = contributions;
  }

  /** Builds the per-neuron spike index after the run. */
  void indexSpikes() {
    if (spikeStart.length < neurons + 1) {
      spikeStart = new int[neurons + 1];
      endRecord = new int[neurons];
    }
    Arrays.fill(spikeStart, 0, neurons + 1, 0);
    int total = 0;
    for (int r = 0; r < records; r++) {
      if (kind[r] == SPIKE) {
        spikeStart[neuron[r] + 1]++;
        total++;
      } else if (kind[r] == END) {
        endRecord[neuron[r]] = r;
      }
    }
    for (int n = 0; n < neurons; n++) {
      spikeStart[n + 1] += spikeStart[n];
    }
    if (spikeTime.length < total) {
      spikeTime = new double[Math.max(total, 2 * spikeTime.length)];
      spikeRecord = new int[spikeTime.length];
    }
    int[] fill = neuronScratch(neurons);
    System.arraycopy(spikeStart, 0, fill, 0, neurons);
    for (int r = 0; r < records; r++) {
      if (kind[r] == SPIKE) {
        int slot = fill[neuron[r]]++;
        spikeTime[slot] = time[r];
        spikeRecord[slot] = r;
      }
    }
  }

  private int[] scratch = new int[0];

  private int[] neuronScratch(int n) {
    if (scratch.length < n) {
      scratch = new int[n];
    }
    return scratch;
  }

  void preparePseudo(int[] countPerNeuron) {
    if (pseudoStart.length < neurons + 1) {
      pseudoStart = new int[neurons + 1];
    }
    if (pseudoDrive.length < neurons) {
      pseudoDrive = new double[neurons];
      pseudoInput = new double[neurons];
      pseudoRate = new double[neurons];
    }
    pseudoStart[0] = 0;
    for (int n = 0; n < neurons; n++) {
      pseudoStart[n + 1] = pseudoStart[n] + countPerNeuron[n];
      structureHash = (structureHash ^ (countPerNeuron[n] * 7919L + n)) * 1099511628211L;
    }
    if (pseudoTime.length < pseudoStart[neurons]) {
      pseudoTime = new double[pseudoStart[neurons]];
    }
  }

  // ---- public read access (views, valid until the next run into this log) ----

  public CompiledNetwork network() {
    return network;
  }

  public InputTrains inputs() {
    return inputs;
  }

  public int neuronCount() {
    return neurons;
  }

  public double trialEnd() {
    return trialEnd;
  }

  /** Number of in-trial spikes of neuron n. */
  public int spikeCount(int n) {
    return spikeStart[n + 1] - spikeStart[n];
  }

  /** Time of the k-th (0-based) in-trial spike of neuron n. */
  public double spikeTime(int n, int k) {
    return spikeTime[spikeStart[n] + k];
  }

  /** Tape record index of the k-th in-trial spike of neuron n. */
  public int spikeRecord(int n, int k) {
    return spikeRecord[spikeStart[n] + k];
  }

  public int[] spikeStart() {
    return spikeStart;
  }

  public double[] spikeTimes() {
    return spikeTime;
  }

  public int totalSpikes() {
    return spikeStart[neurons];
  }

  public int pseudospikeCount(int n) {
    return pseudoStart[n + 1] - pseudoStart[n];
  }

  /** Time of the k-th (0-based) pseudospike of neuron n (always > T, or = T at the edge). */
  public double pseudospikeTime(int n, int k) {
    return pseudoTime[pseudoStart[n] + k];
  }

  public int[] pseudoStart() {
    return pseudoStart;
  }

  public double[] pseudoTimes() {
    return pseudoTime;
  }

  public int totalPseudospikes() {
    return pseudoStart[neurons];
  }

  /**
   * The n-th (0-based) spike of neuron i, continued by pseudospikes: in-trial spike n if it exists, else
   * pseudospike n - K (K in-trial spikes), else NaN.
   */
  public double spikeOrPseudospike(int i, int n) {
    int k = spikeCount(i);
    if (n < k) {
      return spikeTime(i, n);
    }
    return n - k < pseudospikeCount(i) ? pseudospikeTime(i, n - k) : Double.NaN;
  }

  /** State of neuron n at T: element k of the model state. */
  public double stateAtEnd(int n, int k) {
    return state[endRecord[n] * dim + k];
  }

  /** Number of tape records. */
  public int recordCount() {
    return records;
  }

  public byte recordKind(int r) {
    return kind[r];
  }

  public int recordNeuron(int r) {
    return neuron[r];
  }

  public int recordPrevious(int r) {
    return prev[r];
  }

  public double recordTime(int r) {
    return time[r];
  }

  /** Summed weight of a JUMP record. */
  public double recordWeight(int r) {
    return weight[r];
  }

  public int contributionStart(int r) {
    return contribStart[r];
  }

  public int contributionEnd(int r) {
    return kind[r] == JUMP ? contribStart[r + 1] : contribStart[r];
  }

  public int contributionSource(int c) {
    return contribSource[c];
  }

  public int contributionWeight(int c) {
    return contribWeight[c];
  }

  /** Copies the state after record r (r = -1: neuron's initial state) into x. */
  public void stateAfter(int r, int n, double[] x) {
    if (r < 0) {
      System.arraycopy(initialState, n * dim, x, 0, dim);
    } else {
      System.arraycopy(state, r * dim, x, 0, dim);
    }
  }

  /** Copies the state just before the jump of JUMP record r into y. */
  public void stateBeforeJump(int r, double[] y) {
    System.arraycopy(stateBefore, r * dim, y, 0, dim);
  }

  /** Pseudospike auxiliaries of neuron n (see {@code org.spikeforge.grad}). */
  public double pseudoDrive(int n) {
    return pseudoDrive[n];
  }

  public double pseudoInput(int n) {
    return pseudoInput[n];
  }

  public double pseudoRate(int n) {
    return pseudoRate[n];
  }

  /**
   * Hash of the event structure (record kinds and neurons in order, pseudospike counts). Two runs with the same hash
   * took the same branch, so spike times are smooth between their parameters: finite-difference checks use this to
   * detect and skip branch switches.
   */
  public long structureHash() {
    return structureHash;
  }
}
