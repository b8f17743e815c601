#!/usr/bin/env python3
"""The article's way of drawing intermediate activations, reproduced faithfully, for timing.

"Visualizing intermediate activations" cuts the network after every layer (one sub-model per
layer, `Model(inputs=model.input, outputs=layer.output)`), predicts each sub-model on the pattern,
keeps the outputs that are 2-D with both sides above the threshold (15), and draws them on a
grid_size x grid_size (3 x 3) matplotlib figure of 10 x 10 inches: imshow with viridis, a title
"name (H, W)" per subplot, tight_layout, savefig at 100 dpi as 0.png, 1.png, ...

    python3 bench/baseline/article_way.py MODEL.h5 PATTERNS.npy OUT_DIR [--limit N] [--predict keras|numpy]

--predict keras (the article's code) uses real Keras (tf_keras, the Keras 2 API the model was
written with). --predict numpy runs the same sub-model-per-layer recomputation in NumPy with the
model's weights, without TensorFlow's per-call overhead: the article's algorithm at its fastest.
Prints one line: "article_way: P pages for N patterns in S s (R pages/s)"; imports and model
loading are not timed.
"""
import argparse
import math
import os
import sys
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

THRESHOLD = 15
GRID_SIZE = 3


def keras_sub_models(model, keras):
    """The article's sub-model per layer, predicted one by one."""

    def activations(pattern):
        outputs = []
        for layer in model.layers:
            sub_model = keras.Model(inputs=model.input, outputs=layer.output)
            outputs.append((layer, sub_model.predict(pattern[np.newaxis], verbose=0)[0]))
        return outputs

    return activations


def numpy_sub_models(model):
    """Each sub-model recomputed from the input in NumPy (the article's quadratic recomputation)."""
    steps = []
    for layer in model.layers:
        kind = type(layer).__name__
        weights = layer.get_weights()
        activation = getattr(layer, "activation", None)
        name = activation.__name__ if activation is not None else "linear"
        steps.append((layer, kind, weights, name))

    def activate(x, name):
        if name == "relu":
            return np.maximum(x, 0)
        if name == "softmax":
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)
        if name == "sigmoid":
            return 1 / (1 + np.exp(-x))
        if name == "tanh":
            return np.tanh(x)
        return x

    def forward(pattern, upto):
        x = pattern
        for _, kind, weights, name in steps[: upto + 1]:
            if kind == "Dense":
                x = activate(x @ weights[0] + weights[1], name)
            elif kind == "Flatten":
                x = x.reshape(-1)
            elif kind not in ("InputLayer", "Dropout"):
                raise SystemExit(f"article_way --predict numpy: no NumPy code for {kind}")
        return x

    def activations(pattern):
        return [(steps[k][0], forward(pattern, k)) for k in range(len(steps))]

    return activations


def draw_pages(shown, out_dir):
    per_page = GRID_SIZE * GRID_SIZE
    pages = math.ceil(len(shown) / per_page)
    for page in range(pages):
        fig = plt.figure(figsize=(10, 10))
        for i, (name, act) in enumerate(shown[page * per_page : (page + 1) * per_page]):
            ax = fig.add_subplot(GRID_SIZE, GRID_SIZE, i + 1)
            ax.imshow(act, cmap="viridis", aspect="auto")
            ax.set_title(f"{name} {act.shape}")
        plt.tight_layout()
        fig.savefig(os.path.join(out_dir, f"{page}.png"), dpi=100)
        plt.close(fig)
    return pages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("patterns")
    parser.add_argument("out")
    parser.add_argument("--limit", type=int, default=0, help="only the first N patterns")
    parser.add_argument("--predict", choices=["keras", "numpy"], default="keras")
    args = parser.parse_args()

    import tf_keras as keras

    model = keras.models.load_model(args.model, compile=False)
    patterns = np.load(args.patterns).astype(np.float32)
    if args.limit:
        patterns = patterns[: args.limit]
    activations = keras_sub_models(model, keras) if args.predict == "keras" else numpy_sub_models(model)

    start = time.perf_counter()
    pages = 0
    for index, pattern in enumerate(patterns):
        out_dir = args.out if len(patterns) == 1 else os.path.join(args.out, str(index))
        os.makedirs(out_dir, exist_ok=True)
        shown = [
            (layer.name, act)
            for layer, act in activations(pattern)
            if type(layer).__name__ != "InputLayer"
            and act.ndim == 2
            and act.shape[0] > THRESHOLD
            and act.shape[1] > THRESHOLD
        ]
        pages += draw_pages(shown, out_dir)
    seconds = time.perf_counter() - start
    print(f"article_way: {pages} pages for {len(patterns)} patterns in {seconds:.2f} s "
          f"({pages / seconds:.2f} pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
