package org.spikeforge.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Companion to {@link ConvBench} for a shared, overloaded machine: thread CPU time per training sample (forward +
 * backward) of conv nets in the layered engine, which does not count the time the thread waits for a core. Two
 * workloads per model (LIF_EXP, THETA): ConvBench's conv5x5x16-pool2-dense10 on its random 150-pixel inputs, and the
 * issue-15 net conv5x5x16-pool2-conv5x5x32-pool2-dense10 (padding 2) on Fashion-MNIST training images in the
 * trainer's threshold code (pixel &gt;= 128/255 spikes at T ln(1/0.99)), read from
 * {@code /usr/share/datasets/fashion-mnist} when present (else ConvBench's random inputs).
 * Run: {@code java -cp <test classpath> org.spikeforge.bench.ConvCpuTime [seconds per workload [LIF_EXP|THETA [samples [bench|deep]]]]}.
 */
public final class ConvCpuTime {
  private ConvCpuTime() {}

  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

  public static void main(String[] args) throws IOException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    String only = args.length > 1 ? args[1] : "";
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    String net = args.length > 3 ? args[3] : "";
    double[][] fashionLif = fashion(samples, 2.5);
    double[][] fashionTheta = fashion(samples, 2.0);
    for (String model : new String[] {"LIF_EXP", "THETA"}) {
      if (!only.isEmpty() && !only.equals(model)) {
        continue;
      }
      boolean lif = model.equals("LIF_EXP");
      SplittableRandom rng = new SplittableRandom(11);
      Connectivity conv = Connectivity.conv(1, 28, 28, 16, 5, 5, 1, 1, 2, 2);
      Connectivity pool = Connectivity.pool(16, 28, 28, 2, 2, 2, 2, 0, 0, 1.0);
      Connectivity dense = Connectivity.flatten(16, 14, 14, 10);
      TtfsNetwork bench = net(lif, new Connectivity[] {conv, pool, dense}, rng);
      double[][] random = TtfsBench.mnistLike(samples, 784, 150, 2.0 * Math.log(1 / 0.99), rng);
      if (!net.equals("deep")) {
        run(model + " ConvBench conv5x5x16-pool2-dense10", bench, random, seconds);
      }
      if (net.equals("bench")) {
        continue;
      }
      Connectivity c2 = Connectivity.conv(16, 14, 14, 32, 5, 5, 1, 1, 2, 2);
      Connectivity p2 = Connectivity.pool(32, 14, 14, 2, 2, 2, 2, 0, 0, 1.0);
      Connectivity d2 = Connectivity.flatten(32, 7, 7, 10);
      TtfsNetwork deep = net(lif, new Connectivity[] {conv, pool, c2, p2, d2}, rng);
      if (lif) {
        // ConvBench's LIF scale (30 / sqrt(fan-in)) drives the second conv layer to ~16 spikes per neuron; scale
        // the deeper weights down to the activity of a one-conv net (about one spike per neuron or less)
        double f = Double.parseDouble(System.getProperty("deepScale", "0.3"));
        double[] p = deep.parameters();
        for (int l : new int[] {3, 5}) {
          for (int q = 0; q < deep.weightCount(l); q++) {
            p[deep.weightOffset(l) + q] *= f;
          }
        }
      }
      double[][] in = lif ? fashionLif : fashionTheta;
      run(model + " conv5x5x16-pool2-conv5x5x32-pool2-dense10 " + (in == null ? "random" : "Fashion-MNIST"), deep,
          in == null ? random : in, seconds);
    }
  }

  private static TtfsNetwork net(boolean lif, Connectivity[] layers, SplittableRandom rng) {
    if (!lif) {
      TtfsNetwork net = TtfsNetwork.thetaPaperInit(layers, 6 / Math.PI, 1.25, 2.0, 2024);
      double[] p = net.parameters();
      for (int l = 1; l <= net.numLayers(); l++) {
        for (int i = 0; i < net.layerSize(l); i++) {
          p[net.initialStateOffset(l) + i] = rng.nextDouble(0.0, net.thetaPeriod());
        }
      }
      return net;
    }
    return TtfsNetwork.lifUniformInit(layers, 1.0, 1.0, 2.5, 30.0, 2024);
  }

  private static void run(String name, TtfsNetwork net, double[][] inputs, double seconds) {
    TtfsWorkspace ws = net.newWorkspace();
    double[] grad = new double[net.numParameters()];
    double[] dLdt = new double[10];
    for (int q = 0; q < 10; q++) {
      dLdt[q] = q == 3 ? -0.9 : 0.1;
    }
    TtfsBench.reportActivity(name, net, ws, inputs);
    long[] updates = new long[net.numLayers() + 1];
    for (double[] in : inputs) {
      net.forward(in, ws);
      for (int l = 1; l <= net.numLayers(); l++) {
        updates[l] += ws.neuronUpdates(l);
      }
    }
    StringBuilder u = new StringBuilder("[updates] neuron updates per sample by layer:");
    long total = 0;
    for (int l = 1; l <= net.numLayers(); l++) {
      u.append(' ').append(updates[l] / inputs.length);
      total += updates[l];
    }
    System.out.println(u.append(", total ").append(total / inputs.length));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    long best = Long.MAX_VALUE;
    long bestForward = Long.MAX_VALUE;
    int n = inputs.length;
    int rounds = 0;
    while (mx.getCurrentThreadCpuTime() - start < seconds * 1e9 || rounds < 2) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (double[] in : inputs) {
        net.forward(in, ws);
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (double[] in : inputs) {
        net.forward(in, ws);
        net.backward(dLdt, ws, grad);
      }
      long t2 = mx.getCurrentThreadCpuTime();
      rounds++;
      if (rounds > 1) {
        bestForward = Math.min(bestForward, t1 - t0);
        best = Math.min(best, t2 - t1);
      }
    }
    System.out.printf("%s: forward %.3f ms, forward+backward %.3f ms CPU per sample (%.1f samples/s per core;"
        + " best of %d rounds of %d)%n", name, bestForward / 1e6 / n, best / 1e6 / n, 1e9 * n / best, rounds - 1, n);
  }

  /** The first {@code count} Fashion-MNIST training images in the threshold code, or null without the file. */
  private static double[][] fashion(int count, double trialEnd) throws IOException {
    if (!Files.isReadable(FASHION)) {
      return null;
    }
    double time = trialEnd * Math.log(1 / 0.99);
    try (InputStream raw = Files.newInputStream(FASHION);
        DataInputStream d = new DataInputStream(new GZIPInputStream(raw))) {
      d.readInt();
      d.readInt();
      int rows = d.readInt();
      int cols = d.readInt();
      double[][] res = new double[count][rows * cols];
      for (double[] img : res) {
        for (int q = 0; q < img.length; q++) {
          img[q] = d.readUnsignedByte() >= 128 ? time : Double.POSITIVE_INFINITY;
        }
      }
      return res;
    }
  }
}
