#!/usr/bin/env bash
# Checks SpikeForge's conv exports (Lava process graph and lava-dl netx) against the real Lava and lava-dl code.
#
#   bench/lava_conv_compat.sh LAVA_DIR LAVA_DL_DIR [OUT_DIR [CONFIG.hwcfg.pb [INPUTS.spikes.pb]]]
#
# Without CONFIG the built-in conv net below is used; with it (a loihi2 conv config, e.g. `spikeforge compile
# --target loihi2` of a trained conv net; --weight-exp 0 for netx), that config alone, with random inputs unless
# INPUTS (a SpikeDataset in steps) is given.
# Same needs as bench/lava_compat.sh (which calls this script): Debian python3 packages, protoc, the local
# var_model.py edit of docs/LAVA.md. SAMPLES (default 8) input samples at rate 0.2 per channel and step.
#
#  1. bench/lava_conv_check.py writes a small LIF_EXP conv Network (2x6x9 input, 3x2 kernel, stride (1, 2),
#     padding (1, 0), 2x1 sum pool, flatten, dense 4), compiled for loihi2 twice: with the automatic weight
#     exponent (Lava graph only: netx cannot carry it) and with --weight-exp 0 (Lava graph and netx);
#  2. exports each as .lava.pb (Lava's Conv process) and, where netx allows, as netx .net;
#  3. runs every sample in real Lava (Loihi2SimCfg(select_tag='fixed_pt')) through our graph and through
#     lava.lib.dl.netx.hdf5.Network, and compares every layer's spikes, every step and neuron, with the Java
#     emulator and with a numpy model that expands the conv and pool kernels independently.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n "2,21p" "$0"
  exit 64
fi
LAVA_DIR=$(cd "$1" && pwd)
LAVA_DL_DIR=$(cd "$2" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${3:-$ROOT/target/lava_conv_compat}
CONFIG_ARG=${4:-}
INPUTS_ARG=${5:-}
SAMPLES=${SAMPLES:-8}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=/usr/bin/python3
cd "$ROOT"
if [ -z "${SPIKEFORGE_CP:-}" ]; then
  ./mvnw -o -B -q -pl hw-backends -am test-compile >/dev/null
  ./mvnw -o -B -q -pl hw-backends -am compile org.codehaus.mojo:exec-maven-plugin:3.6.4:exec -Dexec.executable=echo \
    -Dexec.args='%classpath' -Dexec.classpathScope=test | grep -v '^\[' | tail -1 > "$OUT/cp.txt"
  SPIKEFORGE_CP="$(cat "$OUT/cp.txt")"
fi
tool() { java -cp "$SPIKEFORGE_CP" org.spikeforge.hw.export.ExchangeTool "$@"; }
emulate() { java -cp "$SPIKEFORGE_CP" org.spikeforge.hw.export.EmulatorTraceTool "$@"; }
mkdir -p "$OUT/pb2"
protoc -I proto/src/main/proto --python_out="$OUT/pb2" proto/src/main/proto/spikeforge/*.proto
export PYTHONPATH="$LAVA_DIR/src:$LAVA_DL_DIR/src:$ROOT/hw-backends/src/main/python:$OUT/pb2"
export SPIKEFORGE_PB2="$OUT/pb2"

if [ -z "$CONFIG_ARG" ]; then
  echo "== conv network, compiled for loihi2"
  $PY bench/lava_conv_check.py network "$OUT/conv.net.pb" 1
  tool compile-loihi2 "$OUT/conv.net.pb" 0.05 "$OUT/conv_auto.hwcfg.pb"
  tool compile-loihi2 "$OUT/conv.net.pb" 0.05 "$OUT/conv_e0.hwcfg.pb" 0
  CONFIGS="$OUT/conv_auto.hwcfg.pb $OUT/conv_e0.hwcfg.pb"
else
  CONFIGS="$CONFIG_ARG"
fi
STATUS=0
for CONFIG in $CONFIGS; do
  TAG=$(basename "$CONFIG" .hwcfg.pb)
  D="$OUT/$TAG"
  mkdir -p "$D"
  echo "== $TAG: exports"
  if [ -n "$INPUTS_ARG" ]; then
    cp "$INPUTS_ARG" "$D/inputs.pb"
  else
    tool demo-inputs "$CONFIG" 7 "$SAMPLES" 0.2 "$D/inputs.pb"
  fi
  tool lava "$CONFIG" "$D/net.lava.pb" source=bench/lava_conv_compat.sh
  rm -f "$D/net.net"
  tool netx "$CONFIG" "$D/net.net" || echo "(netx export refused for $TAG, as it must be for a nonzero weight_exp; netx is skipped for it)"
  rm -rf "$D/emulator"
  emulate "$CONFIG" "$D/inputs.pb" "$D/emulator"
  echo "== $TAG: real Lava (our graph, netx) vs emulator vs numpy, every layer, step and neuron"
  $PY bench/lava_conv_check.py compare "$CONFIG" "$D" "$SAMPLES" || STATUS=1
done
exit $STATUS
