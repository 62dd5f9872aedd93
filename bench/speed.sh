#!/usr/bin/env bash
# Training speed figures of issue 14: warmed-up samples/s of plain `train` runs, on one pinned core and on two
# threads, beside an embarrassingly parallel control loop measured in the same sitting.
#   bench/speed.sh [JAR]      (default: the toolchain's shaded jar, rebuilt when sources changed)
# Environment: EPOCHS_FM (default 4), EPOCHS_YY (default 12), REPS (interleaved repetitions, default 2), CORE (default 1).
# Warmed-up rate = median of the per-epoch rates after the first epoch (the first holds the JIT warm-up). The LIF
# Yin-Yang epochs are short (5,000 samples): C2 needs about 4 of them to finish compiling the LIF loops (2026-12-07,
# loaded machine: epochs 1-4 at 5-9k samples/s, epochs 5-8 at 22-37k), so keep EPOCHS_YY >= 12 for its figure.
# Prints, per repetition, the issue-14 figures: samples/s on one pinned core (theta FM goal >= 30,000, LIF Yin-Yang
# goal >= 60,000), the 1 -> 2 thread ratio of each (goal >= 1.7x) and the control loop's ratio in the same sitting.
# The LIF runs use --chunk 10: with the recipe's batch 20 the default chunk of 25 samples makes one work unit per
# batch, which a second thread cannot share. The chunk fixes the gradient summation order, so 1 and 2 threads give
# the same bits with it, but not the same bits as the default chunk.
# Run it with no other heavy job on the machine (BUILD-NOTES.md, "Measuring speed on 2 shared cores").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar=${1:-toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar}
if [[ -z ${1:-} ]] && { [[ ! -f $jar ]] || [[ -n "$(find toolchain/src proto/src -newer "$jar" -type f -print -quit)" ]]; }; then
  ./mvnw -B -q -DskipTests package -pl toolchain -am >&2
fi
core=${CORE:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rate() { # LABEL PIN THREADS ARGS... : prints the median per-epoch samples/s after epoch 1
  local label=$1 pin=$2 threads=$3; shift 3
  local pre=()
  [[ $pin == 1 ]] && pre=(taskset -c "$core")
  "${pre[@]}" java -Djava.awt.headless=true -cp "$jar" org.spikeforge.cli.TrainCommand --threads "$threads" \
    --progress false --out "$tmp/run" "$@" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; return 1; }
  rm -rf "$tmp/run"
  python3 - "$tmp/log" "$label" "$tmp/rate" <<'PY'
import re, statistics, sys
rates = [float(m.group(1)) for m in re.finditer(r"^epoch \d+ .* (\d+) samples/s$", open(sys.argv[1]).read(), re.M)]
warm = rates[1:] or rates
print(f"{sys.argv[2]}: {statistics.median(warm):.0f} samples/s warmed up (epochs 2..{len(rates)}: "
      f"{', '.join(f'{r:.0f}' for r in warm)}; epoch 1 {rates[0]:.0f})")
open(sys.argv[3], "w").write(f"{statistics.median(warm):.6g}")
PY
}
ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}x')" "$1" "$2"; }
fm=(--dataset fashion-mnist --model theta --hidden 100,100 --epochs "${EPOCHS_FM:-4}" --batch 1000 --lr 4e-3
  --lr-decay-every 100 --validation 0 --bias false --seed 1)
yy=(--dataset yinyang --model lif --tau 2 --threshold 1 --hidden 120 --epochs "${EPOCHS_YY:-12}" --batch 20 --lr 2e-3
  --lr-decay-every 40 --optimizer adam --clip 1 --tau0 0.5 --weight-scale 3 --weight-mean 2 --from-rest true
  --fire-weight 0.5 --fire-margin 0.15 --gap-weight 0.5 --gap-margin 0.1 --select-on spikes-only --seed 0 --chunk 10)
echo "jar: $jar ($(date -u '+%F %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
for rep in $(seq 1 "${REPS:-2}"); do
  rate "theta 784-100-100-10 FM, 1 thread pinned to core $core" 1 1 "${fm[@]}"; fmPinned=$(<"$tmp/rate")
  rate "LIF 4+1-120-3 Yin-Yang, 1 thread pinned to core $core" 1 1 "${yy[@]}"; yyPinned=$(<"$tmp/rate")
  rate "theta 784-100-100-10 FM, 1 thread, unpinned" 0 1 "${fm[@]}"; fm1=$(<"$tmp/rate")
  rate "theta 784-100-100-10 FM, 2 threads" 0 2 "${fm[@]}"; fm2=$(<"$tmp/rate")
  rate "LIF 4+1-120-3 Yin-Yang, 1 thread, unpinned" 0 1 "${yy[@]}"; yy1=$(<"$tmp/rate")
  rate "LIF 4+1-120-3 Yin-Yang, 2 threads" 0 2 "${yy[@]}"; yy2=$(<"$tmp/rate")
  control=$(java bench/ParallelControl.java 5)
  echo "$control"
  printf 'summary %d: theta pinned %.0f samples/s (goal 30000), LIF pinned %.0f samples/s (goal 60000); 1 -> 2 threads: theta %s, LIF %s, control loop %s (goal 1.7x)\n' \
    "$rep" "$fmPinned" "$yyPinned" "$(ratio "$fm1" "$fm2")" "$(ratio "$yy1" "$yy2")" "${control##*ratio }"
done
