package org.spikeforge.ttfs;

import java.util.SplittableRandom;

/**
 * Seeded random small conv networks for the conv tests: asymmetric kernels, non-square maps, stride 1 or 2 and
 * padding 0 or 1, with lively activity; inputs with simultaneous spikes (times on a coarse grid) so that the
 * coalesced-group paths run.
 */
final class ConvNets {
  private ConvNets() {}

  /** Architectures: conv -> conv, conv -> pool, conv -> flatten -> dense. */
  enum Arch { CONV_CONV, CONV_POOL, CONV_DENSE }

  static Connectivity[] layers(Arch arch, SplittableRandom rng) {
    int c0 = 1 + rng.nextInt(2);
    int h = 3 + rng.nextInt(3);
    int w = 3 + rng.nextInt(4);
    int kh = 1 + rng.nextInt(3);
    int kw = 1 + rng.nextInt(3);
    if (kh == kw) {
      kw = kh == 3 ? 2 : kh + 1; // asymmetric kernels only
    }
    int sh = 1 + rng.nextInt(2);
    int sw = 1 + rng.nextInt(2);
    int ph = rng.nextInt(2);
    int pw = rng.nextInt(2);
    Connectivity conv = Connectivity.conv(c0, h, w, 1 + rng.nextInt(3), kh, kw, sh, sw, ph, pw);
    Connectivity second = switch (arch) {
      case CONV_CONV -> {
        int k2 = 1 + rng.nextInt(2);
        yield Connectivity.conv(conv.outC(), conv.outH(), conv.outW(), 1 + rng.nextInt(2), k2, 3 - k2,
            1 + rng.nextInt(2), 1, 1, 1);
      }
      case CONV_POOL -> Connectivity.pool(conv.outC(), conv.outH(), conv.outW(), Math.min(2, conv.outH()),
          Math.min(2, conv.outW()), 0 == rng.nextInt(2) ? 1 : Math.min(2, conv.outH()),
          Math.min(2, conv.outW()), 0, 0, rng.nextDouble(-0.8, 1.5));
      case CONV_DENSE -> Connectivity.flatten(conv.outC(), conv.outH(), conv.outW(), 1 + rng.nextInt(3));
    };
    return new Connectivity[] {conv, second};
  }

  static long count(NeuronConstants c, Connectivity[] layers) {
    long total = 0;
    for (Connectivity k : layers) {
      total += k.weightCount() + (long) c.statesPerNeuron() * k.targets();
    }
    return total;
  }

  /** Theta conv net (tau = 1, I0 = 5/4, Theta = pi); odd seeds get a quiet top layer (pseudospikes). */
  static TtfsNetwork theta(Arch arch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed * 1000003L + arch.ordinal());
    Connectivity[] layers = layers(arch, rng);
    double trialEnd = new double[] {2, 4, 7}[rng.nextInt(3)];
    NeuronConstants c = NeuronConstants.theta(1.0, 1.25);
    TtfsNetwork net = new TtfsNetwork(c, layers, trialEnd, new double[(int) count(c, layers)]);
    double[] p = net.parameters();
    boolean quietTop = (seed & 1) == 1;
    for (int l = 1; l <= layers.length; l++) {
      boolean quiet = quietTop && l == layers.length;
      double norm = 2.0 / Math.sqrt(Math.max(1, fanIn(layers[l - 1])));
      for (int q = 0; q < net.weightCount(l); q++) {
        p[net.weightOffset(l) + q] = norm * (quiet ? rng.nextDouble(-2.5, 0.8) : rng.nextDouble(-1.5, 3.0));
      }
      for (int i = 0; i < net.layerSize(l); i++) {
        double frac = quiet ? rng.nextDouble(0.02, 0.35) : rng.nextDouble(0.05, 0.95);
        p[net.initialStateOffset(l) + i] = frac * c.thetaPeriod();
      }
    }
    return net;
  }

  /** LIF conv net, tau = 1, V_th = 1; odd seeds are weaker (many silent neurons, pseudospikes). */
  static TtfsNetwork lif(Arch arch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed * 1000033L + 7 * arch.ordinal());
    Connectivity[] layers = layers(arch, rng);
    double trialEnd = new double[] {1.5, 2, 3}[rng.nextInt(3)];
    NeuronConstants c = NeuronConstants.lif(1.0, 1.0);
    TtfsNetwork net = new TtfsNetwork(c, layers, trialEnd, new double[(int) count(c, layers)]);
    double[] p = net.parameters();
    boolean quiet = (seed & 1) == 1;
    for (int l = 1; l <= layers.length; l++) {
      double norm = 2.5 / Math.sqrt(Math.max(1, fanIn(layers[l - 1])));
      for (int q = 0; q < net.weightCount(l); q++) {
        p[net.weightOffset(l) + q] = norm * (quiet ? rng.nextDouble(-3.0, 4.0) : rng.nextDouble(-3.0, 8.0));
      }
      int so = net.initialStateOffset(l);
      int n = net.layerSize(l);
      for (int i = 0; i < n; i++) {
        p[so + i] = rng.nextDouble(-0.5, 0.6);
        p[so + n + i] = rng.nextDouble(-1.0, 2.0);
      }
    }
    return net;
  }

  static int fanIn(Connectivity k) {
    return switch (k.kind()) {
      case DENSE -> k.sources();
      case CONV2D -> k.inC() * k.kernelH() * k.kernelW();
      case SUM_POOL2D -> 1;
    };
  }

  /** Input times on the grid T/8 * {1..6}, 15 % silent: many simultaneous spikes. */
  static double[] inputs(long seed, int n, double trialEnd) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[] t = new double[n];
    for (int c = 0; c < n; c++) {
      t[c] = rng.nextDouble() < 0.15 ? Double.POSITIVE_INFINITY : trialEnd / 8 * (1 + rng.nextInt(6));
    }
    return t;
  }
}
