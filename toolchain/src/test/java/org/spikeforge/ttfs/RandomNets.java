package org.spikeforge.ttfs;

import java.util.SplittableRandom;

/** Seeded random small networks and inputs with lively activity, for the property-style tests. */
final class RandomNets {
  private RandomNets() {}

  /**
   * Theta net with Theta = pi (tau = 1, I0 = 5/4), T in {2, 4, 7}, so neurons may spike several times; odd
   * seeds get a mostly inhibited output layer with small phi0, so that outputs are often silent and the
   * pseudospike pass carries the gradient.
   */
  static TtfsNetwork theta(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] sizes = {2 + rng.nextInt(4), 2 + rng.nextInt(5), 1 + rng.nextInt(4)};
    if (rng.nextBoolean()) {
      sizes = new int[] {sizes[0], sizes[1], 2 + rng.nextInt(4), sizes[2]};
    }
    double trialEnd = new double[] {2, 4, 7}[rng.nextInt(3)];
    NeuronConstants c = NeuronConstants.theta(1.0, 1.25);
    TtfsNetwork shape = new TtfsNetwork(c, sizes, trialEnd, new double[count(c, sizes)]);
    double[] p = shape.parameters();
    boolean quietOutputs = (seed & 1) == 1;
    for (int l = 1; l < sizes.length; l++) {
      boolean quiet = quietOutputs && l == sizes.length - 1;
      for (int q = 0; q < shape.weightCount(l); q++) {
        p[shape.weightOffset(l) + q] = quiet ? rng.nextDouble(-2.5, 0.8) : rng.nextDouble(-1.5, 3.0);
      }
      for (int i = 0; i < sizes[l]; i++) {
        double frac = quiet ? rng.nextDouble(0.02, 0.35) : rng.nextDouble(0.05, 0.95);
        p[shape.initialStateOffset(l) + i] = frac * c.thetaPeriod();
      }
    }
    return shape;
  }

  /** LIF net, tau = 1, V_th = 1, weights able to make single inputs fire. */
  static TtfsNetwork lif(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] sizes = {2 + rng.nextInt(4), 2 + rng.nextInt(5), 1 + rng.nextInt(4)};
    if (rng.nextBoolean()) {
      sizes = new int[] {sizes[0], sizes[1], 2 + rng.nextInt(4), sizes[2]};
    }
    double trialEnd = new double[] {2, 3, 5}[rng.nextInt(3)];
    NeuronConstants c = NeuronConstants.lif(1.0, 1.0);
    TtfsNetwork shape = new TtfsNetwork(c, sizes, trialEnd, new double[count(c, sizes)]);
    double[] p = shape.parameters();
    for (int l = 1; l < sizes.length; l++) {
      for (int q = 0; q < shape.weightCount(l); q++) {
        p[shape.weightOffset(l) + q] = rng.nextDouble(-3.0, 9.0);
      }
      int so = shape.initialStateOffset(l);
      for (int i = 0; i < sizes[l]; i++) {
        p[so + i] = rng.nextDouble(-0.5, 0.6);
        p[so + sizes[l] + i] = rng.nextDouble(-1.0, 3.0);
      }
    }
    return shape;
  }

  /**
   * LIF net like {@link #lif} but with mixed-sign, weaker weights, T in {1.5, 2, 3} and some hidden layers; many
   * hidden neurons and outputs stay silent, so the LIF pseudospike pass carries much of the gradient.
   */
  static TtfsNetwork lifQuiet(long seed) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 3);
    int[] sizes = {2 + rng.nextInt(4), 2 + rng.nextInt(5), 1 + rng.nextInt(4)};
    if (rng.nextBoolean()) {
      sizes = new int[] {sizes[0], sizes[1], 2 + rng.nextInt(4), sizes[2]};
    }
    double trialEnd = new double[] {1.5, 2, 3}[rng.nextInt(3)];
    NeuronConstants c = NeuronConstants.lif(1.0, 1.0);
    TtfsNetwork shape = new TtfsNetwork(c, sizes, trialEnd, new double[count(c, sizes)]);
    double[] p = shape.parameters();
    for (int l = 1; l < sizes.length; l++) {
      boolean out = l == sizes.length - 1;
      for (int q = 0; q < shape.weightCount(l); q++) {
        p[shape.weightOffset(l) + q] = out ? rng.nextDouble(-3.0, 4.0) : rng.nextDouble(-3.0, 7.0);
      }
      int so = shape.initialStateOffset(l);
      for (int i = 0; i < sizes[l]; i++) {
        p[so + i] = rng.nextDouble(-0.5, 0.6);
        p[so + sizes[l] + i] = rng.nextDouble(-1.5, 1.5);
      }
    }
    return shape;
  }

  static double[] inputs(long seed, int n, double trialEnd) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[] t = new double[n];
    for (int c = 0; c < n; c++) {
      double u = rng.nextDouble();
      t[c] = u < 0.15 ? Double.POSITIVE_INFINITY : rng.nextDouble(0.0, 0.8 * trialEnd);
    }
    return t;
  }

  static int count(NeuronConstants c, int[] sizes) {
    int total = 0;
    for (int l = 1; l < sizes.length; l++) {
      total += sizes[l - 1] * sizes[l] + c.statesPerNeuron() * sizes[l];
    }
    return total;
  }
}
