package org.spikeforge.emulator.core;

import java.util.List;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.XyloIaf;

/**
 * SynSense Xylo IAF neurons as Rockpool's XyloSim runs them: 8-bit weights shifted left by
 * {@code weight_shift}, 16-bit saturating synaptic current and membrane, bit-shift decays with a minimum
 * step of one, threshold compared with {@code >=} and subtractive reset of up to {@code max_spikes} spikes.
 */
public final class XyloModel implements LayerModel {
  /** Xylo caps the spikes one input channel delivers in one step at 15. */
  public static final int MAX_INPUT_SPIKES = 15;
  /** Spikes per step of a hidden neuron. */
  public static final int MAX_HIDDEN_SPIKES = 31;

  final int size;
  final int[] weightsT;
  final int[] recurrentT;
  /** {@code weightsT} split into one array per source (see {@link Check#columns}). */
  final int[][] weightColumns;
  /** {@code recurrentT} split into one array per source neuron, or null. */
  final int[][] recurrentColumns;
  final int dashSyn;
  final int dashMem;
  final int[] threshold;
  final int[] bias;
  final int maxSpikes;

  private XyloModel(int size, int[] weightsT, int[] recurrentT, int dashSyn, int dashMem, int[] threshold,
      int[] bias, int maxSpikes) {
    this.size = size;
    this.weightsT = weightsT;
    this.recurrentT = recurrentT;
    this.weightColumns = Check.columns(weightsT, size);
    this.recurrentColumns = Check.columns(recurrentT, size);
    this.dashSyn = dashSyn;
    this.dashMem = dashMem;
    this.threshold = threshold;
    this.bias = bias;
    this.maxSpikes = maxSpikes;
  }

  /** Validates {@code layer} (its {@code xylo} parameters and weights) and compiles it. */
  public static XyloModel of(String field, HwLayer layer) {
    XyloIaf p = layer.getXylo();
    String f = field + ".xylo";
    int n = layer.getSize();
    Check.range(f + ".dash_syn", p.getDashSyn(), 0, 15);
    Check.range(f + ".dash_mem", p.getDashMem(), 0, 15);
    Check.range(f + ".weight_shift", p.getWeightShift(), 0, 8);
    Check.length(f + ".threshold", p.getThresholdCount(), n, "one per neuron");
    int[] threshold = Check.perNeuron(f + ".threshold", p.getThresholdList(), n, 1, 1, Short.MAX_VALUE);
    int[] bias = Check.perNeuron(f + ".bias", p.getBiasList(), n, 0, Short.MIN_VALUE, Short.MAX_VALUE);
    int maxSpikes = p.getMaxSpikes() != 0 ? p.getMaxSpikes() : layer.getOutput() ? 1 : MAX_HIDDEN_SPIKES;
    Check.range(f + ".max_spikes", maxSpikes, 1, layer.getOutput() ? 1 : MAX_HIDDEN_SPIKES);
    if (layer.getConnectivityCase() != HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET) {
      String kind = layer.getConnectivityCase() == HwLayer.ConnectivityCase.CONV2D ? "conv2d" : "sum_pool2d";
      throw new ConfigException(field + "." + kind + " is set, but xylo has dense synapses only (the xylo lowering"
          + " expands conv and pool layers to dense weights)");
    }
    int shift = p.getWeightShift();
    int[] w = shifted(Check.transposed(field + ".weights", layer.getWeightsList(), n, layer.getFanIn(), -128, 127),
        shift);
    int[] r = layer.getRecurrentWeightsCount() == 0 ? null
        : shifted(Check.transposed(field + ".recurrent_weights", layer.getRecurrentWeightsList(), n, n, -128, 127),
            shift);
    return new XyloModel(n, w, r, p.getDashSyn(), p.getDashMem(), threshold, bias, maxSpikes);
  }

  private static int[] shifted(int[] w, int shift) {
    for (int i = 0; i < w.length; i++) {
      w[i] <<= shift;
    }
    return w;
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
    return List.of("isyn", "vmem");
  }

  @Override
  public LayerCore newCore() {
    return new XyloCore(this);
  }
}
