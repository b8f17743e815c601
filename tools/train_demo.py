#!/usr/bin/env python3
"""Train cerebro's bundled demo models on Fashion-MNIST with real Keras (Keras 3, as TensorFlow ships it).

    apt-get install dataset-fashion-mnist          (the IDX files under /usr/share/datasets/fashion-mnist/)
    python3 -m pip install -r tools/requirements-fixtures.txt pillow
    python3 tools/train_demo.py                    # train both models, write assets/ and the test references
    python3 tools/train_demo.py --references-only  # keep the committed models, rewrite the test references

Writes
  assets/models/fashion_mlp.keras (+ .h5)  the article's style: Dense layers applied to the 28 image rows, so
                                           every hidden layer's output is a 2-D map (28x64, 28x32, 28x16) that
                                           the article's display rule shows; then Flatten and Dense softmax
  assets/models/fashion_cnn.keras (+ .h5)  a small CNN: Conv2D, BatchNormalization, ReLU, MaxPooling2D (x2),
                                           Flatten, Dense, Dense softmax
  assets/models/fashion_metrics.json       test accuracy of each model, epochs, seeds and library versions
  assets/fashion_mnist_labels.txt          the ten class names, one a line, in label order
  tests/fixtures/patterns/fashion/*.png    the first FASHION_REFS test images as 8-bit grayscale PNGs
                                           (their classes in tests/fixtures/patterns/fashion_labels.txt)
  tests/fixtures/patterns/fashion_{mlp,cnn}.ref.npz
                                           every layer's output for those images (the CNN: the first one)
                                           as Keras computes it
                                           (key = layer name, batch axis first, float32), from the models
                                           re-loaded from the written .keras files

Inputs are the uint8 pixels divided by 255 (float32, 0 = black background): cerebro's default for
8-bit images and IDX files, so `cerebro export MODEL --patterns t10k-images-idx3-ubyte.gz` feeds the
models exactly what they were trained on.

Deterministic-ish: fixed seeds, TensorFlow's op determinism and one thread, so a rerun on the same
versions gives the same weights; other versions or CPUs may differ in the last bits.
"""

import argparse
import gzip
import json
import os
import platform
import sys
import time
import zipfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain (reproducible) CPU kernels
os.environ.pop("TF_USE_LEGACY_KERAS", None)  # Keras 3, whatever the caller's shell says

import warnings  # noqa: E402

import numpy as np  # noqa: E402
from numpy.lib import format as npformat  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from PIL import Image  # noqa: E402

tf.get_logger().setLevel("ERROR")
warnings.filterwarnings("ignore", message=".*HDF5 file via `model.save\\(\\)`.*")

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "assets"
MODELS = ASSETS / "models"
FIXTURES = REPO / "tests" / "fixtures" / "patterns"
DATASET = Path("/usr/share/datasets/fashion-mnist")
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SEED = 2024
FASHION_REFS = 5
MAX_MODEL_BYTES = 2 * 1024 * 1024


