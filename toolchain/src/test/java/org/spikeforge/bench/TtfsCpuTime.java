package org.spikeforge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Companion to {@link TtfsBench} for a shared, overloaded machine: runs the same two workloads and reports
 * the <em>thread CPU time</em> per sample (best of many rounds of 256 samples), which does not count the
 * time the thread waits for a core. Run: {@code java -cp <test classpath> org.spikeforge.bench.TtfsCpuTime}.
 */
public final class TtfsCpuTime {
  private TtfsCpuTime() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    TtfsBench.ThetaMnist theta = new TtfsBench.ThetaMnist();
    theta.setup();
    TtfsBench.LifYinYang lif = new TtfsBench.LifYinYang();
    lif.setup();
    double sink = 0;
    long bestThetaF = Long.MAX_VALUE;
    long bestTheta = Long.MAX_VALUE;
    long bestLif = Long.MAX_VALUE;
    int n = theta.inputs.length;
    for (int r = 0; r < rounds; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int q = 0; q < n; q++) {
        theta.net.forward(theta.inputs[q], theta.ws);
        sink += theta.net.outputTimes(theta.ws)[0];
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (int q = 0; q < n; q++) {
        theta.net.forward(theta.inputs[q], theta.ws);
        theta.net.backward(theta.dLdt, theta.ws, theta.grad);
      }
      long t2 = mx.getCurrentThreadCpuTime();
      for (int q = 0; q < n; q++) {
        lif.net.forward(lif.inputs[q], lif.ws);
        lif.net.backward(lif.dLdt, lif.ws, lif.grad);
      }
      long t3 = mx.getCurrentThreadCpuTime();
      if (r >= rounds / 3) {
        bestThetaF = Math.min(bestThetaF, t1 - t0);
        bestTheta = Math.min(bestTheta, t2 - t1);
        bestLif = Math.min(bestLif, t3 - t2);
      }
    }
    System.out.printf("theta 784-100-100-10: forward %.1f us, forward+backward %.1f us CPU per sample "
        + "(%.0f samples/s per core)%n", bestThetaF / 1e3 / n, bestTheta / 1e3 / n, 1e9 * n / bestTheta);
    System.out.printf("LIF 5-120-3: forward+backward %.1f us CPU per sample (%.0f samples/s per core)%n",
        bestLif / 1e3 / n, 1e9 * n / bestLif);
    System.out.println("(checksum " + sink + ")");
  }
}
