#!/usr/bin/env bash
# The whole conv path of issue 16 on one LIF conv net, printing every figure on the way:
#   train (--arch)  ->  compile --target loihi2 --calibrate (shared kernels, 8-bit)  ->  verify (float vs emulator)
#   ->  deploy (board trace == emulator trace on DEPLOY_SAMPLES test samples)  ->  hil-finetune on the mismatched
#   loihi2 reference board for every draw in DRAWS (before, after, float; test split = hold-out: not trained on,
#   the kept epoch is chosen on the validation split)  ->  export (netx from the config, nir from the net; lava only
#   where the Lava process graph takes conv layers).
# Usage: bench/conv_path.sh [TRAIN_LIMIT] [EPOCHS] [TEST_LIMIT] [HIL_EPOCHS] [HIL_TRAIN]
#   defaults 1000 1 500 3 300 (minutes on 2 idle cores with ARCH conv5x5x8,pool2,dense10; the Fashion-MNIST figures
#   of the issue need TRAIN_LIMIT 0 (all), more epochs and TEST_LIMIT 0 (the full 10k test set)).
# Environment: DATASET (fashion-mnist; any train dataset, e.g. idx:DIR from bench/bars_idx.py), ARCH
#   (conv5x5x8,pool2,dense10: conv5x5x16,pool2 expands to 21 M pool synapses, above the reference board's 2^24 per
#   layer), OUT (runs/conv_path), THREADS (2), DRAWS (mismatch seeds, "1 2 3 4 5"), GAIN_SIGMA (0.05), THRESHOLD_SIGMA
#   (0.02), DEPLOY_SAMPLES (20), NET (skip training, use this network file).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
train_limit=${1:-1000}
epochs=${2:-1}
test_limit=${3:-500}
hil_epochs=${4:-3}
hil_train=${5:-300}
ds=${DATASET:-fashion-mnist}
arch=${ARCH:-conv5x5x8,pool2,dense10}
out=${OUT:-runs/conv_path}
threads=${THREADS:-2}
draws=${DRAWS:-1 2 3 4 5}
deploy_n=${DEPLOY_SAMPLES:-20}
jar=toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar
if [[ ! -f $jar ]] || [[ -n "$(find toolchain/src hw-backends/src emulator/src proto/src -newer "$jar" -type f -print -quit)" ]]; then
  ./mvnw -B -q -DskipTests package -pl toolchain -am >&2
fi
sf() { java -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }
mkdir -p "$out"
net=${NET:-$out/train/model.net.pb}
if [[ -z ${NET:-} ]]; then
  echo "== train --dataset $ds --model lif --arch $arch --train-limit $train_limit --epochs $epochs" >&2
  t0=$(date +%s)
  sf train --dataset "$ds" --model lif --arch "$arch" --train-limit "$train_limit" --epochs "$epochs" \
    --threads "$threads" --seed 0 --progress false --overwrite --out "$out/train" > "$out/train.log"
  python3 - "$out/train/report.json" "$(( $(date +%s) - t0 ))" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print("train: float test %.2f %% (pseudospikes), %.2f %% (chip read-out: spikes only); %s s" % (
    100 * r["test_accuracy"], 100 * r["test_accuracy_spikes_only"], sys.argv[2]))
EOF
fi
cfg=$out/conv.hwcfg.pb
echo "== compile --target loihi2 --calibrate $ds" >&2
sf compile --network "$net" --target loihi2 --calibrate "$ds" --calibration-samples 200 --out "$cfg" > "$out/compile.log"
grep -E "^(total|wrote)" "$out/compile.log" | sed 's/^/compile: /'
echo "== verify (first $test_limit test samples)" >&2
t0=$(date +%s)
sf verify --network "$net" --config "$cfg" --dataset "$ds" --samples "$test_limit" --threads "$threads" --overwrite \
  --out "$out/verify" > "$out/verify.log"
python3 - "$out/verify/verify.json" "$(( $(date +%s) - t0 ))" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
print("verify: %d samples, float %.2f %%, emulator %.2f %%, agreement %.2f %%; %s s" % (v["samples"],
      100 * v["float_accuracy"], 100 * v["emulator_accuracy"], 100 * v["prediction_agreement"], sys.argv[2]))
EOF
echo "== deploy: $deploy_n test samples on the reference board vs the emulator" >&2
mkdir -p "$out/deploy"
sf encode --network "$net" --dataset "$ds" --config "$cfg" --count "$deploy_n" --out "$out/deploy/in.spikes.pb" \
  > /dev/null
same=0
for f in "$out"/deploy/in-*.spikes.pb; do
  b=${f%.spikes.pb}
  sf deploy --config "$cfg" --device refboard --inputs "$f" --out "$b.board.trace.json" > /dev/null
  sf emulate --config "$cfg" --inputs "$f" --record-layer all --out "$b.emu.trace.json" > /dev/null
  if python3 - "$b.board.trace.json" "$b.emu.trace.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
spikes = lambda t: [(p.get("name"), [s.get("steps", []) for s in p.get("spikes", [])]) for p in t.get("populations", [])]
sys.exit(0 if spikes(a) == spikes(b) else 1)
EOF
  then same=$((same + 1)); fi
done
echo "deploy: $same of $(ls "$out"/deploy/in-*.spikes.pb | wc -l) samples with board spikes == emulator spikes (every layer)"
echo "== hil-finetune on the mismatched loihi2 reference board, draws: $draws" >&2
for d in $draws; do
  sf hil-finetune --network "$net" --target loihi2 --device refboard --mismatch "$d" \
    --gain-sigma "${GAIN_SIGMA:-0.05}" --threshold-sigma "${THRESHOLD_SIGMA:-0.02}" --dataset "$ds" \
    --epochs "$hil_epochs" --train-limit "$hil_train" --test-limit "$test_limit" --progress false --overwrite \
    --out "$out/hil-d$d" > "$out/hil-d$d.log"
  python3 - "$out/hil-d$d/hil.json" "$d" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1]))
f, b, a = h["float_accuracy"], h["device_accuracy_before"], h["device_accuracy_after"]
print("hil draw %s: float %.2f %%, board before %.2f %%, after %.2f %% (gap to float %+.2f pt), %.0f round-trips/s" % (
    sys.argv[2], 100 * f, 100 * b, 100 * a, 100 * (a - f), h["device_round_trips_per_second"]))
EOF
done
echo "== export" >&2
# netx derives only weight exponents <= 0: its config is compiled with --weight-exp 0
sf compile --network "$net" --target loihi2 --calibrate "$ds" --calibration-samples 200 --weight-exp 0 \
  --out "$out/conv-exp0.hwcfg.pb" > /dev/null
sf export --format netx --config "$out/conv-exp0.hwcfg.pb" --out "$out/conv.net" | tail -1 | sed 's/^/export netx: /'
sf export --format nir --network "$net" --out "$out/conv.nir" | tail -1 | sed 's/^/export nir: /'
if sf export --format lava --config "$cfg" --out "$out/conv.lava.pb" > "$out/lava.log" 2>&1; then
  tail -1 "$out/lava.log" | sed 's/^/export lava: /'
else
  echo "export lava: refused: $(tail -1 "$out/lava.log")"
fi
