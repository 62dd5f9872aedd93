#!/usr/bin/env bash
# Float-vs-emulator agreement over several seeds (issue 16 item 3: "the same must hold for every seed").
#
#   bench/verify_seeds.sh [OUT_DIR] [SEEDS...]        (default runs/verify-seeds, seeds 0 1 2 3 4)
#
# For each seed: the issue's dense Yin-Yang LIF net (`train --dataset yinyang --model lif --hidden 120 --epochs 100
# --seed S`), compiled for loihi2 with 8-bit weights and calibrated on Yin-Yang training samples
# (`compile --target loihi2 --weight-bits 8 --calibrate yinyang`, automatic dt), verified on the 1000 test samples.
# Prints one row per seed (float, emulator, difference, agreement, verify wall time) and the mean and worst.
# Extra train options can be given in TRAIN_OPTS, e.g. TRAIN_OPTS="--epochs 300 --lr-decay-every 80".
# QAT=1 adds, per seed, quantization-aware fine-tuning on the integer emulator (`hil-finetune --device emulator`,
# its defaults) and verifies the fine-tuned config against the same float network (second table) and against
# the fine-tuned float shadow network that hil-finetune writes beside it (third table).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-runs/verify-seeds}
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(0 1 2 3 4)
mkdir -p "$out"
./spikeforge version > /dev/null
read -r -a extra <<< "${TRAIN_OPTS:-}"
for s in "${seeds[@]}"; do
  d=$out/seed$s
  if [ ! -f "$d/model.net.pb" ]; then
    ./spikeforge train --dataset yinyang --model lif --hidden 120 --epochs 100 --seed "$s" --threads 2 \
      --progress false "${extra[@]}" --out "$d" > "$out/seed$s-train.log" 2>&1
  fi
  ./spikeforge compile --network "$d/model.net.pb" --target loihi2 --weight-bits 8 --calibrate yinyang \
    --out "$d/loihi2.hwcfg.pb" > "$out/seed$s-compile.log" 2>&1
  start=$(date +%s.%N)
  ./spikeforge verify --config "$d/loihi2.hwcfg.pb" --network "$d/model.net.pb" --dataset yinyang \
    --out "$d/verify" --overwrite > "$out/seed$s-verify.log" 2>&1
  end=$(date +%s.%N)
  echo "$s $(echo "$end - $start" | bc)" >> "$out/times.txt.tmp"
  if [ "${QAT:-0}" = 1 ]; then
    ./spikeforge hil-finetune --network "$d/model.net.pb" --target loihi2 --device emulator --dataset yinyang \
      --progress false --out "$d/qat" --overwrite > "$out/seed$s-qat.log" 2>&1
    ./spikeforge verify --config "$d/qat/finetuned.hwcfg.pb" --network "$d/model.net.pb" --dataset yinyang \
      --out "$d/qat-verify" --overwrite > "$out/seed$s-qat-verify.log" 2>&1
    ./spikeforge verify --config "$d/qat/finetuned.hwcfg.pb" --network "$d/qat/finetuned.net.pb" --dataset yinyang \
      --out "$d/qat-shadow-verify" --overwrite > "$out/seed$s-qat-shadow-verify.log" 2>&1
  fi
done
mv "$out/times.txt.tmp" "$out/times.txt"
/usr/bin/python3 - "$out" "${seeds[@]}" <<'PY'
import json, os, sys
out, seeds = sys.argv[1], sys.argv[2:]
times = dict(line.split() for line in open(out + "/times.txt"))


def table(name, sub):
    rows = []
    print(f"{name}:")
    print("| seed | float | emulator | difference | agreement | verify wall |")
    print("|---|---|---|---|---|---|")
    for s in seeds:
        v = json.load(open(f"{out}/seed{s}/{sub}/verify.json"))
        f, e, a = 100 * v["float_accuracy"], 100 * v["emulator_accuracy"], 100 * v["prediction_agreement"]
        rows.append((f, e, e - f, a))
        wall = f"{float(times[s]):.1f} s" if sub == "verify" else ""
        print(f"| {s} | {f:.2f} % | {e:.2f} % | {e - f:+.2f} pt | {a:.2f} % | {wall} |")
    n = len(rows)
    mean = [sum(r[i] for r in rows) / n for i in range(4)]
    print(f"| mean | {mean[0]:.2f} % | {mean[1]:.2f} % | {mean[2]:+.2f} pt | {mean[3]:.2f} % | |")
    print(f"| worst | {min(r[0] for r in rows):.2f} % | {min(r[1] for r in rows):.2f} % |"
          f" {min(r[2] for r in rows):+.2f} pt | {min(r[3] for r in rows):.2f} % | |")
    ok = all(r[2] >= -0.5 and r[3] >= 98.0 for r in rows)
    print("goal (every seed: emulator within 0.5 pt of float, agreement >= 98 %):", "met" if ok else "MISSED")


table("compile + verify", "verify")
if os.path.exists(f"{out}/seed{seeds[0]}/qat-verify/verify.json"):
    table("after hil-finetune --device emulator (QAT), verified against the same float net", "qat-verify")
    table("after QAT, verified against QAT's float shadow network (finetuned.net.pb)", "qat-shadow-verify")
PY
