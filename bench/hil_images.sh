#!/usr/bin/env bash
# Issue 18 item 6: hardware-in-the-loop fine-tuning at image scale. Trains a 784+1 -> 120 -> 10 LIF net on
# Fashion-MNIST (the size of the issue's 28x28 digit net), then runs `hil-finetune` on the mismatched loihi2
# reference board for every mismatch draw in DRAWS, and prints device accuracy before/after, the float accuracy
# (chip read-out), round-trips/s and wall time of each run.
#   bench/hil_images.sh      env: OUT (default runs/hil-images), EPOCHS (float training, default 3), DRAWS ("3 4 5"),
#                            HIL_ARGS (default "--epochs 2 --train-limit 2000 --test-limit 1000")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${OUT:-runs/hil-images}
./spikeforge version >/dev/null   # builds the jar if needed
mkdir -p "$out"
if [[ ! -f $out/train/model.net.pb ]]; then
  ./spikeforge train --dataset fashion-mnist --model lif --from-rest true --hidden 120 --epochs "${EPOCHS:-3}" \
    --progress false --out "$out/train" | tail -1
fi
for d in ${DRAWS:-3 4 5}; do
  rm -rf "$out/hil-d$d"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  ./spikeforge hil-finetune --network "$out/train/model.net.pb" --target loihi2 --device refboard --mismatch "$d" \
    --dataset fashion-mnist ${HIL_ARGS:---epochs 2 --train-limit 2000 --test-limit 1000} --progress false \
    --out "$out/hil-d$d" > "$out/hil-d$d.log" 2>&1 || { cat "$out/hil-d$d.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  python3 - "$out/hil-d$d/hil.json" "$d" "$(echo "$t1 - $t0" | bc -l)" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"draw {sys.argv[2]}: device {100*j['device_accuracy_before']:.2f}% -> {100*j['device_accuracy_after']:.2f}% "
      f"(float {100*j['float_accuracy']:.2f}%, kept epoch {j['best_epoch']}), "
      f"{j['device_round_trips_per_second']:.0f} round-trips/s, {float(sys.argv[3]):.1f} s wall")
PY
done
