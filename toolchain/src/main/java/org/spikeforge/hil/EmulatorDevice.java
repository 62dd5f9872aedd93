package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikeforge.emulator.CompiledConfig;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.Capabilities;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.device.LayerShape;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwLayerOrBuilder;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;

/**
 * A {@link Device} whose chip is the Java cycle-accurate {@link Emulator}: an ideal board (no mismatch) of one target
 * family. With it the hardware-in-the-loop loop becomes quantization-aware fine-tuning: the forward pass is the
 * quantized integer network, the exact float gradients at its spike times flow to the float shadow weights.
 *
 * <p>Weights follow the reference board's programming rules, so both give the same traces: on loihi2 the sign mode of
 * each matrix is fixed at load (given, or Lava's rule on the loaded weights), writes outside its 8-bit range are
 * refused and stored values are truncated to the layer's weight bits; xylo stores [-128, 127]; theta any int.
 * Writes are collected and the config is recompiled once, before the next run.
 *
 * <p>{@link #run} continues from the current state by re-running the whole input since the last {@link #reset}
 * (the emulator always starts from reset) and returning the new steps only; {@link #trial} is one plain run.
 */
public final class EmulatorDevice implements Device {
  /** The {@code --device} value that selects this device. */
  public static final String SPEC = "emulator";

  private final TargetFamily family;
  private HardwareConfig.Builder config;
  private EmulatorSession session;
  private List<LayerShape> layers = List.of();
  private int[] signModes = new int[0];
  private int[] recurrentSignModes = new int[0];
  private List<List<Long>> pastInput = new ArrayList<>();
  private long pastSteps;
  private boolean probing;
  private boolean stale;
  private boolean closed;

  /** @param family the only target this device loads */
  public EmulatorDevice(TargetFamily family) {
    this.family = java.util.Objects.requireNonNull(family, "family");
  }

  @Override
  public String boardId() {
    return SPEC + "-" + family;
  }

  @Override
  public Capabilities capabilities() {
    live();
    boolean xylo = family == TargetFamily.XYLO;
    long width = CompiledConfig.MAX_LAYER_SIZE;
    return new Capabilities(family, CompiledConfig.MAX_NEURONS, xylo ? CompiledConfig.XYLO_MAX_INPUTS : width,
        xylo ? CompiledConfig.XYLO_MAX_OUTPUTS : width, width, Integer.MAX_VALUE, CompiledConfig.MAX_INPUT_DELAY,
        Integer.MAX_VALUE, 0, 0, xylo ? 31 : 1);
  }

