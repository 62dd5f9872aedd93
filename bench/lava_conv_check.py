#!/usr/bin/env python3
"""Conv nets against real Lava and lava-dl, every step and neuron (called by bench/lava_conv_compat.sh).

    lava_conv_check.py network OUT.net.pb [SEED]
        writes a small LIF_EXP conv Network: 2 x 6 x 9 input -> conv 3 x 2 kernel, 3 channels, stride (1, 2),
        padding (1, 0) -> 3 x 6 x 4 -> sum pool 2 x 1 -> 3 x 3 x 4 -> flatten -> dense 4. Every shape and every
        kernel is asymmetric, so a transposed or flipped kernel, or swapped (h, w), moves spikes.
    lava_conv_check.py compare CFG.hwcfg.pb DIR SAMPLES
        DIR holds inputs.pb, emulator/sample<k>.trace.pb, net.lava.pb and optionally net.net. Runs every sample
        through real Lava twice with Loihi2SimCfg(select_tag='fixed_pt'): our graph via spikeforge_lava (Lava's
        Conv process), and the netx file via lava.lib.dl.netx.hdf5.Network; compares every layer's spikes, every
        step and neuron, with the Java emulator's trace and with an independent numpy model that expands the
        conv and pool layers from hardware.proto's HwConv2d/HwSumPool2d rule into dense matrices.
"""
import os
import sys

import numpy as np

M = 1 << 23  # Lava's max_uv_val


def write_network(path, seed):
    from spikeforge import network_pb2 as pb
    rng = np.random.default_rng(seed)
    ci, h, w = 2, 6, 9
    co, kh, kw, sh, sw, ph, pw = 3, 3, 2, 1, 2, 1, 0
    h1, w1 = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1  # 6 x 4
    pkh, pkw = 2, 1
    h2, w2 = h1 // pkh, w1 // pkw  # 3 x 4
    n_out = 4
    net = pb.Network(name="lava-conv-check", model=pb.LIF_EXP, trial_end=3.0, num_inputs=ci * h * w)
    net.params.tau = 1.0
    net.params.threshold = 1.0
    net.input_shape.channels, net.input_shape.height, net.input_shape.width = ci, h, w
    for name, c, hh, ww, out in (("conv", co, h1, w1, False), ("pool", co, h2, w2, False)):
        p = net.populations.add(name=name, size=c * hh * ww, output=out)
        p.shape.channels, p.shape.height, p.shape.width = c, hh, ww
    net.populations.add(name="out", size=n_out, output=True)
    k = rng.uniform(-0.6, 1.6, size=(co, ci, kh, kw))
    pr = net.projections.add(source="input", target="conv", rows=co * h1 * w1, cols=ci * h * w)
    pr.weights.extend(k.ravel().tolist())
    pr.conv2d.kernel_h, pr.conv2d.kernel_w, pr.conv2d.stride_h, pr.conv2d.stride_w = kh, kw, sh, sw
    pr.conv2d.pad_h, pr.conv2d.pad_w = ph, pw
    pr = net.projections.add(source="conv", target="pool", rows=co * h2 * w2, cols=co * h1 * w1)
    pr.weights.append(1.1)
    pr.sum_pool2d.kernel_h, pr.sum_pool2d.kernel_w = pkh, pkw
    pr = net.projections.add(source="pool", target="out", rows=n_out, cols=co * h2 * w2)
    pr.weights.extend(rng.uniform(-0.8, 1.5, size=n_out * co * h2 * w2).tolist())
    with open(path, "wb") as f:
        f.write(net.SerializeToString())
    print("wrote %s: input %dx%dx%d, conv %dx%d kernel stride (%d, %d) pad (%d, %d) -> %dx%dx%d, sum pool %dx%d"
          " -> %dx%dx%d, dense %d" % (path, ci, h, w, kh, kw, sh, sw, ph, pw, co, h1, w1, pkh, pkw, co, h2, w2, n_out))


