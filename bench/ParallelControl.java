import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The embarrassingly parallel control loop for thread-scaling figures: independent per-thread work (exp, log and a
 * dependent multiply-add chain on a private array, no sharing) measured with 1 and 2 threads in the same sitting as
 * the trainer. The ratio it prints is the most that 2 threads can give on this machine at that moment.
 * usage: java bench/ParallelControl.java [seconds per setting, default 5]
 */
public final class ParallelControl {
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    work(1, 0.5); work(2, 0.5); // warm-up
    double one = work(1, seconds);
    double two = work(2, seconds);
    System.out.printf(java.util.Locale.ROOT, "control loop: 1 thread %.3g units/s, 2 threads %.3g units/s, ratio %.2fx%n",
        one, two, two / one);
  }

  static double work(int threads, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> fs = new ArrayList<>();
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          double[] a = new double[4096];
          for (int i = 0; i < a.length; i++) a[i] = 1 + i * 1e-4;
          long units = 0;
          double sink = 0;
          while (System.nanoTime() < deadline) {
            for (int i = 0; i < a.length; i++) {
              double x = a[i];
              sink += Math.exp(-x) * Math.log(x) + x * 0.999;
            }
            units++;
          }
          if (sink == 42) System.out.print("");
          return units;
        }));
      }
      long total = 0;
      for (Future<Long> f : fs) total += f.get();
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }
}
