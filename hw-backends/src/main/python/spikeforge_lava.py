#!/usr/bin/env python3
"""Load a SpikeForge Lava process graph (.lava.pb or .lava.json) into connected Lava processes.

The graph (spikeforge/lava.proto) names, for every process, the Lava class to instantiate, its
shape and its integer variables under Lava's own names, and it lists connections port to port.
This module instantiates exactly that, so a Lava user needs nothing from SpikeForge except the
generated ``lava_pb2`` module (see docs/LAVA.md for both ways to get it). Every variable is passed
to its Lava constructor as it is; the graph holds no ``sign_mode`` (Lava infers it from the weights).
Conv layers are ``lava.proc.conv.process.Conv`` feeding a LIF of Lava's (x, y, f) map shape; a connection's
source port may then be a chain of Lava virtual ports (see ``port``). Input and returned arrays are always
flat, in SpikeForge's (c, y, x) neuron order.

From the command line:

    python3 spikeforge_lava.py NET.lava.pb --inputs SAMPLES.pb --sample 0 --save out.npz

From Python (``read_graph``, ``read_inputs``, ``build`` and ``run`` are the entry points):

    import spikeforge_lava as sfl
    graph = sfl.read_graph("NET.lava.pb")
    spikes = sfl.run(graph, input_array)   # {output layer: (neurons, steps) 0/1 array}

Tested against real Lava by hw-backends/src/test/python/test_spikeforge_lava.py (bench/lava_loader.sh).

Step numbering: Lava counts time steps from 1; SpikeForge's step t is Lava's step t + 1. The
arrays returned and saved here are indexed by SpikeForge step (column t = Lava step t + 1).
"""

import argparse
import importlib
import os
import re
import sys

import numpy as np

LIF = "lava.proc.lif.process.LIF"
DENSE = "lava.proc.dense.process.Dense"
DELAY_DENSE = "lava.proc.dense.process.DelayDense"
CONV = "lava.proc.conv.process.Conv"
# Conv constructor arguments that Lava wants as tuples of ints (it builds port shapes from input_shape)
CONV_TUPLES = ("input_shape", "padding", "stride", "dilation")
SOURCE = "lava.proc.io.source.RingBuffer"
SINK = "lava.proc.io.sink.RingBuffer"


def _import_pb2(pb2_dir=None):
    """Import the generated modules, from pb2_dir or the usual search path."""
    if pb2_dir:
        sys.path.insert(0, pb2_dir)
    try:
        from spikeforge import lava_pb2, spikes_pb2
    except ImportError as e:
        raise SystemExit(
            "spikeforge_lava: cannot import spikeforge.lava_pb2 (%s). Generate it with\n"
            "  protoc -I proto/src/main/proto --python_out=DIR proto/src/main/proto/spikeforge/*.proto\n"
            "and pass --pb2-dir DIR (see docs/LAVA.md)." % e)
    return lava_pb2, spikes_pb2


def read_graph(path, pb2_dir=None):
    """Parse a .lava.pb (binary) or .lava.json (protobuf JSON) file."""
    lava_pb2, _ = _import_pb2(pb2_dir)
    graph = lava_pb2.LavaProcessGraph()
    with open(path, "rb") as f:
        data = f.read()
    try:
        if path.endswith(".json"):
            from google.protobuf import json_format
            json_format.Parse(data.decode("utf-8"), graph)
        else:
            graph.ParseFromString(data)
    except Exception as e:  # protobuf raises DecodeError / ParseError
        raise SystemExit("%s: not a valid LavaProcessGraph: %s" % (path, e))
    if graph.format_version != "1":
        raise SystemExit("%s: field format_version: %r is not supported (expected '1')"
                         % (path, graph.format_version))
    return graph


def read_inputs(path, sample, num_inputs, num_steps, pb2_dir=None):
    """One sample of a SpikeDataset (.pb) as a (num_inputs, num_steps) 0/1 array; or a .npy array."""
    if path.endswith(".npy"):
        data = np.load(path)
        if data.ndim == 3:
            data = data[sample]
        return data.astype(np.int32)
    _, spikes_pb2 = _import_pb2(pb2_dir)
    dataset = spikes_pb2.SpikeDataset()
    with open(path, "rb") as f:
        dataset.ParseFromString(f.read())
    s = dataset.samples[sample]
    data = np.zeros((num_inputs, num_steps), dtype=np.int32)
    for c, train in enumerate(s.trains):
        for step in train.steps:
            if 0 <= step < num_steps:
                data[c, step] = 1
    return data


def _value(var):
    dtype = np.dtype(var.dtype)
    values = np.array(list(var.values), dtype=np.int64)
    if len(var.shape) == 0:
        return dtype.type(values[0]).item()
    return values.reshape(tuple(var.shape)).astype(dtype)


def _lava_class(class_path):
    module, _, name = class_path.rpartition(".")
    return getattr(importlib.import_module(module), name)


_PORT_OP = re.compile(r"\.(reshape|transpose)\(\(([0-9, ]+)\)\)|\.(flatten)\(\)")


