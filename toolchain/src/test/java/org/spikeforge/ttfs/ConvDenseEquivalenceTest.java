package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An independent implementation of conv and pool: each conv or pool layer is expanded into an equivalent dense
 * layer, its weights placed by network.proto's formula written out here by hand (target (o, y, x) reads source
 * (i, y*sh - ph + ky, x*sw - pw + kx) with kernel[((o*in + i)*kh + ky)*kw + kx]), and the dense engine must give the
 * same spike times, output times and gradients (a conv weight's gradient is the sum of the dense gradients of all
 * positions that share it) to 1e-12 relative, over 100 random nets per model with asymmetric kernels, non-square
 * maps, strides 1-2 and padding 0-1. A transposed or flipped kernel, swapped (h, w) or a wrong padding offset fails.
 *
 * <p>The conv and pool layers run sparse (only the neurons an input group reaches, lazy flows: {@link
 * SparseLifLayer}, {@link SparseThetaLayer}) while the dense expansion runs every neuron at every group, so the two
 * round differently: a flow over several intervals is one closed-form step, and where the sparse layer gives an
 * exact 0 (a neuron the group does not reach has no jump, so dL/d(group time) gets nothing from it) the dense layer
 * sums rounding noise (seen: 5.9e-18). Spike sequences must be identical and times agree to 1e-12 relative;
 * gradients agree to 1e-12 relative plus 1e-11 of the net's largest gradient (seen: at most 2.5e-13 of it).
 */
class ConvDenseEquivalenceTest {
  private static final double TOL = 1e-12;
  /** Gradient differences are also allowed this fraction of the net's largest gradient (rounding, see above). */
  private static final double GRAD_FLOOR = 1e-11;

  @Test
  void thetaConvNetsEqualTheirDenseExpansion() {
    compare(true);
  }

  @Test
  void lifConvNetsEqualTheirDenseExpansion() {
    compare(false);
  }

  private static void compare(boolean theta) {
    int spikes = 0;
    int gradients = 0;
    double worst = 0;
    for (ConvNets.Arch arch : ConvNets.Arch.values()) {
      for (long seed = 1; seed <= 100; seed++) {
        TtfsNetwork conv = theta ? ConvNets.theta(arch, seed) : ConvNets.lif(arch, seed);
        TtfsNetwork dense = expand(conv);
        double[] in = ConvNets.inputs(seed, conv.layerSize(0), conv.trialEnd());
        TtfsWorkspace wc = conv.newWorkspace();
        TtfsWorkspace wd = dense.newWorkspace();
        conv.forward(in, wc);
        dense.forward(in, wd);
        String where = (theta ? "theta " : "LIF ") + arch + " seed " + seed;
        for (int l = 1; l <= conv.numLayers(); l++) {
          assertEquals(wd.spikeCount(l), wc.spikeCount(l), where + " layer " + l + " spike count");
          for (int s = 0; s < wc.spikeCount(l); s++) {
            assertEquals(wd.spikeNeuron(l, s), wc.spikeNeuron(l, s), where + " layer " + l + " spike " + s);
            worst = Math.max(worst, close(wd.spikeTime(l, s), wc.spikeTime(l, s), where + " spike time"));
            spikes++;
          }
        }
        int out = conv.layerSize(conv.numLayers());
        double[] c = new double[out];
        SplittableRandom rng = new SplittableRandom(seed + 99);
        for (int q = 0; q < out; q++) {
          worst = Math.max(worst, close(dense.outputTimes(wd)[q], conv.outputTimes(wc)[q], where + " output " + q));
          c[q] = rng.nextDouble(-1, 1);
        }
        double[] gc = new double[conv.numParameters()];
        double[] gd = new double[dense.numParameters()];
        conv.backward(c, wc, gc);
        dense.backward(c, wd, gd);
        double[] folded = fold(conv, dense, gd);
        double largest = 0;
        for (double v : folded) {
          largest = Math.max(largest, Math.abs(v));
        }
        for (int q = 0; q < gc.length; q++) {
          worst = Math.max(worst, close(folded[q], gc[q], GRAD_FLOOR * largest, where + " parameter " + q));
          gradients += gc[q] != 0 ? 1 : 0;
        }
        for (int ch = 0; ch < in.length; ch++) {
          worst = Math.max(worst, close(wd.inputTimeGradient()[ch], wc.inputTimeGradient()[ch],
              GRAD_FLOOR * largest, where + " input " + ch));
        }
      }
    }
    System.out.println((theta ? "theta" : "LIF") + " conv = dense expansion: " + spikes + " spikes, " + gradients
        + " nonzero gradients, worst relative difference " + worst);
    assertTrue(spikes > 5000 && gradients > 10000, "too little activity: " + spikes + " " + gradients);
  }

