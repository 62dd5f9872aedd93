package org.spikeforge.emulator.core;

import java.util.List;
import org.spikeforge.proto.HwLayer;

/**
 * A layer of SpikeForge's digital theta core: one phase counter per neuron, weights in voltage units, and
 * the shared {@link ThetaTablesModel} holding the neuron's whole nonlinearity.
 */
public final class ThetaModel implements LayerModel {
  /** An input channel's spike count in one step saturates here, which keeps the 64-bit accumulator exact. */
  public static final int MAX_INPUT_SPIKES = 255;

  final int size;
  final int[] weightsT;
  final int[] recurrentT;
  /** {@code weightsT} split into one array per source (see {@link Check#columns}). */
  final int[][] weightColumns;
  /** {@code recurrentT} split into one array per source neuron, or null. */
  final int[][] recurrentColumns;
  /**
   * True when no step's input sum can leave the int range (every |weight| times the largest spike count,
   * summed over all sources of a neuron, stays below 2^31): then the core accumulates exactly in int, which
   * C2 vectorizes, instead of long.
   */
  final boolean intAccumulator;
  final int[] phaseInit;
  final ThetaTablesModel tables;

  private ThetaModel(int size, int[] weightsT, int[] recurrentT, int[] phaseInit, ThetaTablesModel tables) {
    this.size = size;
    this.weightsT = weightsT;
    this.recurrentT = recurrentT;
    this.weightColumns = Check.columns(weightsT, size);
    this.recurrentColumns = Check.columns(recurrentT, size);
    this.intAccumulator = maxAbsInput(weightsT, size) + maxAbsInput(recurrentT, size) < Integer.MAX_VALUE;
    this.phaseInit = phaseInit;
    this.tables = tables;
  }

  /** Largest sum over sources of |weight| * MAX_INPUT_SPIKES into one neuron (the largest count a source sends). */
  private static long maxAbsInput(int[] columnsT, int size) {
    if (columnsT == null) {
      return 0;
    }
    long[] sum = new long[size];
    for (int k = 0; k < columnsT.length; k++) {
      sum[k % size] += Math.abs((long) columnsT[k]) * MAX_INPUT_SPIKES;
    }
    long max = 0;
    for (long x : sum) {
      max = Math.max(max, x);
    }
    return max;
  }

  /** Validates {@code layer} against the shared tables and compiles it. */
  public static ThetaModel of(String field, HwLayer layer, ThetaTablesModel tables) {
    int n = layer.getSize();
    int[] phaseInit = Check.perNeuron(field + ".theta.phase_init", layer.getTheta().getPhaseInitList(), n, 0, 0,
        tables.period - 1L);
    int[] w = Check.transposed(field + ".weights",
        Connectivity.rowMajor(field, layer, Integer.MIN_VALUE, Integer.MAX_VALUE), n, layer.getFanIn(), Integer.MIN_VALUE,
        Integer.MAX_VALUE);
    int[] r = layer.getRecurrentWeightsCount() == 0 ? null
        : Check.transposed(field + ".recurrent_weights", layer.getRecurrentWeightsList(), n, n, Integer.MIN_VALUE,
            Integer.MAX_VALUE);
    return new ThetaModel(n, w, r, phaseInit, tables);
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
    return Math.min(raw, MAX_INPUT_SPIKES);
  }

  @Override
  public List<String> variables() {
    return List.of("phase");
  }

  @Override
  public LayerCore newCore() {
    return new ThetaCore(this);
  }
}
