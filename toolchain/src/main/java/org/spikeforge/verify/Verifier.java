package org.spikeforge.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.emulator.CompiledConfig;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.train.EventClassifier;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Runs the exact float network and the emulator on the same samples and compares them. Float layer l
 * (1..L) is matched with config layer l - 1; both must have the same size. Inputs: the float model gets
 * the encoded spike times (those after the trial end are dropped, as the float model ignores them); the
 * emulator gets the same spikes as steps from {@link InputQuantizer} with the config's dt and runs
 * {@code num_steps} steps; spikes are compared within the trial (see {@link #trialSteps}). Samples are spread over worker threads in fixed chunks, each worker owning its
 * float workspace and emulator session; every result is stored at its sample index, so the report does not
 * depend on the thread count. The float side is the layered TTFS engine for THETA and LIF_EXP and the general event
 * engine ({@link EventClassifier}) for LIF_DELTA, which only a loihi2 config runs.
 */
public final class Verifier {
  private static final int CHUNK = 16;

  private final Network network;
  private final HardwareConfig config;
  private final TtfsNetwork floatNet; // null for LIF_DELTA
  private final EventClassifier eventNet; // LIF_DELTA only
  private final int floatLayers;
  private final double floatTrialEnd;
  private final double silentTime;
  private final CompiledConfig compiled;
  private final StepTimeMap stepMap;
  private final long trialSteps;
  private final ThetaReadout thetaReadout;
  private final RecordSpec record;

  /**
   * @throws IllegalArgumentException when the network is not a feed-forward TTFS chain, or its layers and
   *     inputs do not match the config's
   * @throws org.spikeforge.emulator.ConfigException when the config is invalid
   */
  public Verifier(Network network, HardwareConfig config) {
    this.network = network;
    this.config = config;
    boolean delta = network.getModel() == NeuronModel.LIF_DELTA;
    this.compiled = Emulator.compile(config);
    this.stepMap = StepTimeMap.of(config);
    TargetFamily target = compiled.target();
    String family = target == TargetFamily.THETA ? "THETA" : "LIF_EXP";
    boolean modelOk = family.equals(network.getModel().name()) || (delta && target == TargetFamily.LOIHI2);
    if (!modelOk) {
      throw new IllegalArgumentException("network model " + network.getModel() + " cannot be compared with a "
          + config.getTarget() + " config (it runs " + family + (target == TargetFamily.LOIHI2 ? " or LIF_DELTA" : "")
          + ")");
    }
    this.floatNet = delta ? null : TtfsNetwork.fromProto(network);
    this.eventNet = delta ? new EventClassifier(network) : null;
    this.floatLayers = delta ? eventNet.numLayers() : floatNet.numLayers();
    this.floatTrialEnd = delta ? network.getTrialEnd() : floatNet.trialEnd();
    this.silentTime = delta ? network.getTrialEnd() + network.getParams().getTau() : floatNet.lifSilentTime();
    if (config.getNumInputs() != floatLayerSize(0)) {
      throw new IllegalArgumentException("config num_inputs = " + config.getNumInputs()
          + " differs from the network's num_inputs = " + floatLayerSize(0));
    }
    if (config.getLayersCount() != floatLayers) {
      throw new IllegalArgumentException("config has " + config.getLayersCount() + " layers, the network "
          + floatLayers + " populations");
    }
    for (int l = 1; l <= floatLayers; l++) {
      int size = config.getLayers(l - 1).getSize();
      if (size != floatLayerSize(l)) {
        throw new IllegalArgumentException("config layers[" + (l - 1) + "] '" + config.getLayers(l - 1).getName()
            + "' has size " + size + ", network population " + (l - 1) + " has " + floatLayerSize(l));
      }
    }
    if (!config.getLayers(config.getLayersCount() - 1).getOutput()) {
      throw new IllegalArgumentException("config's last layer '"
          + config.getLayers(config.getLayersCount() - 1).getName() + "' is not an output layer");
    }
    if (config.getNumSteps() <= 0) {
      throw new IllegalArgumentException("config num_steps = " + config.getNumSteps() + " must be > 0");
    }
    this.trialSteps = trialSteps(stepMap, floatTrialEnd, config.getNumSteps());
    boolean theta = target == TargetFamily.THETA && network.getModel() == NeuronModel.THETA;
    this.thetaReadout = theta ? new ThetaReadout(network, config) : null;
    List<RecordSpec.Probe> probes = new ArrayList<>();
    if (theta) {
      for (int l = 0; l < config.getLayersCount(); l++) {
        for (int k = 0; k < config.getLayers(l).getSize(); k++) {
          probes.add(new RecordSpec.Probe(config.getLayers(l).getName(), k, "phase"));
        }
      }
    }
    this.record = new RecordSpec(probes);
  }

  private int floatLayerSize(int layer) {
    return floatNet != null ? floatNet.layerSize(layer) : eventNet.layerSize(layer);
  }

  /**
   * Steps whose crossing interval starts before the trial end T: step m counts when
   * {@code (m + offset - 1) dt < T}. Emulator spikes in later steps are outside the trial, as float spikes
   * after T are.
   */
  static long trialSteps(StepTimeMap map, double trialEnd, long numSteps) {
    long k = (long) Math.ceil(trialEnd / map.dt() - map.offset() + 1 - 1e-9);
    return Math.max(1, Math.min(numSteps, k));
  }

  public StepTimeMap stepMap() {
    return stepMap;
  }

  /**
   * Compares float and emulator on the first {@code limit} samples of {@code data} (all when
   * {@code limit <= 0}).
   */
  public VerifyReport run(SpikeDataset data, int limit, int threads, int worst) {
    return run(data, limit, threads, worst, done -> { });
  }

  /**
   * As {@link #run(SpikeDataset, int, int, int)}, reporting the number of samples compared so far to {@code progress}
   * (from the worker threads, after each chunk; the count never goes down).
   */
  public VerifyReport run(SpikeDataset data, int limit, int threads, int worst, java.util.function.IntConsumer progress) {
    if (data.numInputs() != floatLayerSize(0)) {
      throw new IllegalArgumentException(data.name() + ": " + data.numInputs() + " input channels but the network has "
          + floatLayerSize(0));
    }
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    SampleResult[] results = new SampleResult[n];
    int workers = Math.max(1, Math.min(threads, (n + CHUNK - 1) / CHUNK));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    java.util.function.IntConsumer chunkDone = k -> progress.accept(done.addAndGet(k));
    if (workers == 1) {
      new Worker(data, results, next, chunkDone).run();
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          futures.add(pool.submit(new Worker(data, results, next, chunkDone)));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("verification interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(c);
      } finally {
        pool.shutdownNow();
      }
    }
    return VerifyReport.of(network, config, data.name(), stepMap, results, worst);
  }

  /**
   * Compares samples {@code from} (inclusive) to {@code to} (exclusive) of {@code data} in this thread, in index
   * order: the seam a distributed run uses, each executor verifying its contiguous range with this same code and
   * the driver joining the ranges with {@link #report}. Result i of the array is sample {@code from + i}.
   */
  public SampleResult[] runRange(SpikeDataset data, int from, int to) {
    if (data.numInputs() != floatLayerSize(0)) {
      throw new IllegalArgumentException(data.name() + ": " + data.numInputs() + " input channels but the network has "
          + floatLayerSize(0));
    }
    if (from < 0 || to < from || to > data.size()) {
      throw new IllegalArgumentException("sample range [" + from + ", " + to + ") outside [0, " + data.size() + ")");
    }
    FloatWorkspace ws = newFloatWorkspace();
    EmulatorSession session = compiled.newSession();
    double[] in = new double[data.numInputs()];
    SampleResult[] out = new SampleResult[to - from];
    for (int i = from; i < to; i++) {
      data.inputTimes(i, in);
      out[i - from] = compare(i, in, data.label(i), ws, session);
    }
    return out;
  }

  /**
   * The report of per-sample results already in sample order (index i at position i), as {@link #run} builds it:
   * a merged distributed run gives the same report as a single-JVM one.
   *
   * @throws IllegalArgumentException when a result is missing or out of order
   */
  public VerifyReport report(String dataset, List<SampleResult> results, int worst) {
    SampleResult[] a = results.toArray(new SampleResult[0]);
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null || a[i].index() != i) {
        throw new IllegalArgumentException("result " + i + " is " + (a[i] == null ? "missing" : "sample "
            + a[i].index()) + "; results must be in sample order from 0");
      }
    }
    return VerifyReport.of(network, config, dataset, stepMap, a, worst);
  }

  /** One worker's float workspace: the layered engine's or the event engine's. */
  private record FloatWorkspace(TtfsWorkspace ttfs, EventClassifier.Workspace event) {}

  private FloatWorkspace newFloatWorkspace() {
    return floatNet != null ? new FloatWorkspace(floatNet.newWorkspace(), null)
        : new FloatWorkspace(null, eventNet.newWorkspace());
  }

  /** Runs one sample on both sides (package-private for tests). */
  SampleResult compare(int index, double[] inputTimes, int label, FloatWorkspace fws, EmulatorSession session) {
    double trialEnd = floatTrialEnd;
    double[] out;
    boolean[] silent;
    if (floatNet != null) {
      TtfsWorkspace ws = fws.ttfs();
      floatNet.forward(inputTimes, ws);
      out = floatNet.outputTimes(ws).clone();
      silent = floatNet.outputSilent(ws).clone();
      if (floatNet.model() == NeuronModel.LIF_EXP) {
        // A chip has no LIF pseudospike read-out, so both sides decode a silent output at T + tau.
        for (int k = 0; k < out.length; k++) {
          if (silent[k]) {
            out[k] = floatNet.lifSilentTime();
          }
        }
      }
    } else {
      eventNet.forward(inputTimes, fws.event());
      out = eventNet.outputTimes(fws.event()).clone(); // silent outputs already at T + tau
      silent = new boolean[out.length];
      for (int k = 0; k < out.length; k++) {
        silent[k] = !(out[k] < trialEnd);
      }
    }
    int floatPred = OutputDecoder.fromTimes(out);

    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(inputTimes.length).setLabel(label);
    for (double t : inputTimes) {
      SpikeTrain.Builder tr = SpikeTrain.newBuilder();
      if (t <= trialEnd) {
        tr.addTimes(t);
      }
      in.addTrains(tr);
    }
    InputSpikes steps = new InputQuantizer(config.getDt(), config.getNumSteps()).quantize(in.build());
    Trace trace = session.run(steps, config.getNumSteps(), record);

    int layers = floatLayers;
    double[][] diffs = new double[layers][];
    int[] floatOnly = new int[layers];
    int[] emuOnly = new int[layers];
    int outSize = floatLayerSize(layers);
    double[] emuOut = new double[outSize];
    boolean[] emuSilent = new boolean[outSize];
    for (int l = 1; l <= layers; l++) {
      int size = floatLayerSize(l);
      double[] first = new double[size];
      java.util.Arrays.fill(first, Double.NaN);
      if (floatNet != null) {
        TtfsWorkspace ws = fws.ttfs();
        for (int s = ws.spikeCount(l) - 1; s >= 0; s--) {
          first[ws.spikeNeuron(l, s)] = ws.spikeTime(l, s);
        }
      } else {
        EventClassifier.Workspace ws = fws.event();
        for (int s = eventNet.layerSpikeCount(ws, l) - 1; s >= 0; s--) {
          first[eventNet.layerSpikeNeuron(ws, l, s)] = eventNet.layerSpikeTime(ws, l, s); // neuron-major: first wins
        }
      }
      PopulationTrace pop = trace.getPopulations(l - 1);
      double[] d = new double[size];
      for (int k = 0; k < size; k++) {
        SpikeTrain st = pop.getSpikes(k);
        long step = st.getStepsCount() > 0 && st.getSteps(0) < trialSteps ? st.getSteps(0) : -1;
        boolean f = !Double.isNaN(first[k]);
        boolean e = step >= 0;
        d[k] = f && e ? stepMap.time(step) - first[k] : Double.NaN;
        if (f && !e) {
          floatOnly[l - 1]++;
        } else if (e && !f) {
          emuOnly[l - 1]++;
        }
        if (l == layers) {
          emuSilent[k] = !e;
          emuOut[k] = e ? stepMap.time(step) : silentTime;
        }
      }
      diffs[l - 1] = d;
    }
    boolean anySilent = false;
    for (boolean b : emuSilent) {
      anySilent |= b;
    }
    if (anySilent && thetaReadout != null) {
      thetaReadout.fillSilent(phasesAtTrialEnd(trace), emuSilent, emuOut);
    }
    int emuPred = OutputDecoder.fromTimes(emuOut);
    return new SampleResult(index, label, floatPred, emuPred, out, silent, emuOut, emuSilent, diffs, floatOnly,
        emuOnly);
  }

  /** Counter values after step trialSteps - 1 (model time T), per layer and neuron, from the phase probes. */
  private long[][] phasesAtTrialEnd(Trace trace) {
    long[][] phases = new long[config.getLayersCount()][];
    int p = 0;
    int at = (int) Math.max(0, Math.min(trialSteps, config.getNumSteps()) - 1);
    for (int l = 0; l < phases.length; l++) {
      phases[l] = new long[config.getLayers(l).getSize()];
      for (int k = 0; k < phases[l].length; k++) {
        phases[l][k] = trace.getProbes(p++).getValues(at);
      }
    }
    return phases;
  }

  /** Pulls chunks of sample indices until none are left. */
  private final class Worker implements Runnable {
    private final SpikeDataset data;
    private final SampleResult[] results;
    private final AtomicInteger next;
    private final java.util.function.IntConsumer chunkDone;

    Worker(SpikeDataset data, SampleResult[] results, AtomicInteger next, java.util.function.IntConsumer chunkDone) {
      this.data = data;
      this.results = results;
      this.next = next;
      this.chunkDone = chunkDone;
    }

    @Override
    public void run() {
      FloatWorkspace ws = newFloatWorkspace();
      EmulatorSession session = compiled.newSession();
      double[] in = new double[data.numInputs()];
      for (int start = next.getAndAdd(CHUNK); start < results.length; start = next.getAndAdd(CHUNK)) {
        int end = Math.min(results.length, start + CHUNK);
        for (int i = start; i < end; i++) {
          data.inputTimes(i, in);
          results[i] = compare(i, in, data.label(i), ws, session);
        }
        chunkDone.accept(end - start);
      }
    }
  }
}
