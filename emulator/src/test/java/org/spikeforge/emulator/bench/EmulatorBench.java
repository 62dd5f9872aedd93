package org.spikeforge.emulator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.InputSchedule;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.proto.XyloIaf;

/**
 * One 100-neuron layer per target family with exactly 10 distinct input channels spiking in every step, so each
 * step delivers 10 x 100 = 1,000 synaptic events: loihi2 and theta have 100 inputs (10% activity, the issue-4
 * network); xylo has its maximum of 16 inputs (10 of them active per step). The score is time steps
 * per second (one op = one step, spikes recorded as for a trace); synaptic events per second are 1,000 times
 * that. {@link #main} prints the activity and a thread-CPU-time throughput per family.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EmulatorBench {
  static final int INPUTS = 100;
  static final int XYLO_INPUTS = 16;
  static final int NEURONS = 100;
  static final int ACTIVE = 10;
  static final int STEPS = 10_000;

  private EmulatorSession loihi2;
  private EmulatorSession xylo;
  private EmulatorSession theta;
  private InputSchedule schedule;
  private InputSchedule xyloSchedule;

  /** Random weights in {@code [lo, hi)}, row-major [NEURONS][INPUTS]. */
  static HwLayer.Builder layer(long seed, int inputs, int lo, int hi) {
    SplittableRandom rnd = new SplittableRandom(seed);
    HwLayer.Builder l = HwLayer.newBuilder().setName("hidden").setSource("input").setSize(NEURONS)
        .setFanIn(inputs);
    for (int i = 0; i < NEURONS * inputs; i++) {
      l.addWeights(rnd.nextInt(lo, hi));
    }
    return l;
  }

  /** loihi2 CUBA LIF, mixed-sign 8-bit weights, Dense delay 1 (fires about 1 step in 3 on this input). */
  static HardwareConfig loihi2Network(long seed) {
    HwLayer.Builder l = layer(seed, INPUTS, -256, 256).setInputDelay(1).setLoihi2(Loihi2Lif.newBuilder().setDu(410)
        .setDv(205).setVth(400).setNumWeightBits(8).setSignMode(2).setWeightExp(0));
    return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNumInputs(INPUTS).setDt(1)
        .addLayers(l).build();
  }

  /** xylo IAF, 8-bit weights, dash_syn 2, dash_mem 3, threshold 300, up to 31 spikes per step. */
  static HardwareConfig xyloNetwork(long seed) {
    XyloIaf.Builder p = XyloIaf.newBuilder().setDashSyn(2).setDashMem(3);
    for (int i = 0; i < NEURONS; i++) {
      p.addThreshold(300).addBias(0);
    }
    HwLayer.Builder l = layer(seed, XYLO_INPUTS, -128, 128).setXylo(p);
    return HardwareConfig.newBuilder().setTarget("xylo").setFormatVersion("1").setNumInputs(XYLO_INPUTS).setDt(1)
        .addLayers(l).build();
  }

  /** theta core: 8-bit phase, 256-entry Phi^-1 and 257-entry Phi over [-2048, 2048], weights in [-96, 96). */
  static HardwareConfig thetaNetwork(long seed) {
    ThetaTables.Builder t = ThetaTables.newBuilder().setPhaseBits(8).setPhaseStep(1).setInvIndexBits(8)
        .setVFracBits(4).setVMin(-2048).setVMax(2048).setPhiShift(4);
    for (int k = 0; k < 256; k++) {
      t.addInvPhi(-2048 + 16 * k);
    }
    for (int j = 0; j < 257; j++) {
      t.addPhi(Math.min(255, j));
    }
    HwLayer.Builder l = layer(seed, INPUTS, -96, 96).setTheta(ThetaPhase.getDefaultInstance());
    return HardwareConfig.newBuilder().setTarget("theta").setFormatVersion("1").setNumInputs(INPUTS).setDt(1)
        .setThetaTables(t).addLayers(l).build();
  }

  /** Exactly {@code ACTIVE} distinct random channels out of {@code inputs} per step. */
  static InputSpikes input(long seed, int inputs) {
    SplittableRandom rnd = new SplittableRandom(seed);
    SpikeTrain.Builder[] trains = new SpikeTrain.Builder[inputs];
    for (int c = 0; c < inputs; c++) {
      trains[c] = SpikeTrain.newBuilder();
    }
    int[] perm = new int[inputs];
    for (int t = 0; t < STEPS; t++) {
      for (int c = 0; c < inputs; c++) {
        perm[c] = c;
      }
      for (int k = 0; k < ACTIVE; k++) {
        int j = k + rnd.nextInt(inputs - k);
        int tmp = perm[k];
        perm[k] = perm[j];
        perm[j] = tmp;
        trains[perm[k]].addSteps(t);
      }
    }
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(inputs).setLabel(-1);
    for (SpikeTrain.Builder t : trains) {
      b.addTrains(t);
    }
    return b.build();
  }

  @Setup
  public void setup() {
    loihi2 = Emulator.compile(loihi2Network(1)).newSession();
    xylo = Emulator.compile(xyloNetwork(1)).newSession();
    theta = Emulator.compile(thetaNetwork(1)).newSession();
    schedule = InputSchedule.of(input(2, INPUTS), INPUTS, STEPS);
    xyloSchedule = InputSchedule.of(input(2, XYLO_INPUTS), XYLO_INPUTS, STEPS);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public long loihi2Steps() {
    return loihi2.runSchedule(schedule);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public long xyloSteps() {
    return xylo.runSchedule(xyloSchedule);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public long thetaSteps() {
    return theta.runSchedule(schedule);
  }

  /**
   * Prints the activity of each benchmark network and its throughput in thread CPU time, which stays
   * meaningful when the machine is oversubscribed (JMH's score is wall-clock). Optional argument: a family
   * name (loihi2, xylo, theta) to measure only that one.
   */
  public static void main(String[] args) {
    EmulatorBench b = new EmulatorBench();
    b.setup();
    String only = args.length > 0 ? args[0] : "";
    String[] names = {"loihi2", "xylo", "theta"};
    EmulatorSession[] sessions = {b.loihi2, b.xylo, b.theta};
    InputSchedule[] schedules = {b.schedule, b.xyloSchedule, b.schedule};
    for (int k = 0; k < names.length; k++) {
      if (only.isEmpty() || only.equals(names[k])) {
        EmulatorSession s = sessions[k];
        InputSchedule in = schedules[k];
        measure(names[k], in, r -> s.runSchedule(in));
      }
    }
  }

  private static void measure(String name, InputSchedule schedule, IntFunction<Long> run) {
    long spikes = run.apply(0);
    long synaptic = (long) schedule.events() * NEURONS;
    System.out.printf("%s: steps %d, input events %d, synaptic events %d, output spikes %d%n", name, STEPS,
        schedule.events(), synaptic, spikes);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      int runs = 50;
      long cpu0 = mx.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      for (int r = 0; r < runs; r++) {
        run.apply(r);
      }
      double cpu = (mx.getCurrentThreadCpuTime() - cpu0) * 1e-9;
      double wall = (System.nanoTime() - wall0) * 1e-9;
      System.out.printf("%s round %d: %.3g steps/s (CPU time), %.3g steps/s (wall), %.3g synaptic events/s (CPU)%n",
          name, round, runs * STEPS / cpu, runs * STEPS / wall, runs * synaptic / cpu);
    }
  }
}
