package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simultaneous presynaptic spikes are coalesced into one jump; this must equal applying the jumps one
 * after another (exact for theta since H(H(phi, a), b) = H(phi, a + b), trivially for LIF currents), and the
 * whole fast path must agree with the plain reference simulator that never coalesces.
 */
class TtfsCoalescingTest {
  private static final double TOL = 1e-9;

  @Test
  void phaseResponseComposesAdditively() {
    TtfsNetwork net = RandomNets.theta(3);
    SplittableRandom rng = new SplittableRandom(11);
    double period = net.thetaPeriod();
    for (int q = 0; q < 1000; q++) {
      double phi = rng.nextDouble(0.0, period);
      double a = rng.nextDouble(-3, 3);
      double b = rng.nextDouble(-3, 3);
      assertEquals(net.phaseResponse(phi, a + b), net.phaseResponse(net.phaseResponse(phi, a), b), 1e-10);
      assertEquals(ReferenceTtfs.hRef(net, phi, a), net.phaseResponse(phi, a), 1e-10);
    }
  }

  @Test
  void simultaneousInputsEqualSequentialJumps() {
    for (long seed = 1; seed <= 40; seed++) {
      for (TtfsNetwork net : new TtfsNetwork[] {RandomNets.theta(seed), RandomNets.lif(seed)}) {
        double[] in = RandomNets.inputs(seed, net.layerSize(0), net.trialEnd());
        // Make half of the channels share one time, the MNIST-like case.
        double shared = 0.3 * net.trialEnd();
        for (int c = 0; c < in.length; c += 2) {
          in[c] = shared;
        }
        compareWithReference(net, in, "seed " + seed + " " + net.model());
        // Split the shared group by 1e-13 per channel: the coalesced result is the limit.
        double[] split = in.clone();
        for (int c = 0; c < in.length; c += 2) {
          split[c] = shared + 1e-13 * c;
        }
        TtfsWorkspace a = net.newWorkspace();
        TtfsWorkspace b = net.newWorkspace();
        net.forward(in, a);
        net.forward(split, b);
        for (int q = 0; q < net.layerSize(net.numLayers()); q++) {
          assertEquals(net.outputTimes(a)[q], net.outputTimes(b)[q], 1e-9, "split group, seed " + seed);
        }
      }
    }
  }

  @Test
  void fastPathMatchesReferenceOnRandomNets() {
    for (long seed = 100; seed < 160; seed++) {
      for (TtfsNetwork net : new TtfsNetwork[] {RandomNets.theta(seed), RandomNets.lif(seed)}) {
        compareWithReference(net, RandomNets.inputs(seed, net.layerSize(0), net.trialEnd()),
            "seed " + seed + " " + net.model());
      }
    }
  }

  private static void compareWithReference(TtfsNetwork net, double[] in, String where) {
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(in, ws);
    List<List<double[]>> ref = ReferenceTtfs.spikes(net, in);
    for (int l = 1; l <= net.numLayers(); l++) {
      List<double[]> r = ref.get(l);
      assertEquals(r.size(), ws.spikeCount(l), where + " layer " + l + " spike count");
      for (int s = 0; s < r.size(); s++) {
        assertEquals(r.get(s)[0], ws.spikeTime(l, s), TOL, where + " layer " + l + " spike " + s);
      }
    }
    if (net.model() == org.spikeforge.proto.NeuronModel.THETA) {
      double[] expected = ReferenceTtfs.thetaOutputTimes(net, in);
      for (int q = 0; q < expected.length; q++) {
        assertEquals(expected[q], net.outputTimes(ws)[q], TOL, where + " output " + q);
      }
    }
  }
}