def read_idx(path):
    """An IDX file (http://yann.lecun.com/exdb/mnist/): magic 0x0000 08 <rank>, big-endian dims, uint8 data."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0:3] != b"\x00\x00\x08":
        sys.exit(f"{path}: not an uint8 IDX file")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_fashion():
    files = {k: DATASET / f"{k}-idx{3 if 'images' in k else 1}-ubyte.gz"
             for k in ("train-images", "train-labels", "t10k-images", "t10k-labels")}
    missing = [str(p) for p in files.values() if not p.exists()]
    if missing:
        sys.exit("Fashion-MNIST is missing (apt-get install dataset-fashion-mnist): " + ", ".join(missing))
    return {k: read_idx(p) for k, p in files.items()}


def to_inputs(images):
    return images.astype(np.float32) / np.float32(255.0)


def build_mlp():
    inputs = keras.Input((28, 28), name="image")
    x = keras.layers.Dense(64, activation="relu", name="rows_64")(inputs)
    x = keras.layers.Dense(32, activation="relu", name="rows_32")(x)
    x = keras.layers.Dense(16, activation="relu", name="rows_16")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="class")(x)
    return keras.Model(inputs, outputs, name="fashion_mlp")


def build_cnn():
    inputs = keras.Input((28, 28, 1), name="image")
    x = inputs
    for i, filters in enumerate((16, 32), start=1):
        x = keras.layers.Conv2D(filters, 3, name=f"conv{i}")(x)
        x = keras.layers.BatchNormalization(name=f"bn{i}")(x)
        x = keras.layers.Activation("relu", name=f"relu{i}")(x)
        x = keras.layers.MaxPooling2D(2, name=f"pool{i}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(64, activation="relu", name="hidden")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="class")(x)
    return keras.Model(inputs, outputs, name="fashion_cnn")


# name -> (builder, epochs, input reshaper, test images in the reference). The CNN's reference keeps
# one image: its conv-sized layers take ~120 KB compressed per image (fixtures stay under 200 KB;
# batches of several patterns are checked by the MLP's reference and tests/fixtures/ref/).
MODELS_SPEC = {
    "fashion_mlp": (build_mlp, 6, lambda x: x, FASHION_REFS),
    "fashion_cnn": (build_cnn, 3, lambda x: x[..., np.newaxis], 1),
}


def train(name, data):
    build, epochs, shape, _ = MODELS_SPEC[name]
    keras.utils.set_random_seed(SEED)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    start = time.time()
    model.fit(shape(to_inputs(data["train-images"])), data["train-labels"].astype(np.int64),
              batch_size=128, epochs=epochs, shuffle=True, verbose=2)
    seconds = time.time() - start
    # An uncompiled copy: the files hold the architecture and weights, no optimizer state.
    clean = build()
    clean.set_weights(model.get_weights())
    keras_path = MODELS / f"{name}.keras"
    clean.save(keras_path)
    clean.save(MODELS / f"{name}.h5")
    for path in (keras_path, MODELS / f"{name}.h5"):
        size = path.stat().st_size
        if size > MAX_MODEL_BYTES:
            sys.exit(f"{path}: {size} bytes is over the 2 MB budget")
    reloaded = keras.models.load_model(keras_path)
    probabilities = reloaded.predict(shape(to_inputs(data["t10k-images"])), batch_size=500, verbose=0)
    accuracy = float(np.mean(np.argmax(probabilities, axis=1) == data["t10k-labels"]))
    print(f"{name}: test accuracy {accuracy:.4f} after {epochs} epochs ({seconds:.0f} s)")
    return {"epochs": epochs, "batch_size": 128, "optimizer": "Adam(1e-3)", "test_accuracy": round(accuracy, 4),
            "params": int(reloaded.count_params()), "train_seconds": round(seconds, 1)}


def layer_outputs(model, inputs):
    """Every layer's output in one pass (the InputLayer's output is the input), keyed by layer name."""
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    probe = keras.Model(model.inputs, [layer.output for layer in layers])
    outputs = probe.predict(inputs, verbose=0)
    arrays = {model.layers[0].name if isinstance(model.layers[0], keras.layers.InputLayer) else "input": inputs}
    arrays.update({layer.name: np.asarray(out, dtype=np.float32) for layer, out in zip(layers, outputs)})
    return arrays


def save_npz(path, arrays):
    """np.savez_compressed's layout with a fixed timestamp, so reruns write identical bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as entry:
                npformat.write_array(entry, np.ascontiguousarray(array), allow_pickle=False)


def write_references(data):
    """PNGs of the first test images and Keras' per-layer outputs for them, for the end-to-end test."""
    folder = FIXTURES / "fashion"
    folder.mkdir(parents=True, exist_ok=True)
    images = data["t10k-images"][:FASHION_REFS]
    for i, image in enumerate(images):
        # Pillow writes no timestamp chunk, so the PNG bytes depend on the pixels only.
        Image.fromarray(image).save(folder / f"{i:03d}.png", optimize=False)
    (FIXTURES / "fashion_labels.txt").write_text("".join(f"{i:03d}.png {LABELS[l]}\n"
                                               for i, l in enumerate(data["t10k-labels"][:FASHION_REFS])))
    for name, (_, _, shape, count) in MODELS_SPEC.items():
        model = keras.models.load_model(MODELS / f"{name}.keras")
        arrays = layer_outputs(model, shape(to_inputs(images[:count])))
        out = FIXTURES / f"{name}.ref.npz"
        save_npz(out, arrays)
        print(f"wrote {out.relative_to(REPO)} ({out.stat().st_size} bytes): {', '.join(arrays)}")


def versions():
    return {"python": platform.python_version(), "tensorflow": tf.__version__, "keras": keras.__version__,
            "numpy": np.__version__}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--references-only", action="store_true", help="do not train; rewrite the test references")
    args = parser.parse_args(argv)
    tf.config.experimental.enable_op_determinism()
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    data = load_fashion()
    MODELS.mkdir(parents=True, exist_ok=True)
    if not args.references_only:
        metrics = {"seed": SEED, "dataset": str(DATASET), "inputs": "uint8 pixels / 255 (float32)",
                   "versions": versions(), "models": {name: train(name, data) for name in MODELS_SPEC}}
        (MODELS / "fashion_metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
        (ASSETS / "fashion_mnist_labels.txt").write_text("".join(label + "\n" for label in LABELS))
    write_references(data)


if __name__ == "__main__":
    main()
