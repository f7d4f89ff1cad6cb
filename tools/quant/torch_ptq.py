#!/usr/bin/python3
"""Quantizes reference models with PyTorch's own post-training static quantization and measures its SNR.

The models are the ones tools/refmodels/export.py exports to ONNX, built by its prepare() (same seeds,
same BatchNorm calibration, so the same weights). Each is quantized with FX graph mode PTQ for the
onednn engine (get_default_qconfig_mapping: per-channel symmetric int8 weights, HistogramObserver
uint8 activations), calibrated on 32 inputs, and its outputs are compared with the float model's on
those same inputs:

    SNR_dB = 10 * log10(sum(f^2) / sum((q - f)^2))   summed over every element of all 32 inputs, per output

Two int8 results are measured. "snr_db" runs the converted model on PyTorch's int8 kernels. On CPUs
without VNNI, oneDNN's int8 convolutions add pairs of uint8 x int8 products in 16 bits and saturate
there, so that figure depends on the CPU. "snr_db_reference" runs the same quantization (same scales
and zero points) as convert_to_reference_fx simulates it in float. That one does not depend on the CPU,
so use it when comparing with another exact integer implementation.

A model whose forward FX cannot trace (yolo_tiny: its decoding computes a grid from tensor shapes) has
each of its submodules quantized as a graph of its own. Its forward's own operations (concatenations,
interpolation, reshaping and decoding there) then run float; snr.json says so under "float_parts".

The calibration inputs are torch.randn draws (standard normal) from a generator seeded with
export.SEED + 2. export.py calibrates BatchNorm statistics on standard normal inputs, so these inputs
give the activations the weights were calibrated for. Each has batch 1 and otherwise the exported
input's shape.

For each model this writes

    <outdir>/<name>/calib_00.npy ... calib_31.npy   (the calibration inputs, float32)
    <outdir>/<name>/float_output_<i>.npy            (PyTorch float outputs for calib_00)
    <outdir>/<name>/int8_output_<i>.npy             (the same from the int8 model, int8 kernels)
    <outdir>/<name>/int8ref_output_<i>.npy          (the same from the int8 model, float simulation)
    <outdir>/<name>/snr.json

The ONNX export of the same model is <name>_op13 under export.py's output directory. If that directory
exists under --refdir, the float model is first checked against its outputs.

Usage:  /usr/bin/python3 tools/quant/torch_ptq.py [OUTDIR] [--models resnet18 mobilenet_v2 yolo_tiny]
                                                   [--refdir DIR]
        (OUTDIR defaults to target/quantref and DIR to target/refmodels under the repository root)
"""

import argparse
import copy
import inspect
import json
import math
import os
import sys
import time
import traceback
import warnings

import numpy as np
import torch
import torch.fx
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, convert_to_reference_fx, prepare_fx

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "refmodels"))
import export  # noqa: E402  (tools/refmodels/export.py: the model catalogue and prepare())

REPO_ROOT = export.REPO_ROOT
CALIB_SEED = export.SEED + 2  # export.py draws from SEED (weights) and SEED + 1 (BatchNorm calibration, input)
CALIB_COUNT = 32
ONNX_OPSET = 13


# ---- quantization -----------------------------------------------------------------------------------

def choose_engine():
    """onednn, or the x86 / fbgemm engine where this PyTorch build lacks it."""
    for engine in ("onednn", "x86", "fbgemm"):
        if engine in torch.backends.quantized.supported_engines:
            torch.backends.quantized.engine = engine
            return engine
    raise SystemExit(f"no x86 quantized engine in {torch.backends.quantized.supported_engines}")


def describe_observer(factory):
    o = factory()
    scheme = str(o.qscheme).replace("torch.", "")
    return f"{type(o).__name__}({str(o.dtype).replace('torch.', '')} {scheme} [{o.quant_min}, {o.quant_max}])"


def describe_qconfig(mapping):
    """The qconfig the mapping gives Conv2d, read back from the observers it makes."""
    qc = dict(mapping.object_type_qconfigs)[torch.nn.Conv2d]
    return f"activations {describe_observer(qc.activation)}, weights {describe_observer(qc.weight)}"


