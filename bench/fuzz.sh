#!/usr/bin/env bash
# Fuzzes SpikeForge's file readers with Jazzer (coverage-guided, JAZZER_FUZZ=1), one JVM per reader,
# and prints how many inputs each survived. A normal `./mvnw verify` only replays the seeds; this
# script is the real fuzzing.
#
#   bench/fuzz.sh [-n RUNS] [-t SECONDS] [CLASS#METHOD ...]
#
#   -n RUNS     stop each reader after RUNS executions (default 10000)
#   -t SECONDS  and at the latest after SECONDS (default 150)
#   CLASS#METHOD  e.g. ProtoReadersFuzzTest#networkJson (class in org.spikeforge.fuzz); default: every reader
#
# Run it on an otherwise idle machine: each reader keeps one core busy. The JVM gets -Xmx1g, so an
# input that makes a reader allocate without bound fails as an OutOfMemoryError finding; an input
# that takes over 5 s fails as a timeout (FuzzContract.LIMIT). A finding is written by Jazzer into
# toolchain/src/test/resources/org/spikeforge/fuzz/CLASSInputs/METHOD/crash-*, where the normal
# test run replays it: fix the reader, keep the file as the regression seed. The generated corpus
# grows in toolchain/.cifuzz-corpus (git-ignored); delete it to start from the seeds again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=10000
secs=150
while getopts "n:t:" o; do
  case $o in
    n) runs=$OPTARG ;;
    t) secs=$OPTARG ;;
    *) sed -n '5,10p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
if ((${#targets[@]} == 0)); then
  for cls in ProtoReadersFuzzTest ExchangeReadersFuzzTest DataReadersFuzzTest; do
    for m in $(grep -A1 '@FuzzTest' "toolchain/src/test/java/org/spikeforge/fuzz/$cls.java" \
        | sed -n 's/^ *void \([a-zA-Z]*\)(.*/\1/p'); do
      targets+=("$cls#$m")
    done
  done
fi
junit=6.1.3
work=toolchain/target/fuzz
mkdir -p "$work"
offline=${FUZZ_MAVEN_FLAGS--o}
./mvnw $offline -B -q -pl toolchain -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$work/classpath.txt" -Dmdep.includeScope=test
./mvnw $offline -B -q dependency:copy \
  -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit -DoutputDirectory="$PWD/$work"
cp="$PWD/toolchain/target/test-classes:$PWD/toolchain/target/classes:$(cat "$work/classpath.txt")"
launcher="$PWD/$work/junit-platform-console-standalone-$junit.jar"
cd toolchain
status=0
printf '%-46s %10s %8s %s\n' reader executions seconds result
for t in "${targets[@]}"; do
  log="target/fuzz/${t/\#/.}.log"
  set +e
  JAZZER_FUZZ=1 JAZZER_MAX_EXECUTIONS=$runs JAZZER_MAX_DURATION=${secs}s \
    java -Xmx1g -Xss8m -Djava.awt.headless=true -cp "$launcher:$cp" org.junit.platform.console.ConsoleLauncher execute \
    --select-method "org.spikeforge.fuzz.$t(byte[])" --disable-banner --details=summary > "$log" 2>&1
  rc=$?
  set -e
  done_line=$(grep -a -E "^Done [0-9]+ runs in [0-9]+ second" "$log" | tail -1 || true)
  n=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\1/' <<< "$done_line")
  s=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\2/' <<< "$done_line")
  result=ok
  if ((rc != 0)) || grep -a -q -E '== Java Exception|tests failed *[1-9]|FuzzTestFindingException' "$log"; then
    result="FINDING (see toolchain/$log)"
    status=1
  fi
  printf '%-46s %10s %8s %s\n' "$t" "${n:-?}" "${s:-?}" "$result"
done
exit $status
