#!/usr/bin/env bash
# Data-parallel training figures (issue 17 part 2): warmed-up samples/s of the theta 784-100-100-10 Fashion-MNIST net
# with --shards 2 in one JVM (1 thread), on Spark local[1] (1 executor slot: one task computes both shards) and on
# local[2] (2 tasks, one shard each), one Spark job per batch; plus Spark's cost per step. Needs the cluster jar
# (./spikeforge builds it). Usage: bench/spark_train.sh [EPOCHS] [TRAIN_LIMIT]
# MODES="l1 l2" runs only those of single, l1, l2; CLUSTER_JAR=FILE runs that cluster jar (e.g. a copy of an older
# build, to interleave two versions in one sitting) instead of ./spikeforge's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
epochs=${1:-4}
limit=${2:-20000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fm=(--dataset fashion-mnist --model theta --hidden 100,100 --batch 1000 --lr 4e-3 --lr-decay-every 100 --validation 0
  --bias false --seed 1 --train-limit "$limit" --epochs "$epochs" --shards 2 --progress false)
echo "$(date -u '+%F %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
# median samples/s and seconds of epochs 2..E from the epoch lines
rate() {
  python3 - "$1" "$2" <<'PY'
import re, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
ep = [(float(m.group(1)), float(m.group(2))) for l in lines
      for m in [re.match(r"epoch \d+ .* ([0-9.]+)s\s+(\d+) samples/s", l)] if m]
jobs = [float(m.group(1)) for l in lines for m in [re.search(r"([0-9.]+) ms per job", l)] if m]
spark = [float(m.group(1)) for l in lines for m in [re.search(r"([0-9.]+) ms of Spark per step", l)] if m]
warm = ep[1:] or ep
print(f"{sys.argv[2]}: {statistics.median(r for _, r in warm):.0f} samples/s warmed up, "
      f"{statistics.median(s for s, _ in warm):.3f} s per epoch (epochs 2..{len(ep)}: "
      f"{', '.join(f'{r:.0f}' for _, r in warm)})" + (f"; {statistics.median(jobs[1:] or jobs):.1f} ms per job" if jobs else "")
      + (f", {statistics.median(spark[1:] or spark):.1f} ms of Spark per step (epochs 2..: "
         f"{', '.join(f'{x:.1f}' for x in spark[1:])})" if spark else ""))
PY
}
modes=${MODES:-single l1 l2}
spark_train() {
  if [[ -n ${CLUSTER_JAR:-} ]]; then
    local opens=()
    for p in java.lang java.nio sun.nio.ch java.util java.lang.invoke sun.util.calendar; do
      opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
    done
    java -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED "${opens[@]}" -Xss8m \
      -cp "$CLUSTER_JAR:cluster/target/spark-jars/*" org.spikeforge.spark.SparkCli train "$@"
  else
    ./spikeforge train "$@"
  fi
}
for m in $modes; do
  case $m in
    single) ./spikeforge train "${fm[@]}" --threads 1 --out "$out/single" > "$out/single.log" 2>&1
            rate "$out/single.log" "single JVM, --shards 2, 1 thread" ;;
    l1) spark_train "${fm[@]}" --spark 'local[1]' --out "$out/l1" > "$out/l1.log" 2>&1
        rate "$out/l1.log" "spark local[1], 1 task per batch" ;;
    l2) spark_train "${fm[@]}" --spark 'local[2]' --out "$out/l2" > "$out/l2.log" 2>&1
        rate "$out/l2.log" "spark local[2], 2 tasks per batch" ;;
  esac
done
# the saved networks (JSON twins) equal apart from their creation time
for d in l1 l2; do
  [[ -d $out/single && -d $out/$d ]] || continue
  if diff <(grep -v createdAt "$out/single/model.net.json") <(grep -v createdAt "$out/$d/model.net.json") >/dev/null; then
    echo "model.net.json of $d equals the single-JVM one (creation time aside)"
  else
    echo "model.net.json of $d DIFFERS from the single-JVM one"
  fi
done
