#!/usr/bin/env bash
# Checks SpikeForge's NIR Conv2d / SumPool2d / Flatten exchange against the real NIR code.
#
#   bench/nir_conv_compat.sh NIR_DIR [OUT_DIR]
#
# NIR_DIR is a checkout of neuromorphs/NIR (its folder is put on PYTHONPATH; nothing is installed).
# Needs /usr/bin/python3 with Debian's python3-numpy, python3-h5py and python3-protobuf, and protoc.
#
#  1. nir.write a conv graph built with NIR's own classes: a 3x2 kernel on a 5x7 input with stride
#     (1, 2) and padding (1, 0), CubaLIF parameters in the layer's (C, H, W) shape, w_in != tau_syn,
#     a 1x3 SumPool2d, a Flatten and a Linear read-out;
#  2. ./spikeforge import --format nir, then ./spikeforge simulate one volley of input spikes;
#  3. compare every first-layer spike time with an independent numpy model: NIR's CubaLIF equations
#     integrated on a fine grid after a cross-correlation computed here, neuron order (c, y, x);
#     a transposed or flipped kernel, or swapped (h, w), moves spikes and fails;
#  4. ./spikeforge export --format nir of the imported net, nir.read it, and compare NIR's arrays with
#     the network file's weights in our (out, in, kh, kw) layout.
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n "2,18p" "$0"
  exit 64
