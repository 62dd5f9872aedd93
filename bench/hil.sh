#!/usr/bin/env bash
# Hardware-in-the-loop fine-tuning figures (issue 6): a LIF Yin-Yang net (bench/train.sh's yinyang-lif recipe),
# compiled for loihi2 (dt 0.01, 8-bit weights) and fine-tuned on the reference board
#   1. with mismatch (per-synapse weight gain noise, sigma GAIN_SIGMA, seed 7): does HIL bring the board to float?
#   2. without mismatch: does HIL recover the 8-bit quantization loss?
# Usage: bench/hil.sh   Environment: OUT (default runs/hil), EPOCHS (HIL epochs, default 20), GAIN_SIGMA (0.1),
#        THRESHOLD_SIGMA (0), LR (5e-4), NET (skip training and use this network file).
# Prints one summary line per run from its hil.json; curves are in OUT/*/hil.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${OUT:-runs/hil}
epochs=${EPOCHS:-20}
jar=toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar
if [[ ! -f $jar ]] || [[ -n "$(find toolchain/src hw-backends/src emulator/src proto/src -newer "$jar" -type f -print -quit)" ]]; then
  ./mvnw -B -q -DskipTests package -pl toolchain -am >&2
fi
sf() { java -Djava.awt.headless=true -jar "$jar" "$@"; }
net=${NET:-$out/train/model.net.pb}
if [[ -z ${NET:-} ]]; then
  echo "== train: LIF 4+1 -> 120 -> 3 on Yin-Yang" >&2
  java -Djava.awt.headless=true -cp "$jar" org.spikeforge.cli.TrainCommand --progress false --out "$out/train" \
    --dataset yinyang --model lif --tau 1 --threshold 1 --hidden 120 --epochs 300 --batch 50 --lr 1e-3 \
    --optimizer adam --clip 1 --weight-scale 3 --weight-mean 2 --restore-best true --seed 1 >&2
fi
hil() { # NAME ARGS...
  local name=$1; shift
  echo "== $name: hil-finetune $*" >&2
  sf hil-finetune --network "$net" --target loihi2 --device refboard --dataset yinyang --dt 0.01 \
    --epochs "$epochs" --lr "${LR:-5e-4}" --out "$out/$name" "$@" >&2
  python3 - "$out/$name/hil.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
acc = r["device_accuracy_per_epoch"]
best = max(range(len(acc)), key=lambda i: acc[i])
print(f"{sys.argv[2]}: float {100*r['float_accuracy']:.2f}%  device before {100*r['device_accuracy_before']:.2f}%"
      f"  after {100*r['device_accuracy_after']:.2f}% ({len(acc)-1} epochs; best {100*acc[best]:.2f}% at epoch {best})"
      f"  {r['device_round_trips_per_second']:.0f} round-trips/s  weights written/epoch "
      f"{r['weights_written_per_epoch'][1:]} of {r['total_weights']}")
PY
}
hil mismatch --mismatch 7 --gain-sigma "${GAIN_SIGMA:-0.1}" --threshold-sigma "${THRESHOLD_SIGMA:-0}"
hil ideal
