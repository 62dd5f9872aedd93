package org.spikeforge.emulator.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.spikeforge.emulator.CompiledConfig;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.InputSchedule;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;

/**
 * A 100-input, 100-neuron loihi2 layer (mixed 8-bit weights) driven at 10% input activity per step.
 * The score is time steps per second (one op = one step); synaptic events per second are 1000 times that
 * (10 active inputs x 100 targets per step, printed by {@link #main}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EmulatorBench {
  static final int INPUTS = 100;
  static final int NEURONS = 100;
  static final int ACTIVE = 10;
  static final int STEPS = 10_000;

  private EmulatorSession session;
  private InputSchedule schedule;

  static HardwareConfig network(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    HwLayer.Builder l = HwLayer.newBuilder().setName("lif").setSource("input").setSize(NEURONS).setFanIn(INPUTS)
        .setInputDelay(1).setLoihi2(Loihi2Lif.newBuilder().setDu(410).setDv(205).setVth(400).setNumWeightBits(8)
            .setSignMode(2).setWeightExp(0));
    for (int i = 0; i < NEURONS * INPUTS; i++) {
      l.addWeights(rnd.nextInt(-256, 256));
    }
    return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNumInputs(INPUTS).setDt(1)
        .addLayers(l).build();
  }

  /** Exactly {@code ACTIVE} distinct random channels per step. */
  static InputSpikes input(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    SpikeTrain.Builder[] trains = new SpikeTrain.Builder[INPUTS];
    for (int c = 0; c < INPUTS; c++) {
      trains[c] = SpikeTrain.newBuilder();
    }
    int[] perm = new int[INPUTS];
    for (int t = 0; t < STEPS; t++) {
      for (int c = 0; c < INPUTS; c++) {
        perm[c] = c;
      }
      for (int k = 0; k < ACTIVE; k++) {
        int j = k + rnd.nextInt(INPUTS - k);
        int tmp = perm[k];
        perm[k] = perm[j];
        perm[j] = tmp;
        trains[perm[k]].addSteps(t);
      }
    }
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(INPUTS).setLabel(-1);
    for (SpikeTrain.Builder t : trains) {
      b.addTrains(t);
    }
    return b.build();
  }

  @Setup
  public void setup() {
    CompiledConfig cfg = Emulator.compile(network(1));
    session = cfg.newSession();
    schedule = InputSchedule.of(input(2), INPUTS, STEPS);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public long loihi2Steps() {
    return session.runSchedule(schedule);
  }

  /**
   * Prints the activity figures of the benchmark network and a throughput measured in thread CPU time, which
   * stays meaningful when the machine is oversubscribed (JMH's score is wall-clock).
   */
  public static void main(String[] args) {
    EmulatorBench b = new EmulatorBench();
    b.setup();
    long spikes = b.loihi2Steps();
    long synaptic = (long) b.schedule.events() * NEURONS;
    System.out.println("steps " + STEPS + ", input events " + b.schedule.events() + ", synaptic events " + synaptic
        + ", output spikes " + spikes);
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      int runs = 50;
      long cpu0 = mx.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      for (int r = 0; r < runs; r++) {
        b.loihi2Steps();
      }
      double cpu = (mx.getCurrentThreadCpuTime() - cpu0) * 1e-9;
      double wall = (System.nanoTime() - wall0) * 1e-9;
      System.out.printf("round %d: %.3g steps/s (CPU time), %.3g steps/s (wall), %.3g synaptic events/s (CPU)%n",
          round, runs * STEPS / cpu, runs * STEPS / wall, runs * synaptic / cpu);
    }
  }
}
