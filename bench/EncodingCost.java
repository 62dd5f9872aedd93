import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.SpikingClassifier;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TtfsCrossEntropy;

/**
 * Thread CPU time of one exact forward + backward pass per Fashion-MNIST sample through the freshly initialised
 * 784 -> 100 -> 100 -> 10 theta net, for each input code (threshold, log latency continuous and on 16 / 8 time
 * levels, linear latency on 16 levels). CPU time rather than wall time, so the figure holds on a loaded machine.
 * {@code java -cp SPIKEFORGE_JAR bench/EncodingCost.java [SAMPLES]}
 */
public class EncodingCost {
  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Object[][] codes = {{"threshold", 0.15, 2.0, 0}, {"log", 0.02, 1.0, 0}, {"log", 0.02, 1.0, 16},
        {"log", 0.02, 1.0, 8}, {"latency", 0.02, 1.0, 16}};
    for (Object[] code : codes) {
      TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", "fashion-mnist", "hidden", "100,100",
          "validation", 0, "bias", false, "encoding", code[0], "t-min", code[1], "t-max", code[2],
          "time-levels", code[3], "train-limit", samples), "encoding-cost");
      LoadedData d = LoadedData.load(c);
      double[] perSample = measure(ModelFactory.create(c, d.train().numInputs(), 10), d, samples, cpu);
      System.out.println(String.format(Locale.ROOT, "%-9s [%.2f, %.2f] time levels %2d: %.3f ms CPU per sample "
          + "(forward + backward), %.0f input spikes per sample", code[0], (double) code[1], (double) code[2],
          (int) code[3], perSample[0], perSample[1]));
    }
  }

  private static <W> double[] measure(SpikingClassifier<W> model, LoadedData d, int samples, ThreadMXBean cpu) {
    W ws = model.newWorkspace();
    double[] in = new double[d.train().numInputs()];
    double[] grad = new double[model.params().length];
    double[] dLdt = new double[model.numOutputs()];
    TtfsCrossEntropy loss = TtfsCrossEntropy.paper(2.0);
    double ms = 0;
    long spikes = 0;
    for (int rep = 0; rep < 3; rep++) { // the first rounds warm up the JIT
      long t0 = cpu.getCurrentThreadCpuTime();
      spikes = 0;
      for (int i = 0; i < samples; i++) {
        d.train().inputTimes(i, in);
        model.forward(in, ws);
        loss.lossAndGradient(model.outputTimes(ws), d.train().label(i), dLdt);
        model.backward(dLdt, ws, grad);
        for (double t : in) {
          spikes += Double.isFinite(t) ? 1 : 0;
        }
      }
      ms = (cpu.getCurrentThreadCpuTime() - t0) * 1e-6 / samples;
    }
    return new double[] {ms, (double) spikes / samples};
  }
}