  private static double close(double expected, double actual, String where) {
    return close(expected, actual, 0.0, where);
  }

  /** Relative difference, failing above TOL; a difference of at most {@code slack} counts as none. */
  private static double close(double expected, double actual, double slack, String where) {
    double scale = Math.max(Math.abs(expected), Math.abs(actual));
    double diff = Math.abs(expected - actual);
    double err = scale == 0 || diff <= slack ? 0 : diff / Math.max(scale, 1e-9);
    assertTrue(err <= TOL, where + ": dense " + expected + " vs conv " + actual + " (rel " + err + ", allowed "
        + "absolute " + slack + ")");
    return err;
  }

  /** The dense network with every conv/pool layer written out as a source-major dense matrix. */
  static TtfsNetwork expand(TtfsNetwork net) {
    int layers = net.numLayers();
    int[] sizes = net.layerSizes();
    long total = 0;
    for (int l = 1; l <= layers; l++) {
      total += (long) sizes[l - 1] * sizes[l] + (long) net.neuron().statesPerNeuron() * sizes[l];
    }
    double[] q = new double[(int) total];
    TtfsNetwork dense = new TtfsNetwork(net.neuron(), sizes, net.trialEnd(), q);
    double[] d = dense.parameters();
    double[] p = net.parameters();
    for (int l = 1; l <= layers; l++) {
      Connectivity k = net.connectivity(l);
      int n = sizes[l];
      int layer = l;
      forEachLink(k, (target, source, kernelIndex) -> {
        int at = dense.weightOffset(layer) + source * n + target;
        d[at] += k.kind() == Connectivity.Kind.SUM_POOL2D ? k.fixedWeight()
            : p[net.weightOffset(layer) + kernelIndex];
      }, () -> {
        for (int w = 0; w < net.weightCount(layer); w++) {
          d[dense.weightOffset(layer) + w] = p[net.weightOffset(layer) + w];
        }
      });
      System.arraycopy(p, net.initialStateOffset(l), d, dense.initialStateOffset(l), net.initialStateCount(l));
    }
    return dense;
  }

  /** The dense gradient folded back onto the conv network's parameters (shared weights summed). */
  static double[] fold(TtfsNetwork net, TtfsNetwork dense, double[] gd) {
    double[] g = new double[net.numParameters()];
    for (int l = 1; l <= net.numLayers(); l++) {
      Connectivity k = net.connectivity(l);
      int n = net.layerSize(l);
      int layer = l;
      forEachLink(k, (target, source, kernelIndex) -> {
        if (k.kind() == Connectivity.Kind.CONV2D) {
          g[net.weightOffset(layer) + kernelIndex] += gd[dense.weightOffset(layer) + source * n + target];
        }
      }, () -> {
        for (int w = 0; w < net.weightCount(layer); w++) {
          g[net.weightOffset(layer) + w] = gd[dense.weightOffset(layer) + w];
        }
      });
      System.arraycopy(gd, dense.initialStateOffset(l), g, net.initialStateOffset(l), net.initialStateCount(l));
    }
    return g;
  }

  interface Link {
    void at(int target, int source, int kernelIndex);
  }

  /** The proto's formula, written out plainly: every (target, source, kernel index) link of a conv or pool layer. */
  static void forEachLink(Connectivity k, Link link, Runnable ifDense) {
    if (k.kind() == Connectivity.Kind.DENSE) {
      ifDense.run();
      return;
    }
    boolean pool = k.kind() == Connectivity.Kind.SUM_POOL2D;
    for (int o = 0; o < k.outC(); o++) {
      for (int y = 0; y < k.outH(); y++) {
        for (int x = 0; x < k.outW(); x++) {
          for (int i = 0; i < k.inC(); i++) {
            if (pool && i != o) {
              continue;
            }
            for (int ky = 0; ky < k.kernelH(); ky++) {
              for (int kx = 0; kx < k.kernelW(); kx++) {
                int sy = y * k.strideH() - k.padH() + ky;
                int sx = x * k.strideW() - k.padW() + kx;
                if (sy >= 0 && sy < k.inH() && sx >= 0 && sx < k.inW()) {
                  int target = o * k.outH() * k.outW() + y * k.outW() + x;
                  int source = i * k.inH() * k.inW() + sy * k.inW() + sx;
                  link.at(target, source, ((o * k.inC() + i) * k.kernelH() + ky) * k.kernelW() + kx);
                }
              }
            }
          }
        }
      }
    }
  }
}
