package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikeforge.io.DenseExpansion;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.proto.Network;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;
import org.spikeforge.sim.SimulationOptions;

/**
 * {@link DenseExpansion}: the dense matrix of a conv layer worked out by hand, and the general event engine on
 * expanded conv nets against the layered engine on the conv nets themselves (every spike of every layer).
 */
class ConvExpansionTest {
  @Test
  void a3x3KernelOnA5x5InputWithStride2AndPadding1ByHand() {
    Connectivity conv = Connectivity.conv(1, 5, 5, 1, 3, 3, 2, 2, 1, 1);
    assertEquals(3, conv.outH());
    double[] p = new double[9 + 2 * 9 + 9 * 3 + 2 * 3]; // conv weights, conv states, dense weights, dense states
    for (int k = 0; k < 9; k++) {
      p[k] = k + 1; // W[ky][kx] = 3 ky + kx + 1
    }
    TtfsNetwork net = new TtfsNetwork(NeuronConstants.lif(1, 1),
        new Connectivity[] {conv, Connectivity.flatten(1, 3, 3, 3)}, 2.0, p);
    Network dense = DenseExpansion.expand(net.toProto("hand"), Path.of("hand.net.pb"));
    var w = dense.getProjections(0);
    assertEquals(9, w.getRows());
    assertEquals(25, w.getCols());
    // target (0, 0): sources (y, x) = (2 * 0 - 1 + ky, 2 * 0 - 1 + kx); only ky, kx >= 1 are inside:
    // (0,0) <- W[1][1] = 5, (0,1) <- W[1][2] = 6, (1,0) <- W[2][1] = 8, (1,1) <- W[2][2] = 9
    double[] row0 = new double[25];
    row0[0] = 5;
    row0[1] = 6;
    row0[5] = 8;
    row0[6] = 9;
    for (int c = 0; c < 25; c++) {
      assertEquals(row0[c], w.getWeights(c), "row 0 col " + c);
    }
    // target (1, 2) = row 5: sources (1 + ky, 3 + kx), x = 5 is padding: (1,3) <- W[0][0] = 1, (1,4) <- 2,
    // (2,3) <- 4, (2,4) <- 5, (3,3) <- 7, (3,4) <- 8
    double[] row5 = new double[25];
    row5[8] = 1;
    row5[9] = 2;
    row5[13] = 4;
    row5[14] = 5;
    row5[18] = 7;
    row5[19] = 8;
    for (int c = 0; c < 25; c++) {
      assertEquals(row5[c], w.getWeights(5 * 25 + c), "row 5 col " + c);
    }
    assertTrue(!dense.hasInputShape() && !dense.getPopulations(0).hasShape());
  }

  @Test
  void aDenseNetComesBackUnchanged() {
    Network n = TtfsNetwork.lifUniformInit(new int[] {3, 4, 2}, 1, 1, 2, 1, 1).toProto("d");
    assertSame(n, DenseExpansion.expand(n, Path.of("d")));
  }

  @Test
  void anExpansionAboveTheLimitIsRefusedNamingTheProjection() {
    Connectivity conv = Connectivity.conv(1, 100, 100, 2, 3, 3, 1, 1, 1, 1);
    Connectivity dense = Connectivity.flatten(2, 100, 100, 2);
    Network n = TtfsNetwork.lifUniformInit(new Connectivity[] {conv, dense}, 1, 1, 2, 1, 1).toProto("big");
    String e = assertThrows(SpikeForgeIoException.class, () -> DenseExpansion.expand(n, Path.of("big.net.pb")))
        .getMessage();
    assertTrue(e.contains("big.net.pb") && e.contains("projections[0]") && e.contains("above the limit"), e);
  }

  @Test
  void theGeneralEngineOnExpandedConvNetsMatchesTheLayeredEngine() {
    EventSimulator sim = new EventSimulator(SimulationOptions.DEFAULT.withLifPseudospikes(true));
    EventLog log = new EventLog();
    int spikes = 0;
    for (long seed = 0; seed < 200; seed++) {
      boolean theta = seed % 2 == 1;
      TtfsNetwork net = randomConvNet(seed, theta);
      double[] in = EngineDifferentialTest.inputs(seed, net.layerSize(0), net.trialEnd());
      TtfsWorkspace ws = net.newWorkspace();
      net.forward(in, ws);
      CompiledNetwork general = CompiledNetwork.fromProto(DenseExpansion.expand(net.toProto("c" + seed),
          Path.of("c")));
      sim.run(general, InputTrains.ofSingleSpikes(in), log);
      for (int l = 1; l <= net.numLayers(); l++) {
        LayerTrace tr = ws.traces[l];
        int off = general.populationOffset(l - 1);
        int[] seen = new int[tr.size];
        for (int s = 0; s < tr.spikeCount; s++) {
          int i = tr.spikeNeuron[s];
          int k = seen[i]++;
          double g = log.spikeTime(off + i, k);
          assertEquals(g, tr.spikeTime[s], 1e-9 * Math.max(1, Math.abs(g)), "seed " + seed + " layer " + l
              + " neuron " + i + " spike " + k);
          spikes++;
        }
        for (int i = 0; i < tr.size; i++) {
          assertEquals(log.spikeCount(off + i), seen[i], "seed " + seed + " layer " + l + " neuron " + i);
        }
      }
    }
    assertTrue(spikes > 2000, "too few spikes compared: " + spikes);
  }

  /** Input 1..2 x 3..5 x 3..6, a conv (kernel 1..3 x 1..3, stride 1..2, padding 0..1), maybe a 1x2 pool, dense 2. */
  static TtfsNetwork randomConvNet(long seed, boolean theta) {
    SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
    int c = rng.nextInt(1, 3);
    int h = rng.nextInt(3, 6);
    int w = rng.nextInt(3, 7);
    int kh = rng.nextInt(1, 4);
    int kw = rng.nextInt(1, 4);
    Connectivity conv = Connectivity.conv(c, h, w, rng.nextInt(1, 4), kh, kw, rng.nextInt(1, 3), rng.nextInt(1, 3),
        rng.nextInt(0, 2), rng.nextInt(0, 2));
    Connectivity last = conv;
    Connectivity pool = null;
    if (rng.nextBoolean() && conv.outW() >= 2) {
      pool = Connectivity.pool(conv.outC(), conv.outH(), conv.outW(), 1, 2, 1, 2, 0, 0, theta ? 2.0 : 6.0);
      last = pool;
    }
    Connectivity dense = Connectivity.flatten(last.outC(), last.outH(), last.outW(), 2);
    Connectivity[] layers = pool == null ? new Connectivity[] {conv, dense} : new Connectivity[] {conv, pool, dense};
    TtfsNetwork net = theta ? TtfsNetwork.thetaPaperInit(layers, 1.0, 1.25, 3.0, seed)
        : TtfsNetwork.lifUniformInit(layers, 1.0, 1.0, 3.0, 6.0, seed);
    double[] p = net.parameters();
    for (int l = 1; l <= net.numLayers(); l++) {
      for (int i = net.weightOffset(l); i < net.weightOffset(l) + net.weightCount(l); i++) {
        p[i] += theta ? 0.3 : 1.5; // enough drive that most layers fire
      }
    }
    return net.withParameters(p);
  }
}
