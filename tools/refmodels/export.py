#!/usr/bin/python3
"""Exports reference models with PyTorch and saves PyTorch's own outputs for them.

For each model and opset this writes

    <outdir>/<name>_op<opset>/model.onnx
    <outdir>/<name>_op<opset>/input_0.npy      (the input fed to PyTorch, float32)
    <outdir>/<name>_op<opset>/output_0.npy ... (PyTorch's outputs, float32, in the ONNX output order)

which ktc-runtime's TorchReferenceTest compares the float simulator against. Nothing here needs the
network: torchvision models are built with weights=None and every random number comes from fixed seeds.

Usage:  /usr/bin/python3 tools/refmodels/export.py [OUTDIR] [--only NAME ...] [--opsets 11 13]
        (OUTDIR defaults to target/refmodels under the repository root)
"""

import argparse
import os
import shutil
import sys
import time
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = 20261101


# ---- models defined here ---------------------------------------------------------------------------

def conv_bn_act(cin, cout, k=3, s=1, act="silu"):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, s, k // 2, bias=False),
        nn.BatchNorm2d(cout),
        nn.SiLU() if act == "silu" else nn.LeakyReLU(0.1),
    )


class TinyYolo(nn.Module):
    """A YOLO-style detector: a strided backbone, a top-down neck (nearest 2x upsampling and a bilinear
    interpolation to a computed size, concatenations), three heads reshaped and permuted to
    (batch, anchors, h, w, 5 + classes), sigmoid on the predictions, and the usual grid decoding.
    Outputs the decoded boxes of all levels (pixel coordinates, so up to the input size) and the
    stride-8 predictions before decoding (in [0, 1], so checked more tightly)."""

    def __init__(self, classes=3, anchors=3):
        super().__init__()
        self.no = 5 + classes
        self.na = anchors
        self.stem = conv_bn_act(3, 16, 3, 2, "leaky")
        self.b1 = nn.Sequential(conv_bn_act(16, 32, 3, 2, "leaky"), conv_bn_act(32, 32, 3, 1, "leaky"))
        self.b2 = nn.Sequential(conv_bn_act(32, 64, 3, 2), conv_bn_act(64, 64, 3, 1))  # stride 8
        self.b3 = nn.Sequential(conv_bn_act(64, 96, 3, 2), conv_bn_act(96, 96, 3, 1))  # stride 16
        self.b4 = nn.Sequential(conv_bn_act(96, 128, 3, 2), conv_bn_act(128, 128, 1, 1))  # stride 32
        self.pool = nn.MaxPool2d(5, 1, 2)  # SPP-like
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.lat4 = conv_bn_act(128 * 2, 96, 1, 1)
        self.lat3 = conv_bn_act(96 + 96, 64, 1, 1)
        self.lat2 = conv_bn_act(64 + 64, 48, 3, 1)
        self.heads = nn.ModuleList(nn.Conv2d(c, self.na * self.no, 1) for c in (48, 64, 96))

    def forward(self, x):
        x = self.b1(self.stem(x))
        p3 = self.b2(x)
        p4 = self.b3(p3)
        p5 = self.b4(p4)
        p5 = self.lat4(torch.cat([p5, self.pool(p5)], 1))
        t4 = self.lat3(torch.cat([self.up(p5), p4], 1))
        # A bilinear resize to the size of another map, as FPN-style exporters write it.
        t3 = F.interpolate(t4, size=p3.shape[-2:], mode="bilinear", align_corners=False)
        t3 = self.lat2(torch.cat([t3, p3], 1))
        outs, preds = [], []
        for head, f, stride in zip(self.heads, (t3, t4, p5), (8, 16, 32)):
            y = head(f)
            b, _, h, w = y.shape
            y = y.view(b, self.na, self.no, h, w).permute(0, 1, 3, 4, 2).contiguous().sigmoid()
            preds.append(y)
            gy, gx = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
            grid = torch.stack((gx, gy), 2).view(1, 1, h, w, 2).float()
            xy = (y[..., 0:2] * 2 - 0.5 + grid) * stride
            outs.append(torch.cat((xy, y[..., 2:]), -1).view(b, -1, self.no))
        return torch.cat(outs, 1), preds[0]