def port(proc, expr):
    """The port named by expr: a port name, optionally followed by Lava virtual-port calls.

    The graph writes the chains ``s_out.reshape((c, h, w)).transpose((2, 1, 0))`` (a flat (c, y, x)-ordered
    vector presented to a Conv as Lava's (x, y, f) map) and ``s_out.transpose((2, 1, 0)).flatten()`` (a map
    read back in (c, y, x) order); they are applied here with Lava's own OutPort.reshape/transpose/flatten.
    """
    name, _, rest = expr.partition(".")
    p = getattr(proc, name)
    rest = "." + rest if rest else ""
    pos = 0
    while pos < len(rest):
        m = _PORT_OP.match(rest, pos)
        if not m:
            raise ValueError("port expression %r: cannot parse %r" % (expr, rest[pos:]))
        if m.group(3):
            p = p.flatten()
        else:
            ints = tuple(int(x) for x in m.group(2).split(",") if x.strip())
            p = p.reshape(ints) if m.group(1) == "reshape" else p.transpose(list(ints))
        pos = m.end()
    return p


def build(graph, input_data, record_all=False):
    """Instantiate and connect every process; returns (processes by name, sinks by layer name).

    With record_all, every LIF (not only the output layers) gets a sink, so hidden spikes can be
    compared too.
    """
    from lava.utils.weightutils import SignMode

    num_steps = int(graph.metadata.num_steps)
    procs = {}
    sinks = {}
    for p in graph.processes:
        args = {v.name: _value(v) for v in p.vars}
        shape = tuple(int(s) for s in p.shape)
        cls = _lava_class(p.class_path)
        if p.class_path == SOURCE:
            if input_data.shape != shape:
                raise ValueError("input data shape %s, graph expects %s" % (input_data.shape, shape))
            proc = cls(data=input_data)
        elif p.class_path == SINK:
            proc = cls(shape=shape, buffer=num_steps)
            sinks[p.name[:-len(".sink")] if p.name.endswith(".sink") else p.name] = proc
        elif p.class_path in (DENSE, DELAY_DENSE):
            if "sign_mode" in args:
                # Graphs written before sign_mode was left out hold it as an int in Lava's numbering;
                # Lava needs the enum member (an int compares unequal to every member and makes the
                # bit-accurate Dense clip all weights to [0, 255]). Current graphs let Lava infer it.
                args["sign_mode"] = SignMode(int(args["sign_mode"]))
            proc = cls(name=p.name, **args)
        elif p.class_path == CONV:
            for key in CONV_TUPLES:
                if key in args:
                    args[key] = tuple(int(x) for x in np.ravel(args[key]))
            args["groups"] = int(args.get("groups", 1))
            args["weight"] = np.asarray(args["weight"], dtype=np.int32)
            proc = cls(name=p.name, **args)
        elif p.class_path == LIF:
            proc = cls(shape=shape, name=p.name, **args)
        else:
            raise ValueError("process %s: class %s is not supported by this loader" % (p.name, p.class_path))
        procs[p.name] = proc
    if record_all:
        sink_cls = _lava_class(SINK)
        for p in graph.processes:
            layer = p.name[:-len(".lif")]
            if p.class_path == LIF and layer not in sinks:
                n = int(np.prod([int(s) for s in p.shape]))
                sinks[layer] = sink_cls(shape=(n,), buffer=num_steps)
                # a map-shaped LIF (x, y, f) is recorded in (c, y, x) order, as the graph's own sinks are
                src = procs[p.name].s_out if len(p.shape) == 1 else procs[p.name].s_out.transpose([2, 1, 0]).flatten()
                src.connect(sinks[layer].a_in)
    for c in graph.connections:
        src = port(procs[c.src_process], c.src_port)
        dst = port(procs[c.dst_process], c.dst_port)
        src.connect(dst)
    return procs, sinks


def run(graph, input_data, num_steps=None, record_all=False):
    """Run the graph with Loihi2SimCfg(select_tag='fixed_pt'); returns {layer: (n, steps) 0/1 array}."""
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg

    steps = int(num_steps or graph.metadata.num_steps)
    procs, sinks = build(graph, input_data, record_all)
    first = next(iter(procs.values()))
    first.run(condition=RunSteps(num_steps=steps), run_cfg=Loihi2SimCfg(select_tag="fixed_pt"))
    try:
        return {name: np.asarray(s.data.get()).astype(np.int32)[:, :steps] for name, s in sinks.items()}
    finally:
        first.stop()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", help=".lava.pb or .lava.json written by SpikeForge")
    ap.add_argument("--inputs", help="SpikeDataset .pb or (channels, steps) / (samples, channels, steps) .npy")
    ap.add_argument("--sample", type=int, default=0, help="sample index in --inputs")
    ap.add_argument("--steps", type=int, help="steps to run (default: metadata.num_steps)")
    ap.add_argument("--record-all", action="store_true", help="also record hidden LIF layers")
    ap.add_argument("--save", help="write the output spikes to this .npz (one array per output layer)")
    ap.add_argument("--pb2-dir", default=os.environ.get("SPIKEFORGE_PB2"),
                    help="folder holding spikeforge/lava_pb2.py (default $SPIKEFORGE_PB2)")
    a = ap.parse_args(argv)
    graph = read_graph(a.graph, a.pb2_dir)
    shape = tuple(graph.processes[0].shape)
    if a.inputs:
        data = read_inputs(a.inputs, a.sample, shape[0], shape[1], a.pb2_dir)
    else:
        data = np.zeros(shape, dtype=np.int32)
    out = run(graph, data, a.steps, a.record_all)
    for name, spikes in out.items():
        for n in range(spikes.shape[0]):
            print("%s[%d]: %s" % (name, n, np.nonzero(spikes[n])[0].tolist()))
    if a.save:
        np.savez(a.save, **out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
