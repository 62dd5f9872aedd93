#!/usr/bin/env bash
# Checks SpikeForge's Lava, netx and NIR exports against the real Lava, lava-dl and NIR code.
#
#   bench/lava_compat.sh LAVA_DIR LAVA_DL_DIR NIR_DIR [OUT_DIR] [CONFIG.hwcfg.pb [INPUTS.spikes.pb]]
#
# LAVA_DIR, LAVA_DL_DIR and NIR_DIR are checkouts of lava-nc/lava, lava-nc/lava-dl and
# neuromorphs/NIR (their src/ or package folders are put on PYTHONPATH; nothing is installed).
# Without CONFIG, a hand-built 5 -> 8 -> 3 loihi2 LIF config with random 8-bit weights is used
# (DemoLoihi2Config) with two variants; INPUTS is a SpikeDataset in steps (default: random spikes).
#
# Steps:
#  1. export the config as .lava.pb and as netx .net, and random input samples;
#  2. run every sample through real Lava twice: our graph via spikeforge_lava.py, and the .net via
#     lava.lib.dl.netx.hdf5.Network, both with Loihi2SimCfg(select_tag='fixed_pt');
#  3. compare the spikes, every step and neuron, with the Java emulator's trace
#     (org.spikeforge.emulator.Emulator) and an independent numpy implementation of
#     docs/TARGET-SEMANTICS.md (hidden layers: our graph via --record-all, emulator, numpy);
#  4. conv (before NIR): bench/lava_conv_compat.sh (a conv / sum-pool / flatten / dense net through our graph, which uses
#     Lava's Conv process, and through netx, every layer against the emulator and numpy, plus controls);
#  5. NIR: our .nir must load with nir.read; graphs written by nir.write must import into a
#     Network (CubaLIF -> LIF_EXP; plain LIF -> LIF_DELTA, compiled for loihi2 and emulated against
#     a numpy simulation of NIR's LIF equations); a graph with unmappable nodes must be refused naming them.
#
# Needs /usr/bin/python3 with Debian's python3-numpy python3-h5py python3-protobuf python3-scipy
# python3-asteval python3-networkx python3-opencv python3-torch python3-torchvision (netx imports slayer,
# which needs it), and protoc (protobuf-compiler)
# matching the Python protobuf runtime. Lava on Python 3.11 needs the local var_model.py
# default_factory edit described in docs/LAVA.md; NIR needs a nir-*.dist-info entry on the path.
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n "2,29p" "$0"
  exit 64
