#!/usr/bin/env bash
# End-to-end `spikeforge emulate` speed on the issue-4 100 -> 100 loihi2 net (10 of 100 inputs per step, the
# net real Lava's fixed_pt runs at 870-1,040 steps/s): steps/s = (N - 10) / (wall(N steps) - wall(10 steps)),
# both runs reading the same N-step input file, so JVM start-up and file opening cancel out.
#   bench/emulate_speed.sh [STEPS=100000] [REPS=3]      env: JSON=1 also times the JSON input/trace path
# Prints one line per format and the median over REPS interleaved repeats.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-100000}"
reps="${2:-3}"
jar="$here/toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar"
"$here/spikeforge" version >/dev/null   # builds the jar if needed
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp "$jar" "$here/bench/EmulateSpeedInputs.java" "$work" "$steps" ${JSON:+json}
cfg="$work/net100.hwcfg.pb"

wall() { # wall seconds of one emulate run
  local t0 t1
  t0=$(date +%s.%N)
  "$here/spikeforge" emulate --config "$cfg" "$@" >/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A rates
cases=(bin-spikes bin-none bin-voltages)
[[ -n "${JSON:-}" ]] && cases+=(json-spikes)
for ((r = 0; r < reps; r++)); do
  for c in "${cases[@]}"; do
    case $c in
      bin-spikes) a=(--inputs "$work/in.spikes.bin" --out "$work/t.trace.bin") ;;
      bin-none) a=(--inputs "$work/in.spikes.bin" --record none) ;;
      bin-voltages) a=(--inputs "$work/in.spikes.bin" --out "$work/t.trace.bin" --record spikes,voltages) ;;
      json-spikes) a=(--inputs "$work/in.spikes.json" --out "$work/t.trace.json") ;;
    esac
    short=$(wall "${a[@]}" --steps 10)
    long=$(wall "${a[@]}" --steps "$steps")
    rate=$(echo "($steps - 10) / ($long - $short)" | bc -l)
    printf '%-13s rep %d: 10 steps %.3f s, %d steps %.3f s -> %.0f steps/s\n' "$c" "$r" "$short" "$steps" "$long" "$rate"
    rates[$c]+="$rate "
  done
done
echo "median steps/s over $reps repeats ($steps steps, load $(cut -d' ' -f1-3 /proc/loadavg)):"
for c in "${cases[@]}"; do
  printf '  %-13s %.0f\n' "$c" "$(tr ' ' '\n' <<<"${rates[$c]}" | grep . | median)"
done