def dense_of(layer):
    """The [size][fan_in] matrix a layer stands for, from hardware.proto's rule (written independently)."""
    if layer.HasField("conv2d") or layer.HasField("sum_pool2d"):
        c = layer.conv2d if layer.HasField("conv2d") else layer.sum_pool2d
        ci, hi, wi = c.in_shape.channels, c.in_shape.height, c.in_shape.width
        co, ho, wo = c.out_shape.channels, c.out_shape.height, c.out_shape.width
        m = np.zeros((co * ho * wo, ci * hi * wi), dtype=np.int64)
        for o in range(co):
            for y in range(ho):
                for x in range(wo):
                    for ky in range(c.kernel_h):
                        for kx in range(c.kernel_w):
                            yy, xx = y * c.stride_h - c.pad_h + ky, x * c.stride_w - c.pad_w + kx
                            if not (0 <= yy < hi and 0 <= xx < wi):
                                continue
                            chans = range(ci) if layer.HasField("conv2d") else [o]
                            for i in chans:
                                wt = (c.kernel[((o * ci + i) * c.kernel_h + ky) * c.kernel_w + kx]
                                      if layer.HasField("conv2d") else c.weight)
                                m[(o * ho + y) * wo + x, (i * hi + yy) * wi + xx] = wt
        return m
    return np.array(layer.weights, dtype=np.int64).reshape(layer.size, layer.fan_in)


def trunc0(x):
    return np.sign(x) * (np.abs(x) >> 12)


def reference(cfg, data):
    """docs/TARGET-SEMANTICS.md loihi2 on the expanded matrices (as bench/lava_compat.sh's dense model)."""
    T = cfg.num_steps
    hist = {"input": data.astype(np.int64)}
    state = {}
    for l in cfg.layers:
        p = l.loihi2
        w = dense_of(l)
        mixed, inhibitory = p.sign_mode == 2, p.sign_mode == 4
        lo, hi = (-256, 255) if mixed else ((-255, 0) if inhibitory else (0, 255))
        k = 8 - p.num_weight_bits + (1 if mixed else 0)
        w = np.clip(w, lo, hi)
        w = -((-w >> k) << k) if inhibitory else (w >> k) << k
        bias = np.array(p.bias_mant or [0] * l.size, dtype=np.int64)
        bias = bias << p.bias_exp if p.bias_exp >= 0 else bias >> -p.bias_exp
        state[l.name] = dict(w=w, u=np.array(p.u_init or [0] * l.size, dtype=np.int64),
                             v=np.array(p.v_init or [0] * l.size, dtype=np.int64), bias=bias)
        hist[l.name] = np.zeros((l.size, T), dtype=np.int64)
    for t in range(T):
        for l in cfg.layers:
            p, s = l.loihi2, state[l.name]
            src_t = t - l.input_delay
            spikes = hist[l.source][:, src_t] if src_t >= 0 else np.zeros(s["w"].shape[1], dtype=np.int64)
            a = s["w"] @ spikes
            a = a << p.weight_exp if p.weight_exp >= 0 else a >> -p.weight_exp
            u = trunc0(s["u"] * (4096 - (p.du + 1))) + (a << 6)
            u = np.where(u > M, u - 2 * M, np.where(u <= -M, u + 2 * M, u))
            v = np.clip(trunc0(s["v"] * (4096 - p.dv)) + u + s["bias"], -M + 1, M - 1)
            fired = v > (p.vth << 6)
            s["u"], s["v"] = u, np.where(fired, 0, v)
            hist[l.name][:, t] = fired
    return hist


def chw_to_lava(data, chw):
    """(c*h*w, T) in our (c, y, x) order -> Lava's (x, y, f, T)."""
    c, h, w = chw
    return data.reshape(c, h, w, -1).transpose(2, 1, 0, 3)


def lava_to_flat(data):
    """Lava's (x, y, f, T) -> (f*y*x, T) in our (c, y, x) order."""
    return data.transpose(2, 1, 0, 3).reshape(-1, data.shape[-1])


