package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Workspaces: reuse without allocation, one per thread over a shared network, the paper's init. */
class TtfsWorkspaceTest {

  @Test
  void paperInitStartsSilentWithBoundedWeights() {
    TtfsNetwork net = TtfsNetwork.thetaPaperInit(new int[] {784, 100, 100, 10}, 6 / Math.PI, 1.25, 2.0, 1);
    assertEquals(6.0, net.thetaPeriod(), 1e-12);
    double[] p = net.parameters();
    for (int l = 1; l <= 3; l++) {
      double bound = 0.5 / Math.sqrt(net.layerSize(l - 1));
      for (int q = 0; q < net.weightCount(l); q++) {
        assertTrue(Math.abs(p[net.weightOffset(l) + q]) <= bound);
      }
      for (int i = 0; i < net.layerSize(l); i++) {
        assertEquals(3.0, p[net.initialStateOffset(l) + i], 1e-12);
      }
    }
    double[] in = new double[784];
    java.util.Arrays.fill(in, Double.POSITIVE_INFINITY);
    for (int c = 0; c < 784; c += 5) {
      in[c] = 2.0 * Math.log(1 / 0.99);
    }
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(in, ws);
    for (int l = 1; l <= 3; l++) {
      assertEquals(0, ws.spikeCount(l));
      assertEquals(1.0, ws.silentFraction(l), 0.0);
    }
    for (int q = 0; q < 10; q++) {
      assertTrue(net.outputSilent(ws)[q]);
      double t = net.outputTimes(ws)[q];
      assertTrue(t > 2.0 && t < 2.0 + 6.0, "pseudospike time " + t);
    }
  }

  @Test
  void steadyStatePassesAllocateNothing() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (TtfsNetwork net : new TtfsNetwork[] {RandomNets.theta(8), RandomNets.lif(8)}) {
      TtfsWorkspace ws = net.newWorkspace();
      double[] grad = new double[net.numParameters()];
      double[][] inputs = new double[50][];
      for (int s = 0; s < inputs.length; s++) {
        inputs[s] = RandomNets.inputs(s, net.layerSize(0), net.trialEnd());
      }
      double[] dLdt = new double[net.layerSize(net.numLayers())];
      java.util.Arrays.fill(dLdt, 0.5);
      for (int rep = 0; rep < 3; rep++) {
        for (double[] in : inputs) {
          net.forward(in, ws);
          net.backward(dLdt, ws, grad);
        }
      }
      long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int rep = 0; rep < 20; rep++) {
        for (double[] in : inputs) {
          net.forward(in, ws);
          net.backward(dLdt, ws, grad);
        }
      }
      long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      // 2000 samples; a single allocation per sample would show as >= 16 kB.
      assertTrue(allocated < 4096, net.model() + ": " + allocated + " bytes allocated in 2000 samples");
    }
  }

  @Test
  void sharedNetworkGivesIdenticalResultsFromManyThreads() throws Exception {
    TtfsNetwork net = RandomNets.theta(12);
    int samples = 64;
    double[][] expectedTimes = new double[samples][];
    double[] expectedGrad = new double[net.numParameters()];
    TtfsWorkspace ws = net.newWorkspace();
    double[] dLdt = new double[net.layerSize(net.numLayers())];
    java.util.Arrays.fill(dLdt, 1.0);
    for (int s = 0; s < samples; s++) {
      net.forward(RandomNets.inputs(s, net.layerSize(0), net.trialEnd()), ws);
      expectedTimes[s] = net.outputTimes(ws).clone();
      net.backward(dLdt, ws, expectedGrad);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int th = 0; th < 4; th++) {
        futures.add(pool.submit(() -> {
          TtfsWorkspace own = net.newWorkspace();
          double[] grad = new double[net.numParameters()];
          for (int rep = 0; rep < 20; rep++) {
            java.util.Arrays.fill(grad, 0.0);
            for (int s = 0; s < samples; s++) {
              net.forward(RandomNets.inputs(s, net.layerSize(0), net.trialEnd()), own);
              assertArrayEquals(expectedTimes[s], net.outputTimes(own), 0.0);
              net.backward(dLdt, own, grad);
            }
          }
          return grad;
        }));
      }
      for (Future<double[]> f : futures) {
        assertArrayEquals(expectedGrad, f.get(), 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