class TinyYoloV3(nn.Module):
    """Darknet's yolov3-tiny (80 classes, 3 anchors a head) with its layer list: 3x3 convolutions with
    BatchNorm and LeakyReLU(0.1), 2x2 max pools (the last one stride 1 after a (0, 1, 0, 1) zero pad), a
    1x1 bottleneck, two heads of 1x1 convolutions to 255 channels, the second after a 2x nearest
    upsampling concatenated with the stride-16 map. Outputs the two raw heads (decoding runs on the host),
    the way models are deployed on Kneron's NPUs."""

    def __init__(self, classes=80, anchors=3):
        super().__init__()
        out = anchors * (5 + classes)
        widths = [3, 16, 32, 64, 128, 256]
        self.stages = nn.ModuleList(conv_bn_act(a, b, 3, 1, "leaky") for a, b in zip(widths, widths[1:]))
        self.pool = nn.MaxPool2d(2, 2)
        self.conv6 = conv_bn_act(256, 512, 3, 1, "leaky")
        self.pad = nn.ZeroPad2d((0, 1, 0, 1))
        self.pool6 = nn.MaxPool2d(2, 1)
        self.conv7 = conv_bn_act(512, 1024, 3, 1, "leaky")
        self.neck = conv_bn_act(1024, 256, 1, 1, "leaky")
        self.head1 = nn.Sequential(conv_bn_act(256, 512, 3, 1, "leaky"), nn.Conv2d(512, out, 1))
        self.lateral = conv_bn_act(256, 128, 1, 1, "leaky")
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.head2 = nn.Sequential(conv_bn_act(128 + 256, 256, 3, 1, "leaky"), nn.Conv2d(256, out, 1))

    def forward(self, x):
        route = None
        for stage in self.stages:
            route = stage(x)
            x = self.pool(route)
        x = self.conv7(self.pool6(self.pad(self.conv6(x))))
        x = self.neck(x)
        return self.head1(x), self.head2(torch.cat([self.up(self.lateral(x)), route], 1))


class TinyUNet(nn.Module):
    """A UNet-style encoder-decoder: conv blocks, max pooling, ConvTranspose and bilinear (align
    corners) upsampling on the way up, skip concatenations, one BatchNormalization left in the graph."""

    def __init__(self, cin=3, classes=4, w=16):
        super().__init__()

        def block(a, b):
            return nn.Sequential(nn.Conv2d(a, b, 3, padding=1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True),
                                 nn.Conv2d(b, b, 3, padding=1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True))

        self.e1, self.e2, self.e3, self.mid = block(cin, w), block(w, 2 * w), block(2 * w, 4 * w), block(4 * w, 8 * w)
        self.u3 = nn.ConvTranspose2d(8 * w, 4 * w, 2, stride=2)
        self.d3 = block(8 * w, 4 * w)
        self.u2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2)
        self.d2 = block(4 * w, 2 * w)
        self.cat_bn = nn.BatchNorm2d(2 * w + w)  # not after a Conv: the exporter cannot fold it away
        self.d1 = block(2 * w + w, w)
        self.out = nn.Conv2d(w, classes, 1)

    def forward(self, x):
        s1 = self.e1(x)
        s2 = self.e2(F.max_pool2d(s1, 2))
        s3 = self.e3(F.max_pool2d(s2, 2))
        m = self.mid(F.max_pool2d(s3, 2))
        d = self.d3(torch.cat([self.u3(m), s3], 1))
        d = self.d2(torch.cat([self.u2(d), s2], 1))
        d = F.interpolate(d, scale_factor=2.0, mode="bilinear", align_corners=True)
        d = self.d1(self.cat_bn(torch.cat([d, s1], 1)))
        return self.out(d)