def run_netx(path, data, in_chw, T):
    """lava-dl's own loader on the .net file; hidden blocks recorded through sinks on their out ports."""
    from lava.lib.dl import netx
    from lava.proc.io.source import RingBuffer as Source
    from lava.proc.io.sink import RingBuffer as Sink
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg
    net = netx.hdf5.Network(net_config=path)
    src = Source(data=chw_to_lava(data, in_chw) if in_chw else data)
    src.s_out.connect(net.inp)
    sinks = []
    for layer in net.layers:
        sk = Sink(shape=layer.out.shape, buffer=T)
        layer.out.connect(sk.a_in)
        sinks.append(sk)
    net.run(condition=RunSteps(num_steps=T), run_cfg=Loihi2SimCfg(select_tag="fixed_pt"))
    try:
        got = []
        for sk in sinks:
            d = np.asarray(sk.data.get()).astype(np.int64)
            got.append(lava_to_flat(d) if d.ndim == 4 else d)
        return got, str(net)
    finally:
        net.stop()


def read_trace(path, T):
    from spikeforge import spikes_pb2
    tr = spikes_pb2.Trace()
    tr.ParseFromString(open(path, "rb").read())
    out = {}
    for pop in tr.populations:
        m = np.zeros((len(pop.spikes), T), dtype=np.int64)
        for n, train in enumerate(pop.spikes):
            for st in train.steps:
                m[n, st] += 1
        out[pop.name] = m
    return out


