package org.spikeforge.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Single-thread forward + backward throughput (one op = one sample) of a conv layer in the layered TTFS engine:
 * 1x28x28 MNIST-like input (150 pixels spiking at one shared time) -> conv 5x5x16 (stride 1, padding 2, 16x28x28)
 * -> sum pool 2x2 (16x14x14) -> dense 10, for LIF_EXP and THETA. Run with {@code -prof gc} for the allocation rate,
 * which should be ~0 B/op in steady state: e.g. {@code bench/jmh.sh toolchain -f 1 -prof gc ConvBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConvBench {
  private static final int SAMPLES = 64;

  @State(Scope.Thread)
  public static class ConvNet {
    @Param({"LIF_EXP", "THETA"})
    public String model;
    TtfsNetwork net;
    TtfsWorkspace ws;
    double[][] inputs;
    double[] dLdt;
    double[] grad;
    int next;

    @Setup(Level.Trial)
    public void setup() {
      Connectivity conv = Connectivity.conv(1, 28, 28, 16, 5, 5, 1, 1, 2, 2);
      Connectivity pool = Connectivity.pool(16, 28, 28, 2, 2, 2, 2, 0, 0, 1.0);
      Connectivity dense = Connectivity.flatten(16, 14, 14, 10);
      Connectivity[] layers = {conv, pool, dense};
      SplittableRandom rng = new SplittableRandom(11);
      if (model.equals("THETA")) {
        net = TtfsNetwork.thetaPaperInit(layers, 6 / Math.PI, 1.25, 2.0, 2024);
        double[] p = net.parameters();
        for (int l = 1; l <= net.numLayers(); l++) {
          for (int i = 0; i < net.layerSize(l); i++) {
            p[net.initialStateOffset(l) + i] = rng.nextDouble(0.0, net.thetaPeriod());
          }
        }
      } else {
        net = TtfsNetwork.lifUniformInit(layers, 1.0, 1.0, 2.5, 30.0, 2024);
      }
      inputs = TtfsBench.mnistLike(SAMPLES, 784, 150, 2.0 * Math.log(1 / 0.99), rng);
      dLdt = new double[10];
      for (int q = 0; q < 10; q++) {
        dLdt[q] = q == 3 ? -0.9 : 0.1;
      }
      ws = net.newWorkspace();
      grad = new double[net.numParameters()];
      TtfsBench.reportActivity(model + " conv5x5x16-pool2-dense10", net, ws, inputs);
    }
  }

  @Benchmark
  public void forwardBackward(ConvNet s, Blackhole bh) {
    double[] in = s.inputs[s.next];
    s.next = (s.next + 1) % SAMPLES;
    s.net.forward(in, s.ws);
    s.net.backward(s.dLdt, s.ws, s.grad);
    bh.consume(s.grad[0]);
  }
}
