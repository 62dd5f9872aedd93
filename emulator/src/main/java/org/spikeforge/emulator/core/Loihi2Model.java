package org.spikeforge.emulator.core;

import java.util.List;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;

/**
 * Lava's bit-accurate CUBA LIF ({@code PyLifModelBitAcc}) fed by bit-accurate Dense connections
 * ({@code PyDenseModelBitAcc}), with the weights already clipped-checked and truncated as Lava does at its
 * first step. See docs/TARGET-SEMANTICS.md, section loihi2.
 */
public final class Loihi2Model implements LayerModel {
  /** Proto {@code Loihi2Lif.sign_mode} values (0 means: determined from the weights, as Lava does). */
  public static final int SIGN_AUTO = 0;
  public static final int SIGN_NULL = 1;
  public static final int SIGN_MIXED = 2;
  public static final int SIGN_EXCITATORY = 3;
  public static final int SIGN_INHIBITORY = 4;

  /** Half range of the 24-bit state: u wraps into (-M, M], v saturates to [-M + 1, M - 1]. */
  public static final int M = 1 << 23;

  final int size;
  final int fanIn;
  final int[] weightsT;
  final int[] recurrentT;
  /** {@code weightsT} split into one array per source (see {@link Check#columns}). */
  final int[][] weightColumns;
  /** {@code recurrentT} split into one array per source neuron, or null. */
  final int[][] recurrentColumns;
  final int weightExp;
  final int decayU;
  final int decayV;
  final int vthScaled;
  final int[] bias;
  final int[] uInit;
  final int[] vInit;
  /**
   * True when no input can push |a << 6| above 2^23: then u stays in [-2^23, 2^23], nothing overflows 32
   * bits and the update can use the exact int-only decay (see {@link Loihi2Core}).
   */
  final boolean boundedInput;

  private Loihi2Model(int size, int fanIn, int[] weightsT, int[] recurrentT, int weightExp, int decayU,
      int decayV, int vthScaled, int[] bias, int[] uInit, int[] vInit) {
    this.size = size;
    this.fanIn = fanIn;
    this.weightsT = weightsT;
    this.recurrentT = recurrentT;
    this.weightColumns = Check.columns(weightsT, size);
    this.recurrentColumns = Check.columns(recurrentT, size);
    this.weightExp = weightExp;
    this.decayU = decayU;
    this.decayV = decayV;
    this.vthScaled = vthScaled;
    this.bias = bias;
    this.uInit = uInit;
    this.vInit = vInit;
    this.boundedInput = maxInputMagnitude(weightsT, size, weightExp) + maxInputMagnitude(recurrentT, size, weightExp)
        <= (1L << 23) / 64;
  }

