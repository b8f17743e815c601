#!/usr/bin/env python3
"""NumPy's single forward pass through a Keras Dense/Flatten model, every layer's output kept: the
baseline of bench/run_forward.sh (what a Python user would write instead of cerebro).

    python3 bench/numpy_forward.py MODEL.h5 [BATCH ...] [--seconds S] [--check REF.npz INPUT.npy]

Reads a tf.keras legacy .h5 (the article's model, tests/fixtures/article_tfkeras.h5) with h5py.
--check first verifies the forward pass against Keras' per-layer outputs (tests/fixtures/ref/), so
the baseline computes the same thing as cerebro. Prints one line per batch size, as
cerebro_forward_bench does, and the BLAS NumPy uses.
"""
import argparse
import json
import sys
import time

import h5py
import numpy as np


def load_layers(path):
    """[(name, class, activation, kernel, bias)] in model order."""
    with h5py.File(path, "r") as f:
        config = json.loads(f.attrs["model_config"])
        weights = f["model_weights"]
        layers = []
        for layer in config["config"]["layers"]:
            name, cls = layer["config"]["name"], layer["class_name"]
            kernel = bias = None
            if cls == "Dense":
                group = weights[name][name]
                kernel, bias = group["kernel:0"][()], group["bias:0"][()]
            elif cls not in ("InputLayer", "Flatten"):
                sys.exit(f"{path}: layer {name} ({cls}) is outside this baseline (Dense, Flatten)")
            layers.append((name, cls, layer["config"].get("activation"), kernel, bias))
    return layers


def activate(x, activation):
    if activation == "relu":
        return np.maximum(x, 0)
    if activation == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if activation in (None, "linear"):
        return x
    sys.exit(f"activation {activation} is outside this baseline")


def forward(layers, x):
    """Every layer's output, in order (the input layer's is the input)."""
    outputs = []
    for _, cls, activation, kernel, bias in layers:
        if cls == "Dense":
            x = activate(x @ kernel + bias, activation)
        elif cls == "Flatten":
            x = x.reshape(x.shape[0], -1)
        outputs.append(x)
    return outputs


def seconds_per_run(layers, x, seconds):
    for _ in range(3):
        forward(layers, x)
    blocks = []
    for _ in range(5):
        runs, start = 0, time.perf_counter()
        while True:
            forward(layers, x)
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / 5:
                break
        blocks.append(elapsed / runs)
    return sorted(blocks)[2]


def blas_name():
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{info.get('name')} {info.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 (older NumPy: no dict mode)
        return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("batches", nargs="*", type=int, default=[1, 256])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--check", nargs=2, metavar=("REF_NPZ", "INPUT_NPY"))
    args = parser.parse_args()
    layers = load_layers(args.model)
    if args.check:
        reference = np.load(args.check[0])
        outputs = forward(layers, np.load(args.check[1]).astype(np.float32))
        for (name, *_), out in zip(layers, outputs):
            want = reference[name]
            error = np.abs(out - want).max() / max(np.abs(want).max(), 1e-30)
            if error > 1e-5:
                sys.exit(f"numpy forward disagrees with Keras at {name}: relative error {error:.2e}")
        print(f"numpy check: every layer matches Keras' outputs in {args.check[0]} (relative error <= 1e-5)")
    print(f"numpy {np.__version__}, blas: {blas_name()}")
    shape = [d for d in json.loads(h5py.File(args.model, "r").attrs["model_config"])["config"]["layers"][0]["config"]
             ["batch_input_shape"][1:]]
    rng = np.random.default_rng(0)
    for batch in args.batches:
        x = rng.random([batch] + shape, dtype=np.float32)
        per_run = seconds_per_run(layers, x, args.seconds)
        print(f"numpy        batch {batch:4d}: {per_run * 1e6 / batch:10.2f} us/pattern  "
              f"({per_run * 1e6:.2f} us per forward pass; median of 5 blocks)")


if __name__ == "__main__":
    main()