class OutTensor(nn.Module):
    """Unwraps the dict torchvision's segmentation models return."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


# ---- the catalogue ---------------------------------------------------------------------------------

def _tv(fn, **kw):
    return lambda: fn(weights=None, **kw)


# name -> (factory, input shape, constant folding, dynamic batch)
MODELS = {
    "resnet18": (_tv(torchvision.models.resnet18), (2, 3, 224, 224), True, True),
    "resnet50": (_tv(torchvision.models.resnet50), (1, 3, 224, 224), True, False),
    "mobilenet_v2": (_tv(torchvision.models.mobilenet_v2), (1, 3, 224, 224), True, False),
    "shufflenet_v2_x1_0": (_tv(torchvision.models.shufflenet_v2_x1_0), (1, 3, 224, 224), False, False),
    "efficientnet_b0": (_tv(torchvision.models.efficientnet_b0), (1, 3, 224, 224), False, False),
    "lraspp_mobilenet_v3_large": (
        lambda: OutTensor(torchvision.models.segmentation.lraspp_mobilenet_v3_large(
            weights=None, weights_backbone=None, num_classes=21)),
        (1, 3, 256, 256), False, False),
    "yolo_tiny": (TinyYolo, (2, 3, 256, 320), False, True),
    "tiny_yolov3": (TinyYoloV3, (1, 3, 416, 416), True, False),
    "unet": (TinyUNet, (1, 3, 128, 128), False, False),
}


def calibrate_batchnorm(model, shape, gen):
    """Gives every BatchNorm random affine parameters, then the statistics of the activations it really
    sees with them (gathered in training mode), so activations stay of order one through deep random
    networks, then nudges those statistics so no BatchNorm normalizes exactly: BN is far from the
    identity and still well-conditioned."""
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not bns:
        return
    with torch.no_grad():
        for bn in bns:
            bn.weight.copy_(torch.empty_like(bn.weight).uniform_(0.5, 1.5, generator=gen))
            bn.bias.copy_(torch.empty_like(bn.bias).normal_(0.0, 0.2, generator=gen))
            bn.reset_running_stats()
            bn.momentum = None  # a cumulative average over the calibration batches
        model.train()
        model(torch.randn((2,) + tuple(shape[1:]), generator=gen))
        for bn in bns:
            # Shifts in units of each channel's own deviation: fixed ones would blow up quiet channels.
            noise = torch.empty_like(bn.running_mean).normal_(0.0, 0.1, generator=gen)
            bn.running_mean.add_(noise * bn.running_var.sqrt())
            bn.running_var.mul_(torch.empty_like(bn.running_var).uniform_(0.8, 1.25, generator=gen))
    model.eval()


def save_npy(path, t):
    np.save(path, np.ascontiguousarray(t.detach().cpu().numpy().astype(np.float32)))


def prepare(name):
    """The model of that name with its weights and statistics set, its input, and PyTorch's outputs."""
    factory, shape, _, _ = MODELS[name]
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED + 1)
    model = factory()
    calibrate_batchnorm(model, shape, gen)
    x = torch.randn(shape, generator=gen)
    out = model(x)
    return model, x, list(out) if isinstance(out, (tuple, list)) else [out]


def export(name, opset, outdir, model, x, outs):
    """Writes one model directory, complete or not at all (a temporary directory renamed into place)."""
    _, _, fold, dynamic = MODELS[name]
    final = os.path.join(outdir, f"{name}_op{opset}")
    d = final + ".tmp"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    path = os.path.join(d, "model.onnx")
    out_names = [f"output_{i}" for i in range(len(outs))]
    axes = {n: {0: "batch"} for n in ["input_0"] + out_names} if dynamic else None
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input_0"], output_names=out_names,
                      dynamic_axes=axes, do_constant_folding=fold)
    onnx.checker.check_model(onnx.load(path))
    save_npy(os.path.join(d, "input_0.npy"), x)
    for i, o in enumerate(outs):
        save_npy(os.path.join(d, f"output_{i}.npy"), o)
    shutil.rmtree(final, ignore_errors=True)
    os.rename(d, final)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("outdir", nargs="?", default=os.path.join(REPO_ROOT, "target", "refmodels"))
    p.add_argument("--only", nargs="*", choices=sorted(MODELS), help="export only these models")
    p.add_argument("--opsets", nargs="*", type=int, default=[11, 13])
    a = p.parse_args()
    # torch 1.13 warns of this for every Constant of a model that keeps its shape arithmetic; harmless.
    warnings.filterwarnings("ignore", message="The shape inference of prim::Constant type is missing")
    torch.set_grad_enabled(False)
    start = time.time()
    for name in a.only or MODELS:
        t = time.time()
        prepared = prepare(name)
        for opset in a.opsets:
            export(name, opset, a.outdir, *prepared)
        print(f"{name} (opsets {a.opsets}): {time.time() - t:.1f} s", flush=True)
    print(f"exported to {a.outdir} in {time.time() - start:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
