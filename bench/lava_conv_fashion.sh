#!/usr/bin/env bash
# A trained Fashion-MNIST LIF conv net in real Lava and lava-dl, every layer, step and neuron.
#
#   bench/lava_conv_fashion.sh LAVA_DIR LAVA_DL_DIR [OUT_DIR]
#
# Environment: SAMPLES (test samples, default 10), TRAIN_LIMIT (training images, default 2000), EPOCHS (1),
# ARCH (conv5x3x4,pool2,dense10: an asymmetric 5x3 kernel, a 4x24x26 map), SEED (1). Same needs as
# bench/lava_compat.sh, plus /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist).
#
#  1. ./spikeforge train --dataset fashion-mnist --model lif --arch ARCH on the first TRAIN_LIMIT images;
#  2. ./spikeforge compile --target loihi2 --weight-exp 0 (netx needs exponent 0) and with the default exponent;
#  3. encodes the first SAMPLES test images as the trainer does, in the config's steps (what verify feeds the
#     emulator);
#  4. bench/lava_conv_compat.sh on each config with those inputs: our .lava.pb (Lava's Conv) and the netx file
#     (exponent-0 config only) in real Lava, every layer against the Java emulator and the numpy model, plus the
#     flipped-kernel and misread-layout controls, and each side's prediction (earliest output spike) vs label.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n "2,17p" "$0"
  exit 64
fi
LAVA_DIR=$(cd "$1" && pwd)
LAVA_DL_DIR=$(cd "$2" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${3:-$ROOT/target/lava_conv_fashion}
SAMPLES=${SAMPLES:-10}
TRAIN_LIMIT=${TRAIN_LIMIT:-2000}
EPOCHS=${EPOCHS:-1}
ARCH=${ARCH:-conv5x3x4,pool2,dense10}
SEED=${SEED:-1}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$ROOT"
echo "== 1. train $ARCH on $TRAIN_LIMIT Fashion-MNIST images, $EPOCHS epoch(s), seed $SEED"
./spikeforge train --dataset fashion-mnist --model lif --arch "$ARCH" --train-limit "$TRAIN_LIMIT" \
  --epochs "$EPOCHS" --seed "$SEED" --threads 2 --progress false --overwrite --out "$OUT/train" | tail -3
NET="$OUT/train/model.net.pb"
echo "== 2. compile for loihi2"
./spikeforge compile --network "$NET" --target loihi2 --weight-exp 0 --out "$OUT/fmnist_e0.hwcfg.pb" | tail -1
./spikeforge compile --network "$NET" --target loihi2 --out "$OUT/fmnist_auto.hwcfg.pb" | tail -1
echo "== 3. encode $SAMPLES test images as steps"
JAR=$ROOT/toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar
cat > "$OUT/StepInputs.java" <<'JEOF'
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.verify.EncodedData;

/** NET CFG DATASET N OUT.pb: the first N test samples, encoded as in training, in the config's steps. */
public class StepInputs {
  public static void main(String[] a) throws Exception {
    Network net = ProtoFiles.readNetwork(Path.of(a[0]));
    HardwareConfig cfg = HardwareConfig.parseFrom(Files.readAllBytes(Path.of(a[1])));
    int n = Integer.parseInt(a[3]);
    var data = EncodedData.test(net, a[2]);
    InputQuantizer steps = new InputQuantizer(cfg.getDt(), cfg.getNumSteps());
    SpikeDataset.Builder ds = SpikeDataset.newBuilder().setName(a[2] + "-test-steps");
    double[] times = new double[data.numInputs()];
    for (int i = 0; i < Math.min(n, data.size()); i++) {
      data.inputTimes(i, times);
      InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(times.length).setLabel(data.label(i));
      for (double t : times) {
        SpikeTrain.Builder tr = SpikeTrain.newBuilder();
        if (t <= net.getTrialEnd()) {
          tr.addTimes(t);  // as Verifier does: spikes after the trial end are not inputs
        }
        in.addTrains(tr);
      }
      ds.addSamples(steps.quantize(in.build()));
    }
    Files.write(Path.of(a[4]), ds.build().toByteArray());
  }
}
JEOF
STATUS=0
for V in e0 auto; do
  java -cp "$JAR" "$OUT/StepInputs.java" "$NET" "$OUT/fmnist_$V.hwcfg.pb" fashion-mnist "$SAMPLES" "$OUT/inputs_$V.pb"
  echo "== 4. fmnist_$V in real Lava"
  SAMPLES="$SAMPLES" bash bench/lava_conv_compat.sh "$LAVA_DIR" "$LAVA_DL_DIR" "$OUT/compat" "$OUT/fmnist_$V.hwcfg.pb" \
    "$OUT/inputs_$V.pb" 2>&1 | grep -vE "^SLF4J|Prophesee|CUDA runtime|Only Prophesee|Please install" || STATUS=1
done
exit $STATUS
