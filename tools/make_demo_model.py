#!/usr/bin/python3
"""Makes the example model that `ktc demo` runs, and the files that check it.

A small MobileNetV2-style classifier (torchvision's MobileNetV2 with a narrower, shorter body) is trained
for a few epochs on procedurally drawn 32x32 RGB patterns (stripes, discs, rings, checkerboards...), so
that its top-5 means something, then exported by PyTorch to ONNX (opset 13, batch dimension symbolic).
One sample image and PyTorch's own output for it are saved beside it, so the demo can report how far
ktc's result is from PyTorch's.

Run with the Debian Python that has torch 1.13, torchvision 0.14, onnx 1.12 and numpy:

    /usr/bin/python3 tools/make_demo_model.py [OUT_DIR]

OUT_DIR defaults to ktc-cli/src/main/resources/org/ktcj/cli/demo. Seeds are fixed; results can still
differ in the last bits between machines (thread counts change float summation order).
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from torchvision.models import MobileNetV2
from torchvision.ops.misc import Conv2dNormActivation

LABELS = ["horizontal stripes", "vertical stripes", "diagonal stripes", "checkerboard", "disc",
          "ring", "square", "cross", "triangle", "dots"]
SIZE = 32
TRAIN_IMAGES = 6400
EPOCHS = 5
MEAN, STD = 0.5, 0.25


def draw(label, rng):
    """One RGB image in [0, 1], HWC, of the given class with random colours, placement and noise."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    bg = rng.uniform(0, 1, 3)
    fg = rng.uniform(0, 1, 3)
    while np.abs(fg - bg).sum() < 0.8:
        fg = rng.uniform(0, 1, 3)
    period = rng.uniform(4, 9)
    phase = rng.uniform(0, period)
    cy, cx = rng.uniform(10, 22, 2)
    r = rng.uniform(6, 11)
    name = LABELS[label]
    if name == "horizontal stripes":
        mask = ((yy + phase) % period) < period / 2
    elif name == "vertical stripes":
        mask = ((xx + phase) % period) < period / 2
    elif name == "diagonal stripes":
        d = xx + yy if rng.uniform() < 0.5 else xx - yy + SIZE
        mask = ((d + phase) % period) < period / 2
    elif name == "checkerboard":
        mask = (((xx + phase) // (period / 1.5)) + ((yy + phase) // (period / 1.5))) % 2 == 0
    elif name == "disc":
        mask = (yy - cy) ** 2 + (xx - cx) ** 2 < r ** 2
    elif name == "ring":
        d = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
        mask = np.abs(d - r) < rng.uniform(1.2, 2.5)
    elif name == "square":
        mask = (np.abs(yy - cy) < r * 0.8) & (np.abs(xx - cx) < r * 0.8)
    elif name == "cross":
        w = rng.uniform(1.5, 3)
        mask = ((np.abs(yy - cy) < w) & (np.abs(xx - cx) < r)) | ((np.abs(xx - cx) < w) & (np.abs(yy - cy) < r))
    elif name == "triangle":
        mask = (yy - cy < r * 0.8) & (yy - cy > -r * 0.8 + 2 * np.abs(xx - cx) - r * 0.8)
    else:  # dots
        mask = np.zeros((SIZE, SIZE), bool)
        for _ in range(rng.integers(5, 12)):
            py, px = rng.uniform(2, SIZE - 2, 2)
            mask |= (yy - py) ** 2 + (xx - px) ** 2 < rng.uniform(1.5, 3) ** 2
    img = np.where(mask[..., None], fg, bg) + rng.normal(0, 0.05, (SIZE, SIZE, 3))
    return np.clip(img, 0, 1).astype(np.float32)


def dataset(n, rng):
    labels = rng.integers(0, len(LABELS), n)
    images = np.stack([draw(int(l), rng) for l in labels])
    x = (images.transpose(0, 3, 1, 2) - MEAN) / STD
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(labels)


def make_model():
    # torchvision's MobileNetV2 (inverted residuals, depthwise convolutions, ReLU6), shortened for 32x32.
    setting = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2], [6, 64, 2, 2], [6, 96, 1, 1]]
    model = MobileNetV2(num_classes=len(LABELS), width_mult=0.5, inverted_residual_setting=setting)
    last_in = model.features[-1][0].in_channels
    model.features[-1] = Conv2dNormActivation(last_in, 256, kernel_size=1, activation_layer=nn.ReLU6)
    model.classifier[-1] = nn.Linear(256, len(LABELS))
    return model


def write_about(out, sample):
    """The class names, and what `ktc demo` says about the model and the sample."""
    with open(os.path.join(out, "labels.txt"), "w") as f:
        f.write("\n".join(LABELS) + "\n")
    with open(os.path.join(out, "demo.properties"), "w") as f:
        f.write("model=a MobileNetV2-style classifier (torchvision, width 0.5) that PyTorch trained on 32x32"
                " drawings of 10 patterns\n")
        f.write(f"sample={sample}\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "ktc-cli", "src", "main", "resources", "org", "ktcj", "cli", "demo")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    rng = np.random.default_rng(0)

    model = make_model()
    x, y = dataset(TRAIN_IMAGES, rng)
    xt, yt = dataset(1000, rng)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=EPOCHS * (len(x) // 64))
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(x))
        for i in range(0, len(x) - 63, 64):
            idx = perm[i:i + 64]
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, held-out accuracy {acc:.3f}", flush=True)

    model.eval()
    sample = draw(LABELS.index("ring"), np.random.default_rng(2026))
    sample = ((sample.transpose(2, 0, 1)[None] - MEAN) / STD).astype(np.float32)
    with torch.no_grad():
        logits = model(torch.from_numpy(sample)).numpy().astype(np.float32)

    path = os.path.join(out, "model.onnx")
    torch.onnx.export(model, torch.from_numpy(sample), path, opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    np.save(os.path.join(out, "input.npy"), sample)
    np.save(os.path.join(out, "expected.npy"), logits)
    write_about(out, "ring")
    params = sum(p.numel() for p in model.parameters())
    top = np.argsort(-logits[0])[:3]
    print(f"{params} parameters; sample is a ring, PyTorch's top-3: {[LABELS[i] for i in top]}")
    for name in sorted(os.listdir(out)):
        print(f"  {name}: {os.path.getsize(os.path.join(out, name))} bytes")


if __name__ == "__main__":
    main()
