import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.spikeforge.data.Encoders;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.proto.Network;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.SpikingClassifier;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainingRun;

/**
 * Test accuracy of a trained TTFS network counted two ways, as Klos and Memmesheimer report it: with pseudospikes
 * (argmin of the output times, silent outputs at their pseudospike time) and with ordinary spikes only (every
 * output time after the trial end T is replaced by T, then argmin; ties go to the lowest class index, as
 * jnp.argmin does in the reference code).
 * {@code java -cp SPIKEFORGE_JAR bench/OrdinarySpikes.java NET.pb DATASET [VALIDATION_HOLDOUT SEED]}
 * (the holdout and seed only matter for datasets split by the loader; the test split never depends on them).
 */
public class OrdinarySpikes {
  public static void main(String[] args) {
    Network net = TrainingRun.readNetwork(Path.of(args[0]));
    double trialEnd = net.getTrialEnd() > 0 ? net.getTrialEnd() : 2.0;
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", args[1], "validation", 0,
        "trial-end", trialEnd), "ordinary-spikes");
    SpikeDataset test = new SpikeDataset(args[1], LoadedData.load(c).test().table(),
        Encoders.fromProto(net.getEncoding()));
    System.out.println(String.format(Locale.ROOT, "%s on %s: %s", args[0], args[1],
        run(ModelFactory.fromNetwork(net), test, trialEnd)));
  }

  private static <W> String run(SpikingClassifier<W> model, SpikeDataset test, double trialEnd) {
    W ws = model.newWorkspace();
    double[] in = new double[test.numInputs()];
    int pseudo = 0;
    int ordinary = 0;
    int allSilent = 0;
    for (int i = 0; i < test.size(); i++) {
      test.inputTimes(i, in);
      model.forward(in, ws);
      double[] t = model.outputTimes(ws);
      int bestP = 0;
      int bestO = 0;
      for (int k = 1; k < t.length; k++) {
        if (t[k] < t[bestP]) {
          bestP = k;
        }
        if (Math.min(t[k], trialEnd) < Math.min(t[bestO], trialEnd)) {
          bestO = k;
        }
      }
      if (!(Math.min(t[bestO], trialEnd) < trialEnd)) {
        allSilent++;
      }
      pseudo += bestP == test.label(i) ? 1 : 0;
      ordinary += bestO == test.label(i) ? 1 : 0;
    }
    int n = test.size();
    return String.format(Locale.ROOT, "with pseudospikes %.2f%% (%d/%d), ordinary spikes only %.2f%% (%d/%d), "
        + "no output spike in %d samples", 100.0 * pseudo / n, pseudo, n, 100.0 * ordinary / n, ordinary, n,
        allSilent);
  }
}
