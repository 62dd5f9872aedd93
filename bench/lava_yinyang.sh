#!/usr/bin/env bash
# The trained Yin-Yang LIF network through real Lava and lava-dl netx, step for step against the emulator.
#
#   bench/lava_yinyang.sh LAVA_DIR LAVA_DL_DIR NIR_DIR [OUT_DIR]
#
# LAVA_DIR, LAVA_DL_DIR, NIR_DIR: checkouts of lava-nc/lava, lava-nc/lava-dl, neuromorphs/NIR prepared
# as bench/lava_compat.sh describes (NIR_META_DIR names the folder holding NIR's nir-*.dist-info).
# Environment: SAMPLES (test samples, default 30), SEED (training seed, default 1).
#
#  1. trains the demo's Yin-Yang LIF net (4+1 -> 120 -> 3, tau 1, from rest: netx cannot carry initial
#     u/v) with `spikeforge demo --only train`;
#  2. compiles it for loihi2 twice:
#     netx:   compile's defaults (dt = trial end / 200, 8-bit weights) plus --weight-exp 0. netx derives
#             its own weight exponent (only ever <= 0) from the integer weights in the .net, so a layer
#             whose weights times 2^weight_exp leave 8 bits, or are not integers, cannot be rebuilt;
#             the default compile gives the hidden layer a positive exponent, which the exporter refuses
#             (naming layer, field, range and this option). --weight-exp 0 fixes every exponent at 0.
#     native: --dt 0.002 (8-bit weights, the compiler's own exponents): netx is run too when the
#             exporter can carry those exponents (<= 0 with divisible weights, or folded), else skipped;
#  3. encodes the first SAMPLES Yin-Yang test samples as in training and quantizes them to steps
#     (InputQuantizer with the config's dt: what `spikeforge verify` feeds the emulator);
#  4. runs bench/lava_compat.sh on each config with those inputs: real Lava via our loader (all layers)
#     and via netx (output layer), the Java emulator, a numpy reference; every step and neuron compared,
#     plus the predictions (earliest output spike) of each side and the labels.
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n "2,22p" "$0"
  exit 64
fi
LAVA_DIR=$(cd "$1" && pwd)
LAVA_DL_DIR=$(cd "$2" && pwd)
NIR_DIR=$(cd "$3" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${4:-$ROOT/target/lava_yinyang}
SAMPLES=${SAMPLES:-30}
SEED=${SEED:-1}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$ROOT"

echo "== build the toolchain jar (offline)"
./mvnw -o -B -q -DskipTests package -pl toolchain -am
JAR=$ROOT/toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar

echo "== 1. train (demo recipe, neurons start from rest, seed $SEED)"
rm -rf "$OUT/demo"
./spikeforge demo --only train --seed "$SEED" --out "$OUT/demo" | grep -E "^train " || true
NET=$OUT/demo/train/model.net.pb
test -f "$NET" || { echo "no trained network at $NET"; exit 1; }

echo "== 2. compile for loihi2"
echo "-- the default compile, exported to netx (expected: refused, naming the layer and --weight-exp 0):"
./spikeforge compile --network "$NET" --target loihi2 --calibrate yinyang --out "$OUT/yinyang-default.hwcfg.pb" | tail -1
./spikeforge export --config "$OUT/yinyang-default.hwcfg.pb" --format netx --out "$OUT/yinyang-default.net" || true
./spikeforge compile --network "$NET" --target loihi2 --weight-exp 0 --calibrate yinyang \
  --out "$OUT/yinyang-netx.hwcfg.pb" | tail -1
./spikeforge compile --network "$NET" --target loihi2 --dt 0.002 --calibrate yinyang \
  --out "$OUT/yinyang-native.hwcfg.pb" | tail -1

echo "== 3. encode $SAMPLES test samples as steps"
cat > "$OUT/YinYangStepInputs.java" <<'JEOF'
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

/** NET CFG N OUT.pb: the first N Yin-Yang test samples, encoded as in training, in the config's steps. */
public class YinYangStepInputs {
  public static void main(String[] a) throws Exception {
    Network net = ProtoFiles.readNetwork(Path.of(a[0]));
    HardwareConfig cfg = HardwareConfig.parseFrom(Files.readAllBytes(Path.of(a[1])));
    int n = Integer.parseInt(a[2]);
    var data = EncodedData.test(net, "yinyang");
    InputQuantizer steps = new InputQuantizer(cfg.getDt(), cfg.getNumSteps());
    SpikeDataset.Builder ds = SpikeDataset.newBuilder().setName("yinyang-test-steps");
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
    Files.write(Path.of(a[3]), ds.build().toByteArray());
  }
}
JEOF
for V in netx native; do
  java -cp "$JAR" "$OUT/YinYangStepInputs.java" "$NET" "$OUT/yinyang-$V.hwcfg.pb" "$SAMPLES" "$OUT/inputs-$V.pb"
  echo "-- float net vs emulator on the same samples ($V config):"
  ./spikeforge verify --network "$NET" --config "$OUT/yinyang-$V.hwcfg.pb" --dataset yinyang \
    --samples "$SAMPLES" --out "$OUT/verify-$V" | grep -iE "accuracy|agree" | head -4 || true
done

STATUS=0
for V in netx native; do
  echo "== 4. $V config through real Lava ($SAMPLES samples)"
  SAMPLES=$SAMPLES bench/lava_compat.sh "$LAVA_DIR" "$LAVA_DL_DIR" "$NIR_DIR" "$OUT/compat-$V" \
    "$OUT/yinyang-$V.hwcfg.pb" "$OUT/inputs-$V.pb" 2>&1 | grep -vE "^SLF4J" | tee "$OUT/compat-$V.log" \
    | grep -E "^sample|^RESULT|refused|Error|error" || true
  grep -q "RESULT .*: BIT-IDENTICAL" "$OUT/compat-$V.log" || STATUS=1
done
echo "== done; logs in $OUT/compat-{netx,native}.log"
exit $STATUS
