package org.spikeforge.emulator;

import java.util.List;
import org.spikeforge.emulator.core.Check;
import org.spikeforge.emulator.core.LayerCore;
import org.spikeforge.emulator.core.LayerModel;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/**
 * The mutable state of one run of a {@link CompiledConfig}: neuron state, spike histories for delays and
 * recurrence, and recorders. Reusable: each {@link #run} starts from the reset state, and the step loop
 * allocates nothing. Not thread-safe; make one session per thread.
 */
public final class EmulatorSession {
  private final CompiledConfig config;
  private final LayerWiring[] wiring;
  private final LayerModel[] models;
  private final LayerCore[] cores;
  private final SpikeHistory[] history;
  private final SpikeRecorder[] recorders;
  private final int[] inputCursor;
  private final boolean[] recurrent;
  private int stepsRun;
  private int[] probeLayer = new int[0];
  private int[] probeNeuron = new int[0];
  private int[] probeVariable = new int[0];
  private long[][] probeValues = new long[0][];
  private List<RecordSpec.Probe> probes = List.of();

  EmulatorSession(CompiledConfig config) {
    this.config = config;
    int layers = config.numLayers();
    this.wiring = config.wiring().toArray(new LayerWiring[0]);
    this.models = config.models().toArray(new LayerModel[0]);
    this.cores = new LayerCore[layers];
    this.history = new SpikeHistory[layers];
    this.recorders = new SpikeRecorder[layers];
    this.inputCursor = new int[layers];
    this.recurrent = new boolean[layers];
    int[] depth = new int[layers];
    for (int l = 0; l < layers; l++) {
      recurrent[l] = models[l].hasRecurrent();
      depth[l] = recurrent[l] ? 2 : 1;
    }
    for (int l = 0; l < layers; l++) {
      int s = wiring[l].source();
      if (s >= 0) {
        depth[s] = Math.max(depth[s], wiring[l].inputDelay() + 1);
      }
    }
    for (int l = 0; l < layers; l++) {
      cores[l] = models[l].newCore();
      history[l] = new SpikeHistory(depth[l], models[l].size());
      recorders[l] = new SpikeRecorder(models[l].size(), models[l].singleSpikePerStep());
    }
  }

  /** Back to the initial state: neuron state, histories and recorded spikes. */
  public void reset() {
    for (int l = 0; l < cores.length; l++) {
      cores[l].reset();
      history[l].reset();
      recorders[l].reset();
      inputCursor[l] = 0;
    }
    stepsRun = 0;
  }

  /**
   * Runs {@code steps} steps from the reset state on {@code in} and returns the spikes of every layer
   * (source {@code "emulator:<target>"}) plus the requested state probes.
   *
   * @throws ConfigException for input that does not fit the config or an unknown probe
   */
  public Trace run(InputSpikes in, long steps, RecordSpec record) {
    InputSchedule schedule = InputSchedule.of(in, config.numInputs(), steps);
    setProbes(record, schedule.steps());
    runSchedule(schedule);
    return trace();
  }

  /** Selects the state probes for the next runs (values are kept for {@code steps} steps). */
  public void setProbes(RecordSpec record, int steps) {
    int k = record.probes().size();
    probeLayer = new int[k];
    probeNeuron = new int[k];
    probeVariable = new int[k];
    probeValues = new long[k][steps];
    for (int p = 0; p < k; p++) {
      RecordSpec.Probe probe = record.probes().get(p);
      String f = "record.probes[" + p + "]";
      int l = config.layerIndex(probe.layer());
      if (l < 0) {
        throw new ConfigException(f + ".layer = " + Check.quote(probe.layer()) + " is not a layer of the config");
      }
      if (probe.neuron() < 0 || probe.neuron() >= models[l].size()) {
        throw new ConfigException(f + ".neuron = " + probe.neuron() + " is out of range [0, "
            + (models[l].size() - 1) + "]");
      }
      int v = models[l].variables().indexOf(probe.variable());
      if (v < 0) {
        throw new ConfigException(f + ".variable = " + Check.quote(probe.variable()) + " is not one of "
            + models[l].variables() + " for target " + config.target());
      }
      probeLayer[p] = l;
      probeNeuron[p] = probe.neuron();
      probeVariable[p] = v;
    }
    probes = record.probes();
  }