def compare(cfg_path, d, samples):
    import spikeforge_lava as sfl
    from spikeforge import hardware_pb2
    cfg = hardware_pb2.HardwareConfig()
    cfg.ParseFromString(open(cfg_path, "rb").read())
    T = cfg.num_steps
    first = cfg.layers[0]
    in_chw = None
    if first.HasField("conv2d") or first.HasField("sum_pool2d"):
        s = (first.conv2d if first.HasField("conv2d") else first.sum_pool2d).in_shape
        in_chw = (s.channels, s.height, s.width)
    graph = sfl.read_graph(os.path.join(d, "net.lava.pb"))
    kinds = sorted(set(p.class_path.rsplit(".", 1)[1] for p in graph.processes))
    ports = sorted(set(c.src_port for c in graph.connections if c.src_port != "s_out" and c.src_port != "a_out"))
    print("graph: processes %s; virtual-port chains %s; layer weight_exp %s"
          % (kinds, ports, [l.loihi2.weight_exp for l in cfg.layers]))
    netx_file = os.path.join(d, "net.net")
    has_netx = os.path.exists(netx_file)
    from spikeforge import spikes_pb2
    ds = spikes_pb2.SpikeDataset()
    ds.ParseFromString(open(os.path.join(d, "inputs.pb"), "rb").read())
    labels = [x.label for x in ds.samples]
    out_name = [l.name for l in cfg.layers if l.output][-1]
    agree = 0
    correct = {}
    ok = True
    counts = {}
    cells = 0
    printed = False
    for k in range(samples):
        data = sfl.read_inputs(os.path.join(d, "inputs.pb"), k, cfg.num_inputs, T)
        ref = reference(cfg, data)
        emu = read_trace(os.path.join(d, "emulator", "sample%d.trace.pb" % k), T)
        lava = sfl.run(graph, data, record_all=True)
        sides = {"emulator": emu, "lava-graph": {n: v.astype(np.int64) for n, v in lava.items()}}
        if has_netx:
            got, table = run_netx(netx_file, data, in_chw, T)
            if not printed:
                print("netx.hdf5.Network:\n" + table)
                printed = True
            sides["netx"] = {l.name: g for l, g in zip(cfg.layers, got)}
        verdicts = []
        for l in cfg.layers:
            r = ref[l.name]
            cells += r.size
            counts[l.name] = counts.get(l.name, 0) + int(r.sum())
            for side, got in sides.items():
                g = got.get(l.name)
                same = g is not None and g.shape == r.shape and np.array_equal(g, r)
                ok &= same
                if not same:
                    where = (np.argwhere(g != r)[0].tolist() if g is not None and g.shape == r.shape
                             else "shape %s vs %s" % (None if g is None else g.shape, r.shape))
                    verdicts.append("%s %s DIFFERS at (neuron, step) %s" % (l.name, side, where))
        preds = {side: predict(got[out_name]) for side, got in sides.items() if out_name in got}
        agree += len(set(preds.values())) == 1
        for side, p in preds.items():
            correct[side] = correct.get(side, 0) + (p == labels[k])
        print("sample %d: spikes per layer %s; prediction %s, label %d; %s"
              % (k, {l.name: int(ref[l.name].sum()) for l in cfg.layers},
                 " ".join("%s=%d" % kv for kv in preds.items()), labels[k],
                 "; ".join(verdicts) or "all sides identical on every layer"))
    # Controls in real Lava (sample 0): the same graph with the first Conv's kernel flipped in x and y, and with the
    # input presented as a plain reshape to (x, y, f) (our (c, y, x) order misread as Lava's); the netx file with its
    # kernel flipped. Each must change the first layer's spikes, or the comparison above could not fail.
    data = sfl.read_inputs(os.path.join(d, "inputs.pb"), 0, cfg.num_inputs, T)
    ref = reference(cfg, data)
    first_name = cfg.layers[0].name
    controls = []
    flipped = type(graph)()
    flipped.CopyFrom(graph)
    for p in flipped.processes:
        if p.class_path == sfl.CONV:
            wv = [v for v in p.vars if v.name == "weight"][0]
            arr = np.array(wv.values, dtype=np.int64).reshape(tuple(wv.shape))[:, ::-1, ::-1, :]
            del wv.values[:]
            wv.values.extend(arr.ravel().tolist())
            break
    controls.append(("graph, first Conv kernel flipped", flipped))
    if in_chw:
        misread = type(graph)()
        misread.CopyFrom(graph)
        for c in misread.connections:
            if c.src_process == "input":
                c.src_port = "s_out.reshape((%d, %d, %d))" % (in_chw[2], in_chw[1], in_chw[0])
        controls.append(("graph, input (c, y, x) read as (x, y, f)", misread))
    for what, g in controls:
        got = sfl.run(g, data, record_all=True)[first_name].astype(np.int64)
        differs = not np.array_equal(got, ref[first_name])
        ok &= differs
        print("control %s: %s (%d of %d cells differ)" % (what, "spikes differ, as they must" if differs
              else "SPIKES UNCHANGED: the check cannot see this error", int((got != ref[first_name]).sum()), got.size))
    if has_netx:
        import shutil
        import h5py
        bad = os.path.join(d, "flipped.net")
        shutil.copy(netx_file, bad)
        with h5py.File(bad, "r+") as h:
            wt = h["layer/1/weight"][...]
            h["layer/1/weight"][...] = wt[:, :, ::-1, ::-1]
        got = run_netx(bad, data, in_chw, T)[0][0]
        differs = not np.array_equal(got, ref[first_name])
        ok &= differs
        print("control netx, layer/1/weight flipped in h and w: %s (%d of %d cells differ)"
              % ("spikes differ, as they must" if differs else "SPIKES UNCHANGED: the check cannot see this error",
                 int((got != ref[first_name]).sum()), got.size))
    print("RESULT conv %s: %s vs numpy reference: %s (%d samples x %d steps, %d layer-step-neuron cells per side,"
          " spikes per layer %s)" % (os.path.basename(cfg_path), "/".join(["emulator", "lava-graph"]
                                     + (["netx"] if has_netx else [])),
                                     "BIT-IDENTICAL" if ok else "NOT IDENTICAL", samples, T, cells, counts))
    print("RESULT predictions (earliest output spike, ties to the lowest index) equal on all sides in %d/%d samples;"
          " correct vs label: %s" % (agree, samples, ", ".join("%s %d/%d" % (n, c, samples) for n, c in correct.items())))
    return ok


def predict(m):
    """Earliest output spike wins, ties to the lowest index, silent outputs last (OutputDecoder's rule)."""
    first = [int(np.argmax(row > 0)) if row.any() else m.shape[1] for row in m]
    return int(np.argmin(first))


if __name__ == "__main__":
    if sys.argv[1] == "network":
        write_network(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    elif sys.argv[1] == "compare":
        sys.exit(0 if compare(sys.argv[2], sys.argv[3], int(sys.argv[4])) else 1)
    else:
        sys.exit(__doc__)
