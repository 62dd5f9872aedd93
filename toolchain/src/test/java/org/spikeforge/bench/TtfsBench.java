package org.spikeforge.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.infra.Blackhole;
import org.spikeforge.ttfs.NeuronConstants;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Single-thread forward + backward throughput of the TTFS fast path (one op = one sample), on
 * (a) the paper's 784-100-100-10 theta MNIST net with MNIST-like input and trained-like activity and
 * (b) a 5-120-3 LIF Yin-Yang-sized net. Activity per layer is printed once at setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TtfsBench {
  private static final int SAMPLES = 256;
  /** The trainer's default chunk (samples per flush of the held-back input-layer gradient). */
  private static final int CHUNK = 25;

  /**
   * Theta 784-100-100-10, tau = 6/pi, I0 = 5/4 (Theta = 6), T = 2. Weights: paper init U(+-0.5/sqrt(fan_in)).
   * phi0 ~ U[0, Theta] instead of Theta/2, so hidden layers spike as in a trained net. Each sample: 150 of
   * the 784 inputs (chosen at random) spike at the one shared time T ln(1/0.99), the rest are silent.
   */
  @State(Scope.Thread)
  public static class ThetaMnist {
    TtfsNetwork net;
    TtfsWorkspace ws;
    double[][] inputs;
    double[] dLdt;
    double[] grad;
    int next;

    @Setup(Level.Trial)
    public void setup() {
      net = TtfsNetwork.thetaPaperInit(new int[] {784, 100, 100, 10}, 6 / Math.PI, 1.25, 2.0, 2024);
      double[] p = net.parameters();
      SplittableRandom rng = new SplittableRandom(7);
      for (int l = 1; l <= net.numLayers(); l++) {
        for (int i = 0; i < net.layerSize(l); i++) {
          p[net.initialStateOffset(l) + i] = rng.nextDouble(0.0, net.thetaPeriod());
        }
      }
      inputs = mnistLike(SAMPLES, 784, 150, 2.0 * Math.log(1 / 0.99), rng);
      dLdt = new double[10];
      for (int q = 0; q < 10; q++) {
        dLdt[q] = q == 3 ? -0.9 : 0.1;
      }
      ws = net.newWorkspace();
      grad = new double[net.numParameters()];
      reportActivity("theta 784-100-100-10", net, ws, inputs);
    }
  }

  /**
   * LIF 5-120-3, tau = 1, V_th = 1, T = 2.5; inputs (x, y, 1-x, 1-y) of a random point mapped linearly to
   * [0.15, 2] plus a bias spike at 0.15. Hidden weights U(-1.5, 3.5), output weights U(-0.15, 0.25).
   */
  @State(Scope.Thread)
  public static class LifYinYang {
    TtfsNetwork net;
    TtfsWorkspace ws;
    double[][] inputs;
    double[] dLdt = {0.3, -0.5, 0.2};
    double[] grad;
    int next;

    @Setup(Level.Trial)
    public void setup() {
      NeuronConstants c = NeuronConstants.lif(1.0, 1.0);
      int[] sizes = {5, 120, 3};
      TtfsNetwork shape = TtfsNetwork.lifUniformInit(sizes, 1.0, 1.0, 2.5, 1.0, 5);
      double[] p = shape.parameters().clone();
      SplittableRandom rng = new SplittableRandom(9);
      for (int q = 0; q < shape.weightCount(1); q++) {
        p[shape.weightOffset(1) + q] = rng.nextDouble(-1.5, 3.5);
      }
      for (int q = 0; q < shape.weightCount(2); q++) {
        p[shape.weightOffset(2) + q] = rng.nextDouble(-0.15, 0.25);
      }
      net = new TtfsNetwork(c, sizes, 2.5, p);
      inputs = new double[SAMPLES][5];
      for (double[] in : inputs) {
        double x = rng.nextDouble();
        double y = rng.nextDouble();
        in[0] = 0.15 + 1.85 * x;
        in[1] = 0.15 + 1.85 * y;
        in[2] = 0.15 + 1.85 * (1 - x);
        in[3] = 0.15 + 1.85 * (1 - y);
        in[4] = 0.15;
      }
      ws = net.newWorkspace();
      grad = new double[net.numParameters()];
      reportActivity("LIF 5-120-3", net, ws, inputs);
    }
  }

  @Benchmark
  public void thetaMnistForwardBackward(ThetaMnist s, Blackhole bh) {
    double[] in = s.inputs[s.next];
    s.next = (s.next + 1) % SAMPLES;
    s.net.forward(in, s.ws);
    s.net.backward(s.dLdt, s.ws, s.grad);
    bh.consume(s.net.outputTimes(s.ws)[0]);
  }

  /**
   * As the trainer runs it: the input layer's weight gradient held back and flushed once per chunk of 25 samples
   * ({@link TtfsNetwork#backwardDeferringInputWeights}), bit-identical to the per-sample accumulation above.
   */
  @Benchmark
  public void thetaMnistForwardBackwardChunked(ThetaMnist s, Blackhole bh) {
    double[] in = s.inputs[s.next];
    s.next = (s.next + 1) % SAMPLES;
    s.net.forward(in, s.ws);
    s.net.backwardDeferringInputWeights(s.dLdt, s.ws, s.grad);
    if (s.next % CHUNK == 0) {
      s.net.flushDeferredGradient(s.ws, s.grad);
    }
    bh.consume(s.net.outputTimes(s.ws)[0]);
  }

  @Benchmark
  public void lifYinYangForwardBackwardChunked(LifYinYang s, Blackhole bh) {
    double[] in = s.inputs[s.next];
    s.next = (s.next + 1) % SAMPLES;
    s.net.forward(in, s.ws);
    s.net.backwardDeferringInputWeights(s.dLdt, s.ws, s.grad);
    if (s.next % CHUNK == 0) {
      s.net.flushDeferredGradient(s.ws, s.grad);
    }
    bh.consume(s.net.outputTimes(s.ws)[0]);
  }

  @Benchmark
  public void lifYinYangForwardBackward(LifYinYang s, Blackhole bh) {
    double[] in = s.inputs[s.next];
    s.next = (s.next + 1) % SAMPLES;
    s.net.forward(in, s.ws);
    s.net.backward(s.dLdt, s.ws, s.grad);
    bh.consume(s.net.outputTimes(s.ws)[0]);
  }

  static double[][] mnistLike(int samples, int channels, int active, double time, SplittableRandom rng) {
    double[][] res = new double[samples][channels];
    int[] idx = new int[channels];
    for (double[] in : res) {
      java.util.Arrays.fill(in, Double.POSITIVE_INFINITY);
      for (int c = 0; c < channels; c++) {
        idx[c] = c;
      }
      for (int q = 0; q < active; q++) {
        int r = q + rng.nextInt(channels - q);
        int t = idx[q];
        idx[q] = idx[r];
        idx[r] = t;
        in[idx[q]] = time;
      }
    }
    return res;
  }

  static void reportActivity(String name, TtfsNetwork net, TtfsWorkspace ws, double[][] inputs) {
    int layers = net.numLayers();
    double[] spikes = new double[layers + 1];
    double[] silent = new double[layers + 1];
    int silentOut = 0;
    for (double[] in : inputs) {
      net.forward(in, ws);
      for (int l = 1; l <= layers; l++) {
        spikes[l] += ws.spikesPerNeuron(l) / inputs.length;
        silent[l] += ws.silentFraction(l) / inputs.length;
      }
      for (boolean b : net.outputSilent(ws)) {
        silentOut += b ? 1 : 0;
      }
    }
    StringBuilder sb = new StringBuilder("\n[activity] " + name + ":");
    for (int l = 1; l <= layers; l++) {
      sb.append(String.format(" layer %d: %.3f spikes/neuron, %.1f%% silent;", l, spikes[l], 100 * silent[l]));
    }
    sb.append(String.format(" silent outputs %.2f per sample", (double) silentOut / inputs.length));
    System.out.println(sb);
  }
}