  @Override
  public void load(HardwareConfig cfg) {
    live();
    if (!cfg.getTarget().equals(family.wireName())) {
      throw new DeviceException(BoardError.TARGET_MISMATCH, BoardError.TARGET_MISMATCH.code(), boardId()
          + ": config target '" + cfg.getTarget() + "' does not match board family '" + family + "'");
    }
    HardwareConfig.Builder b = cfg.toBuilder();
    int n = cfg.getLayersCount();
    int[] modes = new int[n];
    int[] recModes = new int[n];
    for (int l = 0; l < n; l++) {
      HwLayer hl = cfg.getLayers(l);
      if (family == TargetFamily.LOIHI2) {
        int given = hl.getLoihi2().getSignMode();
        modes[l] = given != 0 ? given : signModeOf(hl.getWeightsList());
        recModes[l] = given != 0 ? given : signModeOf(hl.getRecurrentWeightsList());
      }
    }
    this.signModes = modes;
    this.recurrentSignModes = recModes;
    List<LayerShape> shapes = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      HwLayer.Builder hl = b.getLayersBuilder(l);
      int[] w = hl.getWeightsList().stream().mapToInt(Integer::intValue).toArray();
      program(hl, l, WeightMatrix.FEEDFORWARD, w, "load");
      setWeights(hl, WeightMatrix.FEEDFORWARD, w);
      int[] r = hl.getRecurrentWeightsList().stream().mapToInt(Integer::intValue).toArray();
      program(hl, l, WeightMatrix.RECURRENT, r, "load");
      setWeights(hl, WeightMatrix.RECURRENT, r);
      shapes.add(new LayerShape(hl.getName(), hl.getSize(), hl.getFanIn(), hl.getRecurrentWeightsCount() > 0));
    }
    this.session = compile(b.build());
    this.config = b;
    this.stale = false;
    this.layers = List.copyOf(shapes);
    reset();
  }

  private EmulatorSession compile(HardwareConfig cfg) {
    try {
      return Emulator.compile(cfg).newSession();
    } catch (ConfigException e) {
      throw new DeviceException(BoardError.INVALID_CONFIG, BoardError.INVALID_CONFIG.code(), boardId() + ": "
          + e.getMessage());
    }
  }

  /** Lava's rule when no sign mode is given: all >= 0 excitatory (3), all <= 0 inhibitory (4), else mixed (2). */
  private static int signModeOf(List<Integer> w) {
    int min = 0;
    int max = 0;
    for (int v : w) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return min >= 0 ? 3 : max <= 0 ? 4 : 2;
  }

  /** Checks {@code values} against the layer's range, then stores them as the board would (in place). */
  private void program(HwLayerOrBuilder hl, int layer, WeightMatrix matrix, int[] values, String call) {
    int lo;
    int hi;
    int shift = 0;
    int mode = 0;
    switch (family) {
      case LOIHI2 -> {
        mode = matrix == WeightMatrix.RECURRENT ? recurrentSignModes[layer] : signModes[layer];
        lo = mode == 2 ? -256 : mode == 4 ? -255 : 0;
        hi = mode == 4 ? 0 : 255;
        int bits = hl.getLoihi2().getNumWeightBits() == 0 ? 8 : hl.getLoihi2().getNumWeightBits();
        shift = 8 - bits + (mode == 2 ? 1 : 0);
      }
      case XYLO -> {
        lo = -128;
        hi = 127;
      }
      default -> { // THETA
        lo = Integer.MIN_VALUE;
        hi = Integer.MAX_VALUE;
      }
    }
    for (int k = 0; k < values.length; k++) {
      if (values[k] < lo || values[k] > hi) {
        throw new DeviceException(BoardError.INVALID_ARGUMENT, BoardError.INVALID_ARGUMENT.code(), boardId() + ": "
            + call + ": layer '" + hl.getName() + "': weight " + values[k] + " at index " + k + " outside ["
            + lo + ", " + hi + "]");
      }
    }
    if (shift > 0) {
      for (int k = 0; k < values.length; k++) {
        int v = values[k];
        values[k] = mode == 4 ? -((-v >> shift) << shift) : (v >> shift) << shift;
      }
    }
  }

  private static void setWeights(HwLayer.Builder hl, WeightMatrix matrix, int[] values) {
    if (matrix == WeightMatrix.FEEDFORWARD) {
      hl.clearWeights();
      for (int v : values) {
        hl.addWeights(v);
      }
    } else {
      hl.clearRecurrentWeights();
      for (int v : values) {
        hl.addRecurrentWeights(v);
      }
    }
  }

  @Override
  public List<LayerShape> layers() {
    live();
    return layers;
  }

  @Override
  public Trace run(InputSpikes input, long steps) {
    loaded();
    if (stale) {
      session = compile(config.build());
      stale = false;
    }
    EmulatorSession s = session;
    int channels = config.getNumInputs();
    if (input.getTrainsCount() != channels || (input.getChannels() != 0 && input.getChannels() != channels)) {
      throw DeviceException.binding(boardId() + ": input has " + input.getTrainsCount() + " spike trains (channels = "
          + input.getChannels() + "), the loaded config has num_inputs = " + channels);
    }
    if (steps < 0 || pastSteps + steps > Integer.MAX_VALUE) {
      throw DeviceException.binding(boardId() + ": run of " + steps + " steps after " + pastSteps
          + " is outside [0, " + Integer.MAX_VALUE + "] steps since the last reset");
    }
    InputSpikes.Builder all = InputSpikes.newBuilder().setChannels(channels);
    for (int c = 0; c < channels; c++) {
      List<Long> past = pastInput.get(c);
      for (long st : input.getTrains(c).getStepsList()) {
        if (st < 0) {
          throw DeviceException.binding(boardId() + ": input channel " + c + " has negative step " + st);
        }
        if (st < steps) {
          past.add(pastSteps + st);
        }
      }
      List<Long> sorted = new ArrayList<>(past);
      sorted.sort(null);
      all.addTrains(SpikeTrain.newBuilder().addAllSteps(sorted));
    }
    long total = pastSteps + steps;
    Trace full;
    try {
      full = s.run(all.build(), total, probing ? allProbes() : RecordSpec.none());
    } catch (ConfigException e) {
      throw DeviceException.binding(boardId() + ": " + e.getMessage());
    }
    Trace out = pastSteps == 0 ? withSource(full, steps) : tail(full, pastSteps, steps);
    pastSteps = total;
    return out;
  }

  private Trace withSource(Trace full, long steps) {
    return full.toBuilder().setSource("device:" + boardId()).setSteps(steps).setTrialEnd(steps * config.getDt())
        .build();
  }

  /** The steps [from, from + steps) of a run from reset, renumbered from 0. */
  private Trace tail(Trace full, long from, long steps) {
    Trace.Builder b = Trace.newBuilder().setSource("device:" + boardId()).setSteps(steps).setDt(config.getDt())
        .setTrialEnd(steps * config.getDt());
    for (PopulationTrace p : full.getPopulationsList()) {
      PopulationTrace.Builder pb = PopulationTrace.newBuilder().setName(p.getName());
      for (SpikeTrain t : p.getSpikesList()) {
        SpikeTrain.Builder tb = SpikeTrain.newBuilder();
        for (long st : t.getStepsList()) {
          if (st >= from) {
            tb.addSteps(st - from);
          }
        }
        pb.addSpikes(tb);
      }
      b.addPopulations(pb);
    }
    for (StateProbe p : full.getProbesList()) {
      StateProbe.Builder pb = p.toBuilder().clearValues();
      for (int t = (int) from; t < p.getValuesCount(); t++) {
        pb.addValues(p.getValues(t));
      }
      b.addProbes(pb);
    }
    return b.build();
  }

  private RecordSpec allProbes() {
    List<String> vars = switch (family) {
      case LOIHI2 -> List.of("u", "v");
      case XYLO -> List.of("isyn", "vmem");
      case THETA -> List.of("phase");
    };
    List<RecordSpec.Probe> probes = new ArrayList<>();
    for (LayerShape l : layers) {
      for (String v : vars) {
        for (int i = 0; i < l.size(); i++) {
          probes.add(new RecordSpec.Probe(l.name(), i, v));
        }
      }
    }
    return new RecordSpec(probes);
  }

  @Override
  public Trace trial(InputSpikes input, long steps) {
    reset();
    return run(input, steps);
  }

  @Override
  public void reset() {
    loaded();
    pastInput = new ArrayList<>();
    for (int c = 0; c < config.getNumInputs(); c++) {
      pastInput.add(new ArrayList<>());
    }
    pastSteps = 0;
  }

  private int layerIndex(String name) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).name().equals(name)) {
        return i;
      }
    }
    throw DeviceException.binding(boardId() + ": no layer '" + name + "' in the loaded config "
        + layers.stream().map(LayerShape::name).toList());
  }

  private int[] matrix(int layer, WeightMatrix matrix) {
    HwLayer hl = config.getLayers(layer);
    List<Integer> w = matrix == WeightMatrix.FEEDFORWARD ? hl.getWeightsList() : hl.getRecurrentWeightsList();
    if (matrix == WeightMatrix.RECURRENT && w.isEmpty()) {
      throw new DeviceException(BoardError.INVALID_ARGUMENT, BoardError.INVALID_ARGUMENT.code(), boardId()
          + ": layer '" + hl.getName() + "' has no recurrent weights");
    }
    return w.stream().mapToInt(Integer::intValue).toArray();
  }

  private void checkRange(int layer, int total, int offset, int count) {
    if (offset < 0 || count < 0 || offset > total || count > total - offset) {
      throw new DeviceException(BoardError.INVALID_ARGUMENT, BoardError.INVALID_ARGUMENT.code(), boardId()
          + ": weight range [" + offset + ", " + offset + " + " + count + ") outside [0, " + total + ") of layer '"
          + layers.get(layer).name() + "'");
    }
  }

  @Override
  public void writeWeights(String layer, WeightMatrix matrix, int offset, int[] values) {
    loaded();
    int l = layerIndex(layer);
    int[] w = matrix(l, matrix);
    checkRange(l, w.length, offset, values.length);
    int[] next = values.clone();
    program(config.getLayers(l), l, matrix, next, "writeWeights(offset " + offset + ")");
    System.arraycopy(next, 0, w, offset, next.length);
    setWeights(config.getLayersBuilder(l), matrix, w);
    stale = true;
  }

  /** Scattered writes, checked together and applied with one rebuild of the layer's weights. */
  @Override
  public void writeWeightsAt(String layer, WeightMatrix matrix, int[] indices, int[] values) {
    loaded();
    int l = layerIndex(layer);
    int[] w = matrix(l, matrix);
    if (indices.length != values.length) {
      throw DeviceException.binding(boardId() + ": " + indices.length + " weight indices but " + values.length
          + " values");
    }
    for (int i = 0; i < indices.length; i++) {
      checkRange(l, w.length, indices[i], 1);
    }
    int[] next = values.clone();
    program(config.getLayers(l), l, matrix, next, "writeWeightsAt");
    for (int i = 0; i < indices.length; i++) {
      w[indices[i]] = next[i];
    }
    setWeights(config.getLayersBuilder(l), matrix, w);
    stale = true;
  }

  @Override
  public int[] readWeights(String layer, WeightMatrix matrix, int offset, int count) {
    loaded();
    int l = layerIndex(layer);
    int[] w = matrix(l, matrix);
    checkRange(l, w.length, offset, count);
    return Arrays.copyOfRange(w, offset, offset + count);
  }

  @Override
  public void setProbing(boolean enabled) {
    live();
    probing = enabled;
  }

  /** Only {@link Mismatch#IDEAL}: the emulator is the ideal chip. */
  @Override
  public void setMismatch(Mismatch mismatch) {
    live();
    if (!mismatch.equals(Mismatch.IDEAL)) {
      throw new DeviceException(BoardError.UNSUPPORTED, BoardError.UNSUPPORTED.code(), boardId()
          + ": the emulator is an ideal chip and has no mismatch; use the reference board (--device refboard)");
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void live() {
    if (closed) {
      throw DeviceException.binding(boardId() + ": device is closed");
    }
  }

  private EmulatorSession loaded() {
    live();
    if (session == null) {
      throw new DeviceException(BoardError.NOT_LOADED, BoardError.NOT_LOADED.code(), boardId() + ": no config loaded");
    }
    return session;
  }
}
