import java.nio.file.Path;
import java.util.SplittableRandom;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeStreamWriter;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;

/**
 * Writes the issue-4 emulator benchmark net for {@code bench/emulate_speed.sh}: the 100 -> 100 loihi2
 * ({@code fixed_pt} CUBA LIF, Dense delay 1) layer of {@code EmulatorBench.loihi2Network(1)} (weights uniform in
 * [-256, 256) from SplittableRandom(1), du 410, dv 205, vth 400), and its input of exactly 10 distinct channels
 * out of 100 per step (SplittableRandom(2)), as a binary spike stream and, optionally, as protobuf JSON.
 * {@code java -cp SPIKEFORGE_JAR bench/EmulateSpeedInputs.java DIR STEPS [json]}
 */
public class EmulateSpeedInputs {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int steps = Integer.parseInt(args[1]);
    boolean json = args.length > 2 && args[2].equals("json");
    SplittableRandom w = new SplittableRandom(1);
    HwLayer.Builder l = HwLayer.newBuilder().setName("hidden").setSource("input").setSize(100).setFanIn(100)
        .setOutput(true).setInputDelay(1).setLoihi2(Loihi2Lif.newBuilder().setDu(410).setDv(205).setVth(400)
            .setNumWeightBits(8).setSignMode(2).setWeightExp(0));
    for (int i = 0; i < 100 * 100; i++) {
      l.addWeights(w.nextInt(-256, 256));
    }
    HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNumInputs(100)
        .setDt(1).setNumSteps(steps).addLayers(l).build();
    ProtoFiles.write(dir.resolve("net100.hwcfg.pb"), cfg);
    SplittableRandom rnd = new SplittableRandom(2);
    SpikeTrain.Builder[] trains = new SpikeTrain.Builder[100];
    for (int c = 0; c < 100; c++) {
      trains[c] = SpikeTrain.newBuilder();
    }
    int[] perm = new int[100];
    for (int t = 0; t < steps; t++) {
      for (int c = 0; c < 100; c++) {
        perm[c] = c;
      }
      for (int k = 0; k < 10; k++) {
        int j = k + rnd.nextInt(100 - k);
        int tmp = perm[k];
        perm[k] = perm[j];
        perm[j] = tmp;
        trains[perm[k]].addSteps(t);
      }
    }
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(100).setLabel(-1);
    for (SpikeTrain.Builder t : trains) {
      b.addTrains(t);
    }
    InputSpikes in = b.build();
    SpikeStreamWriter.writeInputs(dir.resolve("in.spikes.bin"), in, steps, 1);
    if (json) {
      ProtoFiles.write(dir.resolve("in.spikes.json"), in);
    }
  }
}
