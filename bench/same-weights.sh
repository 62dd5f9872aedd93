#!/usr/bin/env bash
# Proof that a speed change left training unchanged: trains the same seeded recipe with two jars (or with 1 and 2
# threads of one jar) and compares the trained networks (model.net.json: every weight and state in round-trip
# precision; only the creation timestamp is left out) and the reported accuracies.
#   bench/same-weights.sh OLD.jar NEW.jar [fm|yy|both]     (default both; THREADS_OLD / THREADS_NEW, default 1)
# Environment: EPOCHS (default 2), LIMIT (training samples used, default 6000 for fm, all 5000 for yy).
# Exit code 0 when every compared pair is identical, 1 otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old=$1 new=$2 which=${3:-both}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fm=(--dataset fashion-mnist --model theta --hidden 100,100 --batch 1000 --lr 4e-3 --lr-decay-every 100 --validation 0
  --bias false --seed 1 --train-limit "${LIMIT:-6000}")
yy=(--dataset yinyang --model lif --tau 2 --threshold 1 --hidden 120 --batch 20 --lr 2e-3 --lr-decay-every 40
  --optimizer adam --clip 1 --tau0 0.5 --weight-scale 3 --weight-mean 2 --from-rest true --fire-weight 0.5
  --fire-margin 0.15 --gap-weight 0.5 --gap-margin 0.1 --select-on spikes-only --seed 0)
[[ -n ${LIMIT:-} ]] && yy+=(--train-limit "$LIMIT")
status=0
train() { # JAR THREADS OUT ARGS...
  local jar=$1 threads=$2 out=$3; shift 3
  java -Djava.awt.headless=true -cp "$jar" org.spikeforge.cli.TrainCommand --threads "$threads" --progress false \
    --epochs "${EPOCHS:-2}" --out "$out" "$@" > "$out.log" 2>&1 || { cat "$out.log" >&2; return 1; }
  grep -o 'test accuracy [0-9.]*%, spikes only [0-9.]*%' "$out.log" | head -1
}
compare() { # NAME ARGS...
  local name=$1; shift
  local a b
  a=$(train "$old" "${THREADS_OLD:-1}" "$tmp/$name-old" "$@")
  b=$(train "$new" "${THREADS_NEW:-1}" "$tmp/$name-new" "$@")
  if python3 - "$tmp/$name-old/model.net.json" "$tmp/$name-new/model.net.json" <<'PY'
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "createdAt"}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
a, b = (strip(json.load(open(f))) for f in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
  then
    echo "$name: trained weights identical; old $a; new $b"
  else
    echo "$name: trained weights DIFFER; old $a; new $b"
    status=1
  fi
}
[[ $which == fm || $which == both ]] && compare fm "${fm[@]}"
[[ $which == yy || $which == both ]] && compare yy "${yy[@]}"
exit $status