def quantize(model, calib, mapping):
    """The int8 model, its float simulation (reference model), and what of it stays float beyond what
    PyTorch's backend leaves float itself (None when the whole forward is one quantized graph)."""
    try:
        observed = prepare_fx(copy.deepcopy(model), mapping, (calib[0],))
    except Exception as e:  # FX tracing fails in many ways: TraceError, TypeError, IndexError ...
        return quantize_submodules(model, calib, mapping, trace_failure(model, e))
    for x in calib:
        observed(x)
    return convert_fx(copy.deepcopy(observed)), convert_to_reference_fx(observed), None


def trace_failure(model, e):
    """Why FX failed, with the line of the model's source where it did."""
    source = inspect.getsourcefile(type(model))
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == source]
    where = f" at {os.path.basename(source)}:{frames[-1].lineno} `{frames[-1].line}`" if frames else ""
    return f"FX cannot trace {type(model).__name__}.forward: {type(e).__name__}{where}"


def quantize_submodules(model, calib, mapping, why):
    """quantize() for a model FX cannot trace: each submodule (each element of a ModuleList) becomes a
    quantized graph of its own; the model's own forward runs float between them."""
    names = []
    for n, c in model.named_children():  # forward cannot call a ModuleList, only its elements
        names += [f"{n}.{i}" for i in range(len(c))] if isinstance(c, torch.nn.ModuleList) else [n]
    inputs = first_inputs(model, [model.get_submodule(n) for n in names], calib[0])
    inputs = {n: inputs[model.get_submodule(n)] for n in names if model.get_submodule(n) in inputs}
    names = list(inputs)
    observed = copy.deepcopy(model)
    for n in names:
        set_submodule(observed, n, prepare_fx(observed.get_submodule(n), mapping, inputs[n]))
    for x in calib:
        observed(x)
    int8, ref = copy.deepcopy(observed), observed
    for n in names:
        set_submodule(int8, n, convert_fx(int8.get_submodule(n)))
        set_submodule(ref, n, convert_to_reference_fx(ref.get_submodule(n)))
    float_parts = {"quantized_submodules": names,
                   "float": f"the operations of {type(model).__name__}.forward itself, between those submodules",
                   "why": why}
    return int8, ref, float_parts


def set_submodule(model, name, module):
    parent, _, leaf = name.rpartition(".")
    setattr(model.get_submodule(parent) if parent else model, leaf, module)


class FloatOps(torch.fx.Interpreter):
    """Runs a converted graph and collects the names of the operations that computed float tensors
    (dequantize aside): the operations PyTorch's int8 model does not run in int8."""

    def __init__(self, gm, found):
        super().__init__(gm)
        self.found = found

    def run_node(self, n):
        out = super().run_node(n)
        if (n.op.startswith("call") and n.target != "dequantize"
                and isinstance(out, torch.Tensor) and out.is_floating_point()):
            self.found.add(op_name(self.module, n))
        return out


def op_name(gm, n):
    if n.op == "call_module":
        return type(gm.get_submodule(n.target)).__name__
    if n.op == "call_method":
        return n.target
    return getattr(n.target, "__name__", str(n.target))


def float_ops(model, x):
    """FloatOps of every converted graph in model, run on what they receive when model runs on x."""
    inputs = first_inputs(model, [m for m in model.modules() if isinstance(m, torch.fx.GraphModule)], x)
    found = set()
    for g, args in inputs.items():
        FloatOps(g, found).run(*args)
    return sorted(found)


def first_inputs(model, modules, x):
    """The arguments each of modules receives the first time model, run on x, calls it."""
    inputs = {}
    hooks = [m.register_forward_pre_hook(lambda m, args: inputs.setdefault(m, args)) for m in modules]
    try:
        model(x)
    finally:
        for h in hooks:
            h.remove()
    return inputs


# ---- measuring --------------------------------------------------------------------------------------