fi
NIR_DIR=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${2:-$ROOT/target/nir_conv_compat}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=/usr/bin/python3
cd "$ROOT"
mkdir -p "$OUT/pb2"
protoc -I proto/src/main/proto --python_out="$OUT/pb2" proto/src/main/proto/spikeforge/*.proto
# nir reads its own version from installed package metadata; a checkout has none, so give it a dist-info entry
# (NIR_META_DIR, as bench/lava_compat.sh takes it, or one made here that names the version these files use)
if [ -z "${NIR_META_DIR:-}" ]; then
  NIR_META_DIR="$OUT/meta"
  mkdir -p "$NIR_META_DIR/nir-1.0.7.dist-info"
  printf 'Metadata-Version: 2.1\nName: nir\nVersion: 1.0.7\n' > "$NIR_META_DIR/nir-1.0.7.dist-info/METADATA"
fi
export PYTHONPATH="$NIR_DIR:$OUT/pb2:$NIR_META_DIR"

echo "== 1. nir.write a conv graph"
$PY - "$OUT" <<'PYEOF'
import os, sys
import numpy as np
import nir
out = sys.argv[1]
rng = np.random.default_rng(5)
C_in, H, W = 1, 5, 7
C_out, KH, KW = 2, 3, 2
w = rng.uniform(0.5, 3.0, size=(C_out, C_in, KH, KW)).astype(np.float64)
w[0, 0, 0, 1] = -1.0  # asymmetric in every direction
H1, W1 = (H + 2 - KH) // 1 + 1, (W - KW) // 2 + 1  # 5 x 3
tau_mem, tau_syn = 0.02, 0.01
def cuba(shape, thr):
    return nir.CubaLIF(tau_mem=np.full(shape, tau_mem), tau_syn=np.full(shape, tau_syn), r=np.ones(shape),
                       v_leak=np.zeros(shape), v_threshold=np.full(shape, thr), w_in=np.full(shape, 0.02))
graph = nir.NIRGraph(nodes={
    "in": nir.Input(input_type=np.array([C_in, H, W])),
    "conv": nir.Conv2d(input_shape=(H, W), weight=w, stride=(1, 2), padding=(1, 0), dilation=1, groups=1,
                       bias=np.zeros(C_out)),
    "lif1": cuba((C_out, H1, W1), 1.0),
    "pool": nir.SumPool2d(kernel_size=np.array([1, 3]), stride=np.array([1, 3]), padding=np.array([0, 0])),
    "lif2": cuba((C_out, H1, 1), 1.0),
    "flat": nir.Flatten(input_type={"input": np.array([C_out, H1, 1])}, start_dim=0, end_dim=-1),
    "fc": nir.Linear(weight=rng.uniform(0, 1, size=(3, C_out * H1))),
    "lif3": cuba((3,), 1.0),
    "out": nir.Output(output_type=np.array([3])),
}, edges=[("in", "conv"), ("conv", "lif1"), ("lif1", "pool"), ("pool", "lif2"), ("lif2", "flat"),
          ("flat", "fc"), ("fc", "lif3"), ("lif3", "out")])
nir.write(os.path.join(out, "from_nir.nir"), graph)
np.save(os.path.join(out, "from_nir_w.npy"), w)
# one volley: a binary 5 x 7 image whose pixels all spike at t = 0
img = (rng.uniform(size=(C_in, H, W)) < 0.55).astype(np.float64)
np.save(os.path.join(out, "volley.npy"), img)
from spikeforge import spikes_pb2
s = spikes_pb2.InputSpikes(channels=C_in * H * W)
for v in img.reshape(-1):
    t = s.trains.add()
    if v > 0:
        t.times.append(0.0)
open(os.path.join(out, "volley.spikes.pb"), "wb").write(s.SerializeToString())
print("nir.write ok:", sorted((k, type(v).__name__) for k, v in graph.nodes.items()))
PYEOF

echo "== 2. import and simulate"
./spikeforge import --format nir "$OUT/from_nir.nir" --out "$OUT/from_nir.net.pb" --trial-end 0.1
./spikeforge simulate --network "$OUT/from_nir.net.pb" --inputs "$OUT/volley.spikes.pb" --out "$OUT/volley.trace.pb" | head -3

echo "== 3. first-layer spikes against numpy's cross-correlation and NIR's CubaLIF equations"
$PY - "$OUT" <<'PYEOF'
import os, sys
import numpy as np
from spikeforge import spikes_pb2
out = sys.argv[1]
w = np.load(os.path.join(out, "from_nir_w.npy"))
img = np.load(os.path.join(out, "volley.npy"))
C_out, C_in, KH, KW = w.shape
_, H, W = img.shape
sh, sw, ph, pw = 1, 2, 1, 0
H1, W1 = (H + 2 * ph - KH) // sh + 1, (W + 2 * pw - KW) // sw + 1
x = np.pad(img, ((0, 0), (ph, ph), (pw, pw)))
drive = np.zeros((C_out, H1, W1))  # sum of the weights of the pixels that spike, per neuron
for o in range(C_out):
    for y in range(H1):
        for xx in range(W1):
            drive[o, y, xx] = np.sum(w[o] * x[:, y * sh:y * sh + KH, xx * sw:xx * sw + KW])
tau_mem, tau_syn, r, w_in, thr, T = 0.02, 0.01, 1.0, 0.02, 1.0, 0.1
# NIR CubaLIF: tau_syn dI/dt = -I + w_in S, tau_mem dv/dt = -v + r I; a unit-area pulse of weight d makes I jump
# by w_in d / tau_syn. Integrate the exact flow on a fine grid and locate the first crossing by bisection.
t = np.linspace(0, T, 200001)
expected = {}
for idx, d in np.ndenumerate(drive):
    J = w_in * d / tau_syn
    v = r * J * tau_syn / (tau_mem - tau_syn) * (np.exp(-t / tau_mem) - np.exp(-t / tau_syn))
    above = np.nonzero(v >= thr)[0]
    if len(above) == 0:
        continue
    k = above[0]
    lo, hi = t[k - 1], t[k]
    f = lambda s: r * J * tau_syn / (tau_mem - tau_syn) * (np.exp(-s / tau_mem) - np.exp(-s / tau_syn)) - thr
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    expected[np.ravel_multi_index(idx, drive.shape)] = hi
tr = spikes_pb2.Trace()
tr.ParseFromString(open(os.path.join(out, "volley.trace.pb"), "rb").read())
pop = tr.populations[0]
got = {i: list(s.times)[0] for i, s in enumerate(pop.spikes) if len(s.times) > 0}
worst = 0.0
ok = set(got) == set(expected)
for i in expected:
    if i in got:
        worst = max(worst, abs(got[i] - expected[i]) / expected[i])
print("first layer: %d of %d neurons fire; numpy expects %d; same neurons: %s; worst relative time error %.2e"
      % (len(got), drive.size, len(expected), ok, worst))
# what a flipped kernel would have given: the check must be able to fail
flipped = np.zeros_like(drive)
for o in range(C_out):
    for y in range(H1):
        for xx in range(W1):
            flipped[o, y, xx] = np.sum(w[o, :, ::-1, ::-1] * x[:, y * sh:y * sh + KH, xx * sw:xx * sw + KW])
print("a flipped kernel would change the drive of %d of %d neurons" % (np.sum(~np.isclose(flipped, drive)), drive.size))
sys.exit(0 if ok and worst < 1e-9 else 1)
PYEOF

echo "== 4. export the imported net and nir.read it"
./spikeforge export --format nir --network "$OUT/from_nir.net.pb" --out "$OUT/roundtrip.nir"
$PY - "$OUT" <<'PYEOF'
import os, sys
import numpy as np
import nir
from spikeforge import network_pb2
out = sys.argv[1]
g = nir.read(os.path.join(out, "roundtrip.nir"))
print("nir.read ok:", sorted((k, type(v).__name__) for k, v in g.nodes.items()))
net = network_pb2.Network()
net.ParseFromString(open(os.path.join(out, "from_nir.net.pb"), "rb").read())
convs = [(k, v) for k, v in g.nodes.items() if isinstance(v, nir.Conv2d)]
pools = [(k, v) for k, v in g.nodes.items() if isinstance(v, nir.SumPool2d)]
flats = [(k, v) for k, v in g.nodes.items() if isinstance(v, nir.Flatten)]
assert len(convs) == 1 and len(pools) == 1 and len(flats) == 1, (convs, pools, flats)
name, conv = convs[0]
p = net.projections[0]
ours = np.array(p.weights).reshape(conv.weight.shape)  # (out, in, kh, kw), C order
w = np.load(os.path.join(out, "from_nir_w.npy"))
scale = 0.02 / 0.01  # w_in / tau_syn folded into the weights at import
same_layout = np.array_equal(ours, conv.weight) and np.allclose(conv.weight, w * scale, rtol=1e-15)
print("Conv2d %s: weight %s, stride %s, padding %s, input_shape %s; equals the network file in (out, in, kh, kw)"
      " order: %s; equals NIR's original times w_in/tau_syn: %s" % (name, conv.weight.shape, tuple(conv.stride),
      tuple(conv.padding), conv.input_shape, np.array_equal(ours, conv.weight), same_layout))
print("SumPool2d: kernel %s stride %s; Flatten input %s" % (tuple(pools[0][1].kernel_size),
      tuple(pools[0][1].stride), flats[0][1].input_type["input"]))
sys.exit(0 if same_layout and tuple(conv.stride) == (1, 2) and tuple(conv.padding) == (1, 0) else 1)
PYEOF
echo "nir_conv_compat: all checks passed"