fi
LAVA_DIR=$(cd "$1" && pwd)
LAVA_DL_DIR=$(cd "$2" && pwd)
NIR_DIR=$(cd "$3" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${4:-$ROOT/target/lava_compat}
CONFIG=${5:-}
INPUTS=${6:-}
SAMPLES=${SAMPLES:-8}
STEPS=${STEPS:-60}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=/usr/bin/python3

cd "$ROOT"
echo "== build (offline) and classpath"
./mvnw -o -B -q -pl hw-backends -am test-compile >/dev/null
# the test classpath, printed by the exec plugin (offline, where dependency:build-classpath may not be
# installed); only up to `compile`, since the board's exec execution would read exec.args too
./mvnw -o -B -q -pl hw-backends -am compile org.codehaus.mojo:exec-maven-plugin:3.6.4:exec -Dexec.executable=echo \
  -Dexec.args='%classpath' -Dexec.classpathScope=test | grep -v '^\[' | tail -1 > "$OUT/cp.txt"
CP="$(cat "$OUT/cp.txt")"
tool() { java -cp "$CP" org.spikeforge.hw.export.ExchangeTool "$@"; }
emulate() { java -cp "$CP" org.spikeforge.hw.export.EmulatorTraceTool "$@"; }

echo "== python bindings for the schema (protoc $(protoc --version | cut -d' ' -f2))"
mkdir -p "$OUT/pb2"
protoc -I proto/src/main/proto --python_out="$OUT/pb2" proto/src/main/proto/spikeforge/*.proto

export PYTHONPATH="$LAVA_DIR/src:$LAVA_DL_DIR/src:$NIR_DIR:$ROOT/hw-backends/src/main/python:$OUT/pb2:${NIR_META_DIR:-}"
export SPIKEFORGE_PB2="$OUT/pb2"

if [ -z "$CONFIG" ]; then
  tool demo-config 1 5 8 3 "$STEPS" "$OUT/demo.hwcfg.pb"
  tool demo-config 1 5 8 3 "$STEPS" "$OUT/variant.hwcfg.pb" variant
  tool demo-config 1 5 8 3 "$STEPS" "$OUT/saturating.hwcfg.pb" saturating
  CONFIGS="$OUT/demo.hwcfg.pb $OUT/variant.hwcfg.pb $OUT/saturating.hwcfg.pb"
else
  CONFIGS="$CONFIG"
fi
STATUS=0
for CONFIG in $CONFIGS; do
TAG=$(basename "$CONFIG" .hwcfg.pb)
D="$OUT/$TAG"
mkdir -p "$D"
echo "== exports of $CONFIG"
if [ -n "$INPUTS" ]; then
  cp "$INPUTS" "$D/inputs.pb"
else
  tool demo-inputs "$CONFIG" 7 "$SAMPLES" 0.2 "$D/inputs.pb"
fi
tool lava "$CONFIG" "$D/net.lava.pb" source=bench/lava_compat.sh
tool lava "$CONFIG" "$D/net.lava.json" source=bench/lava_compat.sh
rm -f "$D/net.net"
tool netx "$CONFIG" "$D/net.net" || echo "(netx export refused for $TAG; netx is skipped for it)"

rm -rf "$D/emulator"
emulate "$CONFIG" "$D/inputs.pb" "$D/emulator"

echo "== $TAG: Lava (our loader) vs netx vs numpy reference, every step and neuron"
$PY - "$CONFIG" "$D" "$SAMPLES" <<'PYEOF' || STATUS=1
import os, sys
import numpy as np
import spikeforge_lava as sfl
from spikeforge import hardware_pb2, spikes_pb2

cfg_path, out, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = hardware_pb2.HardwareConfig()
cfg.ParseFromString(open(cfg_path, "rb").read())
T = cfg.num_steps
M = 1 << 23  # Lava's max_uv_val (PyLifModelBitAcc): u wraps past +-M, v saturates to [-M+1, M-1]

def trunc0(x):
    return np.sign(x) * (np.abs(x) >> 12)

peak = {}

def reference(data):
    """docs/TARGET-SEMANTICS.md loihi2, written independently of Lava and of the Java emulator.

    The 24-bit limits use Lava's value M = 2^23 (the document's MAX = 2^23 - 1 is off by one)."""
    hist = {"input": data.astype(np.int64)}
    state = {}
    peak.clear()
    for l in cfg.layers:
        p = l.loihi2
        w = np.array(l.weights, dtype=np.int64).reshape(l.size, l.fan_in)
        mixed = p.sign_mode == 2
        inhibitory = p.sign_mode == 4
        lo, hi = (-256, 255) if mixed else ((-255, 0) if inhibitory else (0, 255))
        k = 8 - p.num_weight_bits + (1 if mixed else 0)
        w = np.clip(w, lo, hi)
        w = -((-w >> k) << k) if inhibitory else (w >> k) << k  # Lava truncates inhibitory magnitudes
        bias = np.array(p.bias_mant or [0] * l.size, dtype=np.int64)
        bias = bias << p.bias_exp if p.bias_exp >= 0 else bias >> -p.bias_exp
        state[l.name] = dict(w=w, u=np.array(p.u_init or [0] * l.size, dtype=np.int64),
                             v=np.array(p.v_init or [0] * l.size, dtype=np.int64), bias=bias)
        hist[l.name] = np.zeros((l.size, T), dtype=np.int64)
        peak[l.name] = [0, 0]
    for t in range(T):
        for l in cfg.layers:
            p, s = l.loihi2, state[l.name]
            src_t = t - l.input_delay
            spikes = hist[l.source][:, src_t] if src_t >= 0 else np.zeros(l.fan_in, dtype=np.int64)
            a = s["w"] @ spikes
            a = a << p.weight_exp if p.weight_exp >= 0 else a >> -p.weight_exp
            u = trunc0(s["u"] * (4096 - (p.du + 1))) + (a << 6)
            u = np.where(u > M, u - 2 * M, np.where(u <= -M, u + 2 * M, u))
            v = trunc0(s["v"] * (4096 - p.dv)) + u + s["bias"]
            v = np.clip(v, -M + 1, M - 1)
            fired = v > (p.vth << 6)
            v = np.where(fired, 0, v)
            s["u"], s["v"] = u, v
            peak[l.name][0] = max(peak[l.name][0], int(np.abs(u).max()))
            peak[l.name][1] += int(np.sum(np.abs(v) == M - 1))
            hist[l.name][:, t] = fired
    return hist

def run_netx(path, data):
    from lava.lib.dl import netx
    from lava.proc.io.source import RingBuffer as Source
    from lava.proc.io.sink import RingBuffer as Sink
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg
    net = netx.hdf5.Network(net_config=path)
    src = Source(data=data)
    sink = Sink(shape=net.out.shape, buffer=T)
    src.s_out.connect(net.inp)
    net.out.connect(sink.a_in)
    net.run(condition=RunSteps(num_steps=T), run_cfg=Loihi2SimCfg(select_tag="fixed_pt"))
    try:
        return np.asarray(sink.data.get()).astype(np.int64)
    finally:
        net.stop()

graph = sfl.read_graph(os.path.join(out, "net.lava.pb"))
graph_json = sfl.read_graph(os.path.join(out, "net.lava.json"))
assert graph == graph_json, "JSON and binary graphs differ"
out_layer = [l.name for l in cfg.layers if l.output][-1]
emu_dir = os.path.join(out, "emulator")
all_ok = True
total_spikes = 0
hidden_spikes = 0
labels = sfl_labels = None
try:
    ds = spikes_pb2.SpikeDataset()
    ds.ParseFromString(open(os.path.join(out, "inputs.pb"), "rb").read())
    labels = [s.label for s in ds.samples]
except Exception:
    labels = None
pred_agree = 0
pred_correct = {}

def predict(m):
    """Earliest output spike wins, ties to the lowest index, silent outputs last (OutputDecoder's rule)."""
    first = [int(np.argmax(row > 0)) if row.any() else m.shape[1] for row in m]
    return int(np.argmin(first))
for k in range(samples):
    data = sfl.read_inputs(os.path.join(out, "inputs.pb"), k, cfg.num_inputs, T)
    ref_all = reference(data)
    ref = ref_all[out_layer]
    lava_all = sfl.run(graph, data, record_all=True)
    lava = lava_all[out_layer].astype(np.int64)
    rows = [(out_layer + " lava-graph", lava)]
    if os.path.exists(os.path.join(out, "net.net")):
        rows.append((out_layer + " netx", run_netx(os.path.join(out, "net.net"), data)))
    trace = spikes_pb2.Trace()
    trace.ParseFromString(open(os.path.join(emu_dir, "sample%d.trace.pb" % k), "rb").read())
    emu = {}
    for pop in trace.populations:
        m = np.zeros((len(pop.spikes), T), dtype=np.int64)
        for n, train in enumerate(pop.spikes):
            for st in train.steps:
                m[n, st] += 1
        emu[pop.name] = m
    rows.append((out_layer + " emulator", emu[out_layer]))
    verdicts = []
    for l in cfg.layers:
        if not l.output:
            same = np.array_equal(emu[l.name], ref_all[l.name])
            all_ok &= same
            verdicts.append("%s emulator=%s" % (l.name, "identical" if same else "DIFFERS"))
    for l in cfg.layers:
        if not l.output:
            same = np.array_equal(lava_all[l.name].astype(np.int64), ref_all[l.name])
            all_ok &= same
            verdicts.append("%s (%d spikes) lava-graph=%s" % (l.name, ref_all[l.name].sum(), "identical" if same else "DIFFERS"))
    for name, got in rows:
        same = got.shape == ref.shape and np.array_equal(got, ref)
        all_ok &= same
        if same:
            verdicts.append("%s=identical" % name)
        else:
            diff = np.argwhere(got != ref) if got.shape == ref.shape else "shape %s vs %s" % (got.shape, ref.shape)
            verdicts.append("%s=DIFFERS first at (neuron, step) %s" % (name, diff[0].tolist() if not isinstance(diff, str) else diff))
    total_spikes += int(ref.sum())
    hidden_spikes += sum(int(ref_all[l.name].sum()) for l in cfg.layers if not l.output)
    preds = [(name.split(" ", 1)[1], predict(got)) for name, got in rows if got.shape == ref.shape]
    same_pred = len(set(p for _, p in preds)) == 1
    pred_agree += same_pred
    label = labels[k] if labels is not None and k < len(labels) else -1
    for name, p in preds:
        pred_correct[name] = pred_correct.get(name, 0) + (p == label)
    verdicts.append("prediction %s label %d%s" % (" ".join("%s=%d" % np for np in preds), label,
                                                  "" if same_pred else " PREDICTIONS DIFFER"))
    for l in cfg.layers:
        verdicts.append("%s max|u| %d, v at limit in %d cells" % (l.name, peak[l.name][0], peak[l.name][1]))
    print("sample %d: %d output spikes (%s) in %d steps x %d neurons; %s"
          % (k, ref.sum(), ",".join(str(int(x)) for x in ref.sum(axis=1)), T, ref.shape[0], "; ".join(verdicts)))
print("RESULT lava-graph/netx/emulator vs numpy reference: %s (%d samples, %d output spikes compared over %d step-neuron cells each)"
      % ("BIT-IDENTICAL" if all_ok else "NOT IDENTICAL", samples, total_spikes, T * len(ref)))
print("RESULT %d hidden spikes compared; predictions (earliest output spike) equal on all sides in %d/%d samples;"
      " correct vs label: %s" % (hidden_spikes, pred_agree, samples,
                                 ", ".join("%s %d/%d" % (n, c, samples) for n, c in pred_correct.items())))
sys.exit(0 if all_ok else 1)
PYEOF
done

echo "== conv nets in real Lava and lava-dl (Lava's Conv in our graph, netx conv blocks): bench/lava_conv_compat.sh"
SPIKEFORGE_CP="$CP" SAMPLES="$SAMPLES" bash "$ROOT/bench/lava_conv_compat.sh" "$LAVA_DIR" "$LAVA_DL_DIR" "$OUT/conv" || STATUS=1
tool demo-network 5 "$OUT/lif.net.pb"
tool nir "$OUT/lif.net.pb" "$OUT/lif.nir" 0.01

echo "== NIR: nir.read of our file, nir.write graphs into our importer"
$PY - "$OUT" <<'PYEOF'
import sys, os
import numpy as np
import nir
out = sys.argv[1]
g = nir.read(os.path.join(out, "lif.nir"))
print("nir.read ok: nodes", sorted((k, type(v).__name__) for k, v in g.nodes.items()))
print("edges", g.edges)
h = g.nodes["hidden"]
print("hidden tau_mem %s tau_syn %s w_in %s v_threshold %s" % (h.tau_mem[0], h.tau_syn[0], h.w_in[0], h.v_threshold[0]))
# A graph written by NIR itself: Input -> Affine(bias 0) -> CubaLIF -> Linear -> CubaLIF -> Output.
rng = np.random.default_rng(3)
n_in, n_h, n_o = 3, 5, 2
tau = np.float32(4.0)
def cuba(n, thr):
    return nir.CubaLIF(tau_syn=np.full(n, tau / 2, np.float32), tau_mem=np.full(n, tau, np.float32),
                       r=np.ones(n, np.float32), v_leak=np.zeros(n, np.float32),
                       v_threshold=np.full(n, thr, np.float32), w_in=np.full(n, 0.5, np.float32))
w1 = rng.normal(size=(n_h, n_in)).astype(np.float32)
w2 = rng.normal(size=(n_o, n_h)).astype(np.float32)
graph = nir.NIRGraph(nodes={
    "in": nir.Input(input_type=np.array([n_in])),
    "fc1": nir.Affine(weight=w1, bias=np.zeros(n_h, np.float32)),
    "lif1": cuba(n_h, 1.0),
    "fc2": nir.Linear(weight=w2),
    "lif2": cuba(n_o, 1.0),
    "out": nir.Output(output_type=np.array([n_o])),
}, edges=[("in", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "lif2"), ("lif2", "out")])
nir.write(os.path.join(out, "from_nir.nir"), graph)
np.save(os.path.join(out, "from_nir_w1.npy"), w1)
# Plain LIF (no synaptic current): tau dv/dt = (v_leak - v) + r I, imported as LIF_DELTA.
tau_p = 2.0
r_p = rng.uniform(0.5, 2.0, size=n_h).astype(np.float32)
th_p = rng.uniform(0.8, 1.2, size=n_h).astype(np.float32)
plain = nir.NIRGraph(nodes={
    "in": nir.Input(input_type=np.array([n_in])),
    "fc": nir.Linear(weight=np.abs(w1)),
    "plain_lif": nir.LIF(tau=np.full(n_h, tau_p, np.float32), r=r_p, v_leak=np.zeros(n_h, np.float32),
                         v_threshold=th_p),
    "out": nir.Output(output_type=np.array([n_h])),
}, edges=[("in", "fc"), ("fc", "plain_lif"), ("plain_lif", "out")])
nir.write(os.path.join(out, "plain_lif.nir"), plain)
np.savez(os.path.join(out, "plain_lif.npz"), w=np.abs(w1), r=r_p, th=th_p, tau=tau_p)
bad = nir.NIRGraph(nodes={
    "in": nir.Input(input_type=np.array([n_in])),
    "fc": nir.Linear(weight=w1),
    "if_node": nir.IF(r=np.ones(n_h, np.float32), v_threshold=np.ones(n_h, np.float32)),
    "out": nir.Output(output_type=np.array([n_h])),
}, edges=[("in", "fc"), ("fc", "if_node"), ("if_node", "out")])
nir.write(os.path.join(out, "unmappable.nir"), bad)
print("nir.write ok")
PYEOF
echo "-- import of the nir.write graph (w_in/tau_syn = 0.25 folded into the weights):"
tool nir-import "$OUT/from_nir.nir" "$OUT/from_nir.net.pb" | head -c 600; echo
echo "-- import of a plain-LIF graph written by nir.write (LIF_DELTA), loihi2 compile, emulator vs numpy NIR LIF:"
tool nir-import "$OUT/plain_lif.nir" "$OUT/plain_lif.net.pb" 4.0 | head -c 400; echo
tool compile-loihi2 "$OUT/plain_lif.net.pb" 0.05 "$OUT/plain_lif.hwcfg.pb"
tool compile-loihi2 "$OUT/plain_lif.net.pb" 0.05 "$OUT/plain_lif_e0.hwcfg.pb" 0  # netx-exportable (--weight-exp 0)
tool demo-inputs "$OUT/plain_lif.hwcfg.pb" 11 "$SAMPLES" 0.15 "$OUT/plain_lif.inputs.pb"
rm -rf "$OUT/plain_lif.emulator"
emulate "$OUT/plain_lif.hwcfg.pb" "$OUT/plain_lif.inputs.pb" "$OUT/plain_lif.emulator"
$PY - "$OUT" "$SAMPLES" <<'PYEOF' || STATUS=1
import os, sys
import numpy as np
from spikeforge import hardware_pb2, spikes_pb2
out, samples = sys.argv[1], int(sys.argv[2])
p = np.load(os.path.join(out, "plain_lif.npz"))
cfg = hardware_pb2.HardwareConfig()
cfg.ParseFromString(open(os.path.join(out, "plain_lif.hwcfg.pb"), "rb").read())
ds = spikes_pb2.SpikeDataset()
ds.ParseFromString(open(os.path.join(out, "plain_lif.inputs.pb"), "rb").read())
T, dt = cfg.num_steps, cfg.dt
print("config: du %d dv %d vth %d weight_exp %d (dt %g, tau %g)" % (cfg.layers[0].loihi2.du, cfg.layers[0].loihi2.dv,
      cfg.layers[0].loihi2.vth, cfg.layers[0].loihi2.weight_exp, dt, p["tau"]))
same = total = cells = firsts = 0
worst_first = 0.0
for k in range(samples):
    x = np.zeros((p["w"].shape[1], T))
    for c, tr in enumerate(ds.samples[k].trains):
        for st in tr.steps:
            x[c, st] += 1
    # NIR LIF in float, sampled at the steps: a unit pulse of weight w makes v jump by r w / tau, then
    # v decays by exp(-dt/tau); spike when v > v_threshold, reset to v_reset = 0. One step of delay
    # (Lava's Dense buffer), as the config's input_delay 1.
    v = np.zeros(p["w"].shape[0]); ref = np.zeros((len(v), T), dtype=int)
    rel = np.full((len(v), T), np.inf)  # |v - v_threshold| / v_threshold before the reset
    for t in range(1, T):
        v = v * np.exp(-dt / p["tau"]) + p["r"] / p["tau"] * (p["w"] @ x[:, t - 1])
        rel[:, t] = np.abs(v - p["th"]) / p["th"]
        fired = v > p["th"]; ref[:, t] = fired; v[fired] = 0
    tr = spikes_pb2.Trace()
    tr.ParseFromString(open(os.path.join(out, "plain_lif.emulator", "sample%d.trace.pb" % k), "rb").read())
    emu = np.zeros_like(ref)
    for n, s in enumerate(tr.populations[0].spikes):
        for st in s.steps:
            emu[n, st] += 1
    total += ref.sum(); same += int(np.array_equal(ref, emu))
    diff = np.argwhere(ref != emu)
    worst_diff = max([rel[n, t] for n, t in diff], default=0.0)
    cells += diff.shape[0]
    # Only the first difference of a neuron is independent (after it the two histories differ).
    first = {}
    for n, t in diff:
        first.setdefault(n, t)
    firsts += len(first)
    first_margin = max([rel[n, t] for n, t in first.items()], default=0.0)
    worst_first = max(worst_first, first_margin)
    print("sample %d: %d float spikes, %d emulator spikes, %s; first differing cell per neuron within %.2e of"
          " the threshold (relative, float v)" % (k, ref.sum(), emu.sum(),
          "identical" if not len(diff) else "%d cells differ in %d neurons" % (len(diff), len(first)), first_margin))
print("RESULT plain LIF (nir.write) -> LIF_DELTA -> loihi2 emulator vs float NIR LIF: %d/%d samples spike-identical,"
      " %d float spikes; %d differing cells, %d first differences per neuron, all where float v was within %.2e"
      " of v_threshold (relative)" % (same, samples, total, cells, firsts, worst_first))
PYEOF
echo "-- import of a graph with an IF node (must be refused, naming it):"
if tool nir-import "$OUT/unmappable.nir" "$OUT/unmappable.net.pb"; then
  echo "FAIL: unmappable graph was accepted"; exit 1
fi
echo "== NIR conv graphs (Conv2d, SumPool2d, Flatten): bench/nir_conv_compat.sh"
NIR_META_DIR="${NIR_META_DIR:-}" bash "$ROOT/bench/nir_conv_compat.sh" "$NIR_DIR" "$OUT/nir_conv" || STATUS=1
echo "== done; files in $OUT"
exit $STATUS