def as_list(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def check_export(name, refdir, outs):
    """Largest difference between prepare()'s outputs and the exported ones, relative to their largest
    magnitude; None when there is no export to check against."""
    d = os.path.join(refdir, f"{name}_op{ONNX_OPSET}")
    if not os.path.isdir(d):
        return None
    worst = 0.0
    for i, o in enumerate(outs):
        ref = np.load(os.path.join(d, f"output_{i}.npy"))
        worst = max(worst, float(np.abs(ref - o.numpy()).max() / max(np.abs(ref).max(), 1e-30)))
    if worst > 1e-4:
        raise SystemExit(f"{name}: the model differs from its export in {d} (relative difference {worst:.3g})")
    return worst


def snr(floats, quants, k):
    """Energy of output k over all inputs, energy of its error, and their ratio in dB."""
    f_energy = sum(float((f[k].double() ** 2).sum()) for f in floats)
    n_energy = sum(float(((q[k].double() - f[k].double()) ** 2).sum()) for f, q in zip(floats, quants))
    return f_energy, n_energy, 10 * math.log10(f_energy / n_energy) if n_energy > 0 else math.inf


def cpu_has_vnni():
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return None
    return "avx512_vnni" in flags or "avx_vnni" in flags


def run(name, outdir, refdir, engine, mapping):
    model, _, outs = export.prepare(name)
    export_diff = check_export(name, refdir, outs)
    shape = (1,) + tuple(export.MODELS[name][1][1:])
    gen = torch.Generator().manual_seed(CALIB_SEED)
    calib = [torch.randn(shape, generator=gen) for _ in range(CALIB_COUNT)]

    int8, ref, float_parts = quantize(model, calib, mapping)
    results = {k: [as_list(m(x)) for x in calib] for k, m in (("float", model), ("int8", int8), ("ref", ref))}

    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    for i, x in enumerate(calib):
        export.save_npy(os.path.join(d, f"calib_{i:02d}.npy"), x)
    for key, prefix in (("float", "float"), ("int8", "int8"), ("ref", "int8ref")):
        for k, o in enumerate(results[key][0]):
            export.save_npy(os.path.join(d, f"{prefix}_output_{k}.npy"), o)
    outputs = {}
    for k in range(len(results["float"][0])):
        f_energy, n_energy, db = snr(results["float"], results["int8"], k)
        _, r_energy, r_db = snr(results["float"], results["ref"], k)
        outputs[str(k)] = {"shape": list(results["float"][0][k].shape), "float_energy": f_energy,
                           "noise_energy": n_energy, "snr_db": db,
                           "noise_energy_reference": r_energy, "snr_db_reference": r_db}
    report = {
        "model": name,
        "onnx_dir": f"{name}_op{ONNX_OPSET}",
        "engine": engine,
        "cpu_vnni": cpu_has_vnni(),
        "qconfig": describe_qconfig(mapping),
        "calibration": f"torch.randn, generator seed {CALIB_SEED}",
        "inputs": CALIB_COUNT,
        "outputs": outputs,
        "float_parts": float_parts,
        "float_ops": float_ops(int8, calib[0]),
        "export_check_relative_diff": export_diff,
        "torch_version": torch.__version__,
    }
    with open(os.path.join(d, "snr.json"), "w") as f:
        json.dump(report, f, indent=2)
    return outputs


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("outdir", nargs="?", default=os.path.join(REPO_ROOT, "target", "quantref"))
    p.add_argument("--models", nargs="*", choices=sorted(export.MODELS),
                   default=["resnet18", "mobilenet_v2", "yolo_tiny"])
    p.add_argument("--refdir", default=os.path.join(REPO_ROOT, "target", "refmodels"),
                   help="export.py's output directory, to check the models against")
    a = p.parse_args()
    # convert_fx of a graph whose convolution is functional (a bare Conv2d submodule) keeps its packed
    # weights as a plain attribute, which the graph linter flags; harmless.
    warnings.filterwarnings("ignore", message="Node _packed_weight_")
    torch.set_grad_enabled(False)
    engine = choose_engine()
    mapping = get_default_qconfig_mapping(engine)
    print(f"engine {engine}: {describe_qconfig(mapping)}")
    print(f"{'model':<14} {'output':>6} {'int8 SNR dB':>12} {'reference dB':>13} {'seconds':>8}")
    start = time.time()
    for name in a.models:
        t = time.time()
        outputs = run(name, a.outdir, a.refdir, engine, mapping)
        for k, o in outputs.items():
            print(f"{name:<14} {k:>6} {o['snr_db']:>12.2f} {o['snr_db_reference']:>13.2f} {time.time() - t:>8.1f}",
                  flush=True)
    print(f"wrote {a.outdir} in {time.time() - start:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
