#!/usr/bin/env bash
# Runs SpikeForge's exported Lava process graphs through real Lava and checks them against the
# Java emulator (hw-backends/src/test/python/test_spikeforge_lava.py):
#
#   bench/lava_loader.sh LAVA_DIR [OUT_DIR]
#
# LAVA_DIR is a checkout of lava-nc/lava (its src/ goes on PYTHONPATH; nothing is installed). With
# Debian's Python 3.11 it needs python3-numpy python3-scipy python3-networkx python3-asteval
# python3-protobuf, protoc (protobuf-compiler), and the var_model.py default_factory edit of
# docs/LAVA.md. Three hand-built 5 -> 8 -> 3 loihi2 configs (DemoLoihi2Config: mixed-sign, variant,
# saturating) are exported, with SAMPLES (default 4) random input samples each.
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n "2,12p" "$0"
  exit 64
fi
LAVA_DIR=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${2:-$ROOT/target/lava_loader}
STEPS=${STEPS:-60}
export SAMPLES=${SAMPLES:-4}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$ROOT"
./mvnw -o -B -q -pl hw-backends -am test-compile >/dev/null
# the test classpath, printed by the exec plugin the build already uses (works offline, where
# dependency:build-classpath may not be installed). Only up to `compile`: the board's own exec
# execution (process-classes) would read exec.args too. The last line is hw-backends'.
./mvnw -o -B -q -pl hw-backends -am compile org.codehaus.mojo:exec-maven-plugin:3.6.4:exec -Dexec.executable=echo \
  -Dexec.args='%classpath' -Dexec.classpathScope=test | grep -v '^\[' | tail -1 > "$OUT/cp.txt"
CP="$(cat "$OUT/cp.txt")"
tool() { java -cp "$CP" org.spikeforge.hw.export.ExchangeTool "$@"; }
mkdir -p "$OUT/pb2"
protoc -I proto/src/main/proto --python_out="$OUT/pb2" proto/src/main/proto/spikeforge/*.proto
CASES=""
for variant in mixed variant saturating; do
  D="$OUT/$variant"
  mkdir -p "$D"
  if [ "$variant" = mixed ]; then
    tool demo-config 1 5 8 3 "$STEPS" "$D/cfg.hwcfg.pb"
  else
    tool demo-config 1 5 8 3 "$STEPS" "$D/cfg.hwcfg.pb" "$variant"
  fi
  tool demo-inputs "$D/cfg.hwcfg.pb" 7 "$SAMPLES" 0.2 "$D/inputs.pb"
  tool lava "$D/cfg.hwcfg.pb" "$D/net.lava.pb" source=bench/lava_loader.sh
  rm -rf "$D/emulator"
  java -cp "$CP" org.spikeforge.hw.export.EmulatorTraceTool "$D/cfg.hwcfg.pb" "$D/inputs.pb" "$D/emulator"
  CASES="$CASES${CASES:+:}$D"
done
export SF_LAVA_CASES="$CASES" SPIKEFORGE_PB2="$OUT/pb2"
export PYTHONPATH="$LAVA_DIR/src:$ROOT/hw-backends/src/main/python:$OUT/pb2"
cd "$ROOT/hw-backends/src/test/python"
/usr/bin/python3 -m unittest -v test_spikeforge_lava