  /** Upper bound of |A >> -e| or |A << e| over all neurons and spike patterns of one Dense. */
  static long maxInputMagnitude(int[] columnsT, int size, int weightExp) {
    if (columnsT == null) {
      return 0;
    }
    long[] pos = new long[size];
    long[] neg = new long[size];
    for (int k = 0; k < columnsT.length; k++) {
      int w = columnsT[k];
      if (w > 0) {
        pos[k % size] += w;
      } else {
        neg[k % size] -= w;
      }
    }
    long max = 0;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, Math.max(pos[i], neg[i]));
    }
    // Right shifts floor, so a negative sum can come out one larger in magnitude.
    return weightExp >= 0 ? max << weightExp : (max >> -weightExp) + 1;
  }

  /** Validates {@code layer} (its {@code loihi2} parameters and weights) and compiles it. */
  public static Loihi2Model of(String field, HwLayer layer) {
    Loihi2Lif p = layer.getLoihi2();
    String f = field + ".loihi2";
    int n = layer.getSize();
    Check.range(f + ".du", p.getDu(), 0, 4095);
    Check.range(f + ".dv", p.getDv(), 0, 4095);
    Check.range(f + ".vth", p.getVth(), 0, (1 << 17) - 1);
    Check.range(f + ".bias_exp", p.getBiasExp(), -7, 7);
    Check.range(f + ".weight_exp", p.getWeightExp(), -8, 7);
    Check.range(f + ".num_weight_bits", p.getNumWeightBits(), 0, 8);
    Check.range(f + ".sign_mode", p.getSignMode(), 0, 4);
    int[] biasMant = Check.perNeuron(f + ".bias_mant", p.getBiasMantList(), n, 0, -4096, 4095);
    int[] bias = new int[n];
    for (int i = 0; i < n; i++) {
      bias[i] = p.getBiasExp() >= 0 ? biasMant[i] << p.getBiasExp() : biasMant[i] >> -p.getBiasExp();
    }
    int[] uInit = Check.perNeuron(f + ".u_init", p.getUInitList(), n, 0, -M + 1, M);
    int[] vInit = Check.perNeuron(f + ".v_init", p.getVInitList(), n, 0, -M + 1, M - 1);
    int bits = p.getNumWeightBits() == 0 ? 8 : p.getNumWeightBits();
    // Conv and pool layers: the sign mode is Lava's rule over the stored kernel (the expansion only adds zeros).
    int ffMode = p.getSignMode() == SIGN_AUTO ? determineSignMode(Connectivity.stored(layer)) : p.getSignMode();
    List<Integer> ff = Connectivity.rowMajor(field, layer, lowerBound(ffMode), upperBound(ffMode));
    int[] w = dense(field + ".weights", ff, n, layer.getFanIn(), ffMode, bits);
    int[] r = layer.getRecurrentWeightsCount() == 0 ? null
        : dense(field + ".recurrent_weights", layer.getRecurrentWeightsList(), n, n, p.getSignMode(), bits);
    return new Loihi2Model(n, layer.getFanIn(), w, r, p.getWeightExp(), 4096 - (p.getDu() + 1),
        4096 - p.getDv(), p.getVth() << 6, bias, uInit, vInit);
  }

  /**
   * One Dense connection's weights as Lava uses them: the sign mode (given or determined from the weights),
   * a range check against the 8-bit clip range of that mode, then truncation of the low bits.
   */
  static int[] dense(String field, List<Integer> rowMajor, int rows, int cols, int signMode, int bits) {
    int mode = signMode == SIGN_AUTO ? determineSignMode(rowMajor) : signMode;
    int[] t = Check.transposed(field, rowMajor, rows, cols, lowerBound(mode), upperBound(mode));
    int k = 8 - bits + (mode == SIGN_MIXED ? 1 : 0);
    for (int i = 0; i < t.length; i++) {
      t[i] = truncate(t[i], mode, k);
    }
    return t;
  }

  /** Lower end of Lava's 8-bit clip range for a sign mode. */
  static int lowerBound(int mode) {
    return mode == SIGN_MIXED ? -256 : mode == SIGN_INHIBITORY ? -255 : 0;
  }

  /** Upper end of Lava's 8-bit clip range for a sign mode. */
  static int upperBound(int mode) {
    return mode == SIGN_INHIBITORY ? 0 : 255;
  }

  /** Lava's truncation: drop {@code k} low bits, of the magnitude for inhibitory weights (toward zero). */
  static int truncate(int w, int mode, int k) {
    return mode == SIGN_INHIBITORY ? -((-w >> k) << k) : (w >> k) << k;
  }

  /** Lava's rule when no sign mode is given: all >= 0 excitatory, else all <= 0 inhibitory, else mixed. */
  static int determineSignMode(List<Integer> w) {
    int min = 0;
    int max = 0;
    for (int x : w) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return min >= 0 ? SIGN_EXCITATORY : max <= 0 ? SIGN_INHIBITORY : SIGN_MIXED;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean hasRecurrent() {
    return recurrentT != null;
  }

  @Override
  public int inputCount(int raw) {
    return raw > 0 ? 1 : 0;
  }

  @Override
  public boolean singleSpikePerStep() {
    return true;
  }

  @Override
  public List<String> variables() {
    return List.of("u", "v");
  }

  @Override
  public LayerCore newCore() {
    return new Loihi2Core(this);
  }
}