  /**
   * Resets and runs the whole schedule; spikes stay in the recorders until the next run.
   *
   * @return the number of (step, neuron) spike events of all layers (a xylo neuron that emits several spikes
   *     in one step counts once; {@link #spikeCount} counts with multiplicity)
   */
  public long runSchedule(InputSchedule schedule) {
    reset();
    int steps = schedule.steps();
    for (int p = 0; p < probeValues.length; p++) {
      if (probeValues[p].length < steps) {
        throw new ConfigException("record: probes were set up for " + probeValues[p].length
            + " steps, the run has " + steps);
      }
    }
    long spikes = 0;
    for (int t = 0; t < steps; t++) {
      spikes += step(schedule, t);
      for (int p = 0; p < probeValues.length; p++) {
        probeValues[p][t] = cores[probeLayer[p]].read(probeVariable[p], probeNeuron[p]);
      }
    }
    stepsRun = steps;
    return spikes;
  }

  private int step(InputSchedule in, int t) {
    int spikes = 0;
    for (int l = 0; l < cores.length; l++) {
      LayerCore core = cores[l];
      LayerWiring w = wiring[l];
      core.beginStep();
      int ts = t - w.inputDelay();
      if (ts >= 0) {
        if (w.source() < 0) {
          final int[] step = in.step;
          int e = inputCursor[l];
          while (e < step.length && step[e] < ts) {
            e++;
          }
          int from = e;
          while (e < step.length && step[e] == ts) {
            e++;
          }
          if (e > from) {
            core.addInputs(models[l], in.channel, in.count, from, e);
          }
          inputCursor[l] = e;
        } else {
          SpikeHistory h = history[w.source()];
          int slot = h.slot(ts);
          int n = h.size(slot);
          if (n > 0) {
            core.addFeedForward(h.neurons(slot), h.counts(slot), n);
          }
        }
      }
      SpikeHistory own = history[l];
      if (t >= 1 && recurrent[l]) {
        int slot = own.slot(t - 1);
        int n = own.size(slot);
        if (n > 0) {
          core.addRecurrent(own.neurons(slot), own.counts(slot), n);
        }
      }
      int slot = own.slot(t);
      int n = core.update(own.neurons(slot), own.counts(slot));
      own.setSize(slot, n);
      recorders[l].record(t, own.neurons(slot), own.counts(slot), n);
      spikes += n;
    }
    return spikes;
  }

