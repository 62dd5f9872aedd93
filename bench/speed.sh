#!/usr/bin/env bash
# Training speed figures of issue 14: warmed-up samples/s of plain `train` runs, on one pinned core and on two
# threads, beside an embarrassingly parallel control loop measured in the same sitting.
#   bench/speed.sh [JAR]      (default: the toolchain's shaded jar, rebuilt when sources changed)
# Environment: EPOCHS_FM (default 4), EPOCHS_YY (default 12), REPS (interleaved repetitions, default 2), CORE (default 1).
# Warmed-up rate = median of the per-epoch rates after the first epoch (the first holds the JIT warm-up).
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
  python3 - "$tmp/log" "$label" <<'PY'
import re, statistics, sys
rates = [float(m.group(1)) for m in re.finditer(r"^epoch \d+ .* (\d+) samples/s$", open(sys.argv[1]).read(), re.M)]
warm = rates[1:] or rates
print(f"{sys.argv[2]}: {statistics.median(warm):.0f} samples/s warmed up (epochs 2..{len(rates)}: "
      f"{', '.join(f'{r:.0f}' for r in warm)}; epoch 1 {rates[0]:.0f})")
PY
}
fm=(--dataset fashion-mnist --model theta --hidden 100,100 --epochs "${EPOCHS_FM:-4}" --batch 1000 --lr 4e-3
  --lr-decay-every 100 --validation 0 --bias false --seed 1)
yy=(--dataset yinyang --model lif --tau 2 --threshold 1 --hidden 120 --epochs "${EPOCHS_YY:-12}" --batch 20 --lr 2e-3
  --lr-decay-every 40 --optimizer adam --clip 1 --tau0 0.5 --weight-scale 3 --weight-mean 2 --from-rest true
  --fire-weight 0.5 --fire-margin 0.15 --gap-weight 0.5 --gap-margin 0.1 --select-on spikes-only --seed 0)
echo "jar: $jar ($(date -u '+%F %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
for rep in $(seq 1 "${REPS:-2}"); do
  rate "theta 784-100-100-10 FM, 1 thread pinned to core $core" 1 1 "${fm[@]}"
  rate "LIF 4+1-120-3 Yin-Yang, 1 thread pinned to core $core" 1 1 "${yy[@]}"
  rate "theta 784-100-100-10 FM, 1 thread, unpinned" 0 1 "${fm[@]}"
  rate "theta 784-100-100-10 FM, 2 threads" 0 2 "${fm[@]}"
  rate "LIF 4+1-120-3 Yin-Yang, 1 thread, unpinned" 0 1 "${yy[@]}"
  rate "LIF 4+1-120-3 Yin-Yang, 2 threads" 0 2 "${yy[@]}"
  java bench/ParallelControl.java 5
done