  /**
   * Runs {@code steps} steps from the reset state, reading the input step by step from {@code in} and handing
   * each step's spikes of the layers with {@code recordLayers[l]} set, then the probe values (as chosen by
   * {@link #setProbes}; their step count does not matter here), to {@code out}. Nothing is recorded in the
   * session, so memory does not grow with the run; {@link #trace()} is empty afterwards. Spike for spike the
   * same run as {@link #run}.
   *
   * @param recordLayers one flag per layer of the config
   * @return the number of (step, neuron) spike events of all layers, as {@link #runSchedule} counts them
   * @throws ConfigException for input events out of range or out of order, or a wrong flag count
   */
  public long stream(StepInput in, long steps, StepOutput out, boolean[] recordLayers) {
    if (steps < 0 || steps > Integer.MAX_VALUE - 8) {
      throw new ConfigException("steps = " + steps + " is out of range [0, " + (Integer.MAX_VALUE - 8) + "]");
    }
    if (recordLayers.length != cores.length) {
      throw new ConfigException("record: " + recordLayers.length + " layer flags for " + cores.length + " layers");
    }
    reset();
    int numInputs = config.numInputs();
    int depth = 1;
    for (LayerWiring w : wiring) {
      if (w.source() < 0) {
        depth = Math.max(depth, w.inputDelay() + 1);
      }
    }
    int[][] ringChannels = new int[depth][numInputs];
    int[][] ringCounts = new int[depth][numInputs];
    int[] ringSize = new int[depth];
    long[] probeNow = new long[probeLayer.length];
    long spikes = 0;
    for (int t = 0; t < (int) steps; t++) {
      int r = t % depth;
      int n = in.read(t, ringChannels[r], ringCounts[r]);
      checkInputs(t, ringChannels[r], ringCounts[r], n, numInputs);
      ringSize[r] = n;
      for (int l = 0; l < cores.length; l++) {
        LayerCore core = cores[l];
        LayerWiring w = wiring[l];
        core.beginStep();
        int ts = t - w.inputDelay();
        if (ts >= 0) {
          if (w.source() < 0) {
            int slot = ts % depth;
            if (ringSize[slot] > 0) {
              core.addInputs(models[l], ringChannels[slot], ringCounts[slot], 0, ringSize[slot]);
            }
          } else {
            SpikeHistory h = history[w.source()];
            int slot = h.slot(ts);
            int k = h.size(slot);
            if (k > 0) {
              core.addFeedForward(h.neurons(slot), h.counts(slot), k);
            }
          }
        }
        SpikeHistory own = history[l];
        if (t >= 1 && recurrent[l]) {
          int slot = own.slot(t - 1);
          int k = own.size(slot);
          if (k > 0) {
            core.addRecurrent(own.neurons(slot), own.counts(slot), k);
          }
        }
        int slot = own.slot(t);
        int k = core.update(own.neurons(slot), own.counts(slot));
        own.setSize(slot, k);
        if (recordLayers[l]) {
          out.spikes(t, l, own.neurons(slot), own.counts(slot), k);
        }
        spikes += k;
      }
      for (int p = 0; p < probeNow.length; p++) {
        probeNow[p] = cores[probeLayer[p]].read(probeVariable[p], probeNeuron[p]);
      }
      out.endStep(t, probeNow);
    }
    stepsRun = 0;
    return spikes;
  }

  private static void checkInputs(int t, int[] channels, int[] counts, int n, int numInputs) {
    if (n < 0 || n > numInputs) {
      throw new ConfigException("input step " + t + ": " + n + " events, expected 0.." + numInputs);
    }
    int previous = -1;
    for (int e = 0; e < n; e++) {
      int c = channels[e];
      if (c <= previous || c >= numInputs || counts[e] < 1) {
        throw new ConfigException("input step " + t + ": event " + e + " (channel " + c + ", count " + counts[e]
            + ") must have ascending distinct channels in [0, " + (numInputs - 1) + "] and a count >= 1");
      }
      previous = c;
    }
  }

  /** The names of the config's layers, in layer order. */
  public java.util.List<String> layerNames() {
    return java.util.Arrays.stream(wiring).map(LayerWiring::name).toList();
  }

  /** The size of layer {@code layer}. */
  public int layerSize(int layer) {
    return models[layer].size();
  }

  /** Whether layer {@code layer} is an output layer of the config. */
  public boolean isOutput(int layer) {
    return wiring[layer].output();
  }

  /** Whether layer {@code layer} may emit several spikes per neuron and step (xylo). */
  public boolean multiSpike(int layer) {
    return !models[layer].singleSpikePerStep();
  }

  /** The spikes and probes of the last run as a proto {@link Trace}. */
  public Trace trace() {
    Trace.Builder b = Trace.newBuilder()
        .setSource("emulator:" + config.target())
        .setSteps(stepsRun)
        .setDt(config.dt())
        .setTrialEnd(stepsRun * config.dt());
    for (int l = 0; l < wiring.length; l++) {
      b.addPopulations(recorders[l].toProto(wiring[l].name()));
    }
    for (int p = 0; p < probes.size(); p++) {
      RecordSpec.Probe probe = probes.get(p);
      StateProbe.Builder s = StateProbe.newBuilder().setPopulation(probe.layer()).setNeuron(probe.neuron())
          .setVariable(probe.variable());
      for (int t = 0; t < stepsRun; t++) {
        s.addValues(probeValues[p][t]);
      }
      b.addProbes(s);
    }
    return b.build();
  }

  /** Total spikes (with multiplicity) recorded for layer {@code layer} in the last run. */
  public long spikeCount(int layer) {
    return recorders[layer].total();
  }
}
