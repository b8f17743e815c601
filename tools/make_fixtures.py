#!/usr/bin/env python3
"""Generate cerebro's Keras test fixtures with real Keras (tf.keras 2.x legacy, i.e. tf_keras).

    python3 -m pip install -r tools/requirements-fixtures.txt
    python3 -m pip install --no-deps tf-keras==2.21.0          (see that file for why --no-deps)
    python3 tools/make_fixtures.py              # regenerate every fixture + tests/fixtures/README.md
    python3 tools/make_fixtures.py --only NAME  # regenerate one registry entry (README left as is)
    python3 tools/make_fixtures.py --list       # list registry entries

For every reference model `M` (a file under tests/fixtures/) it writes, under tests/fixtures/ref/:
  M.input.npy     float32 inputs, shape (N, *input_shape), N = 3, uniform [0,1) from a fixed seed (or the
                  entry's input_range)
  M.npz           every layer's output (key = layer name, batch axis N, float32 as Keras computed it),
                  the input layer included (its output is the input)
  M.summary.json  same schema as ../shared/fixtures/keras/ref/*.summary.json
  M.summary.txt   Keras' own model.summary() text
All reference data is computed from the model re-loaded from the written file, so it describes the file.
"Bad" entries only write a model file that the C++ loader must refuse.

To add a model: write a builder returning a keras model (and, for bad files, an optional post-processing
step), and add a Spec to REGISTRY. The models that cover layer kinds live in layer_fixture_models.py. Seeds are per entry, so entries are independent of each other.
"""

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Tuple

# Must be set before TensorFlow is imported: tf.keras then resolves to tf_keras (Keras 2.x).
os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain (reproducible) CPU kernels

import warnings  # noqa: E402

import numpy as np  # noqa: E402
import h5py  # noqa: E402

from fixturelib import (chosen_specs, check_sizes, edit_h5_model_config, save_npz_deterministic,  # noqa: E402
                        write_json)
import tensorflow as tf  # noqa: E402

try:
    import tf_keras as keras  # noqa: E402
except ImportError:
    sys.exit("tf_keras is missing: python3 -m pip install --no-deps tf-keras==2.21.0 "
             "(see tools/requirements-fixtures.txt)")

from layer_fixture_models import (build_activations2, build_bad_lstm, build_conv, build_conv1d,  # noqa: E402
                                  build_merges, build_shapes, build_spatial, randomize_biases)

tf.get_logger().setLevel("ERROR")
warnings.filterwarnings("ignore", message=".*HDF5 file via `model.save\\(\\)`.*")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
REF = FIXTURES / "ref"
N_PATTERNS = 3


# ----------------------------------------------------------------------------------------- builders

def build_article_functional(seed):
    L = keras.layers
    inp = L.Input(shape=(50, 50), name="input_1")
    x = L.Dense(75, activation="relu", name="dense_1")(inp)
    x = L.Dense(50, activation="relu", name="my_dense")(x)
    x = L.Dense(25, activation="relu", name="dense_2")(x)
    x = L.Dense(10, activation="relu", name="dense_3")(x)
    x = L.Flatten(name="flatten_1")(x)
    out = L.Dense(5, activation="softmax", name="dense_4")(x)
    model = keras.Model(inputs=inp, outputs=out, name="article_functional")
    randomize_biases(model, seed + 1)
    return model


def build_article_sequential(seed):
    L = keras.layers
    model = keras.Sequential(
        [
            L.Dense(75, activation="relu", input_shape=(50, 50), name="dense_1"),
            L.Dense(50, activation="relu", name="my_dense"),
            L.Dense(25, activation="relu", name="dense_2"),
            L.Dense(10, activation="relu", name="dense_3"),
            L.Flatten(name="flatten_1"),
            L.Dense(5, activation="softmax", name="dense_4"),
        ],
        name="article_sequential",
    )
    randomize_biases(model, seed + 1)
    return model


def build_activations(seed):
    L = keras.layers
    model = keras.Sequential(
        [
            L.Dense(16, input_shape=(12,), name="d1"),
            L.Activation("tanh", name="act_tanh"),
            L.Dropout(0.5, name="drop"),
            L.Dense(8, activation="sigmoid", name="d2"),
            L.Dense(6, activation="linear", name="d3"),
            L.Activation("softmax", name="act_softmax"),
        ],
        name="activations",
    )
    randomize_biases(model, seed + 1)
    return model


def build_bad_lambda(seed):
    L = keras.layers
    inp = L.Input(shape=(4,), name="input_1")
    x = L.Dense(3, activation="relu", name="d1")(inp)
    # Compiled under a fixed file name so the marshalled bytecode in the file does not embed this
    # checkout's absolute path (it still depends on the Python version: bytecode is version-specific).
    times_two = eval(compile("lambda t: t * 2", "make_fixtures.py", "eval"))
    out = L.Lambda(times_two, name="times_two")(x)
    model = keras.Model(inputs=inp, outputs=out, name="bad_lambda")
    randomize_biases(model, seed + 1)
    return model




def rewrite_class_name(path, layer_name, new_class):
    """Set layer `layer_name`'s class_name to `new_class` in the root `model_config` attribute."""
    def edit(config):
        hits = [l for l in config["config"]["layers"] if l["config"]["name"] == layer_name]
        if len(hits) != 1:
            raise KeyError(f"layer {layer_name!r} not found once in model_config")
        hits[0]["class_name"] = new_class
    edit_h5_model_config(path, edit)


# ----------------------------------------------------------------------------------------- registry

@dataclass
class Spec:
    name: str                      # registry key (for --only)
    file: str                      # path relative to tests/fixtures/
    build: Callable                # build(seed) -> keras model
    seed: int
    input_shape: Optional[Tuple[int, ...]]  # None for bad files (no reference data)
    exercises: str
    post: Optional[Callable] = None  # post(path) after saving (bad files)
    input_range: Tuple[float, float] = (0.0, 1.0)  # reference inputs are uniform in [low, high)

    @property
    def bad(self):
        return self.input_shape is None


REGISTRY = [
    Spec("article", "article_tfkeras.h5", build_article_functional, 1001, (50, 50),
         "Functional model (\"Visualizing intermediate activations\" article): Dense on a rank-3 input "
         "(50x50 -> 50x75), relu/softmax, Flatten; 11,665 params; non-zero biases"),
    Spec("article_seq", "article_seq_tfkeras.h5", build_article_sequential, 1002, (50, 50),
         "same architecture as a Sequential (input layer named `dense_1_input`, not in model.summary())"),
    Spec("activations", "activations_tfkeras.h5", build_activations, 1003, (12,),
         "Activation layers (tanh, softmax), Dropout (identity at inference), Dense sigmoid/linear"),
    Spec("bad_lambda", "bad/lambda_tfkeras.h5", build_bad_lambda, 1004, None,
         "MUST BE REFUSED: Lambda layer `times_two` (config embeds marshalled Python bytecode)"),
    Spec("bad_unknown_class", "bad/unknown_class_tfkeras.h5", build_activations, 1005, None,
         "MUST BE REFUSED: activations model whose model_config says layer `act_tanh` is class "
         "`FancyLayer` (rewritten with h5py, same string storage)",
         post=lambda p: rewrite_class_name(p, "act_tanh", "FancyLayer")),
    Spec("conv", "conv_tfkeras.h5", build_conv, 1006, (7, 9, 3),
         "Conv2D valid / same with stride (asymmetric padding) / even kernel same / dilated same and valid / "
         "grouped / no bias / 1x1, DepthwiseConv2D (depth_multiplier 2, strided same; dilated valid), "
         "SeparableConv2D (same; strided valid, no bias), BatchNormalization (random moving stats; "
         "center=False; scale=False; axis=2; axis=[1, 2]), GlobalAveragePooling2D, Concatenate, Dense"),
    Spec("spatial", "spatial_tfkeras.h5", build_spatial, 1007, (7, 9, 3),
         "MaxPooling2D valid / same, AveragePooling2D valid / strided / same (means over unpadded cells), "
         "ZeroPadding2D, Cropping2D (asymmetric and int forms), UpSampling2D nearest (2x3) and bilinear, "
         "GlobalMax/AveragePooling2D with keepdims"),
    Spec("conv1d", "conv1d_tfkeras.h5", build_conv1d, 1008, (16, 4),
         "Conv1D valid / same strided / causal dilated / grouped, MaxPooling1D and AveragePooling1D "
         "(valid, same), ZeroPadding1D, Cropping1D, UpSampling1D, SpatialDropout1D, "
         "GlobalMax/AveragePooling1D with keepdims"),
    Spec("merges", "merges_tfkeras.h5", build_merges, 1009, (4, 5),
         "Functional branching: Add, Subtract, Multiply (also broadcasting (4, 5) x (1, 5)), Average, Maximum, "
         "Minimum (3 inputs), Concatenate on axis 1 and -1"),
    Spec("activations2", "activations2_tfkeras.h5", build_activations2, 1010, (4, 6),
         "every activation name tf.keras serialises (Activation layers, Dense gelu), ReLU (max_value, "
         "negative_slope, threshold and combinations), LeakyReLU (alpha, default), ELU, PReLU (random alpha; "
         "shared_axes), Softmax (axis -1 and 1); inputs uniform in [-3, 3)",
         input_range=(-3.0, 3.0)),
    Spec("shapes", "shapes_tfkeras.h5", build_shapes, 1011, (6, 4, 3),
         "Rescaling, Reshape with -1, Permute (2-D, 3-D), LayerNormalization (last axis; axes [1, 2] no "
         "center; axes [1, 3] no scale), every inference identity (Dropout, SpatialDropout1D/2D/3D, "
         "AlphaDropout, GaussianNoise/Dropout, ActivityRegularization, RandomFlip/Rotation/Zoom/Translation/"
         "Contrast/Brightness), RandomCrop (smart_resize at inference), GlobalAverage/MaxPooling2D"),
    Spec("bad_lstm", "bad/lstm_tfkeras.h5", build_bad_lstm, 1012, None,
         "MUST BE REFUSED: Sequential with an LSTM layer `lstm` (recurrent layers are not supported yet)"),
]


# ----------------------------------------------------------------------------------------- writers

def all_layers(model):
    """(layer, in_keras_summary) in model order; a Sequential's implicit InputLayer comes first."""
    out = []
    for t in model.inputs:
        layer = t._keras_history.layer
        if layer not in model.layers:
            out.append((layer, False))
    out.extend((layer, True) for layer in model.layers)
    return out


def shape_of(tensor):
    return [None if d is None else int(d) for d in tensor.shape]


def file_info(path):
    with h5py.File(path, "r") as f:
        def s(v):
            return v.decode("utf-8") if isinstance(v, bytes) else (None if v is None else str(v))
        cfg = json.loads(s(f.attrs["model_config"]))
        return cfg, s(f.attrs.get("keras_version")), s(f.attrs.get("backend"))


def write_reference(spec, path, model):
    input_name = spec.file.replace("/", "_")
    rng = np.random.default_rng(spec.seed)
    x = rng.random((N_PATTERNS,) + tuple(spec.input_shape), dtype=np.float32)
    if spec.input_range != (0.0, 1.0):
        low, high = spec.input_range
        x = (np.float32(low) + np.float32(high - low) * x).astype(np.float32)
    np.save(REF / f"{input_name}.input.npy", x)

    layers = all_layers(model)
    computed = [(l, s) for l, s in layers if not isinstance(l, keras.layers.InputLayer)]
    probe = keras.Model(inputs=model.inputs, outputs=[l.output for l, _ in computed])
    ys = probe.predict(x, batch_size=N_PATTERNS, verbose=0)
    if not isinstance(ys, list):
        ys = [ys]
    outputs = {}
    for layer, _ in layers:
        if isinstance(layer, keras.layers.InputLayer):
            outputs[layer.name] = x
    for (layer, _), y in zip(computed, ys):
        outputs[layer.name] = np.asarray(y, dtype=np.float32)
    ordered = {l.name: outputs[l.name] for l, _ in layers}
    save_npz_deterministic(REF / f"{input_name}.npz", ordered)

    final = model.predict(x, batch_size=N_PATTERNS, verbose=0)
    finals = final if isinstance(final, list) else [final]

    cfg, keras_version, backend = file_info(path)
    summary = {
        "file": spec.file,
        "format": "legacy-h5-model",
        "keras_version": keras_version,
        "backend": backend,
        "model_class": cfg["class_name"],
        "model_name": model.name,
        "inputs": [{"layer": t._keras_history.layer.name, "shape": shape_of(t)} for t in model.inputs],
        "outputs": [t._keras_history.layer.name for t in model.outputs],
        "layers": [],
        "total_params": int(model.count_params()),
        "trainable_params": int(sum(int(np.prod(w.shape)) for w in model.trainable_weights)),
        "non_trainable_params": int(sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)),
        "prediction": [np.asarray(p, dtype=np.float64).tolist() for p in finals],
    }
    for layer, in_summary in layers:
        summary["layers"].append({
            "name": layer.name,
            "class_name": type(layer).__name__,
            "output_shape": shape_of(layer.output),
            "params": int(layer.count_params()),
            "trainable_params": int(sum(int(np.prod(w.shape)) for w in layer.trainable_weights)),
            "non_trainable_params": int(sum(int(np.prod(w.shape)) for w in layer.non_trainable_weights)),
            "in_keras_summary": in_summary,
            "nested": isinstance(layer, keras.Model),
            "weights": [[w.name, [int(d) for d in w.shape]] for w in layer.weights],
        })
    write_json(REF / f"{input_name}.summary.json", summary)

    lines = []
    model.summary(print_fn=lambda line, *a, **k: lines.append(line))
    (REF / f"{input_name}.summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Sanity: Keras' own final output equals the last layer's output we recorded.
    for t, p in zip(model.outputs, finals):
        np.testing.assert_allclose(outputs[t._keras_history.layer.name], p, rtol=1e-6, atol=1e-7)
    return summary, [REF / f"{input_name}{ext}" for ext in (".input.npy", ".npz", ".summary.json",
                                                             ".summary.txt")]


def generate(spec):
    keras.backend.clear_session()           # names and seeds do not depend on what ran before
    keras.utils.set_random_seed(spec.seed)  # Python, NumPy and TF seeds -> default initialisers
    model = spec.build(spec.seed)
    path = FIXTURES / spec.file
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path, save_format="h5")
    written = [path]
    if spec.post:
        spec.post(path)
    if not spec.bad:
        REF.mkdir(parents=True, exist_ok=True)
        loaded = keras.models.load_model(path, compile=False)
        # The file must give back the model we built.
        for a, b in zip(model.get_weights(), loaded.get_weights()):
            np.testing.assert_array_equal(a, b)
        summary, refs = write_reference(spec, path, loaded)
        written += refs
        print(f"{spec.name}: {spec.file}  total_params={summary['total_params']}")
    else:
        print(f"{spec.name}: {spec.file}  (bad input, no reference)")
    check_sizes(written)
    return written


def write_readme(versions):
    rows = []
    for s in REGISTRY:
        refs = "-" if s.bad else "`ref/{0}.input.npy` `.npz` `.summary.json` `.summary.txt`".format(
            s.file.replace("/", "_"))
        shape = "-" if s.bad else "(3, " + ", ".join(map(str, s.input_shape)) + ")"
        if not s.bad and s.input_range != (0.0, 1.0):
            shape += " in [{0:g}, {1:g})".format(*s.input_range)
        rows.append(f"| `{s.file}` | `{s.name}` | {s.seed} | {shape} | {s.exercises} | {refs} |")
    text = f"""# Test fixtures

Generated by `tools/make_fixtures.py` with real Keras: {versions}
(tf.keras 2.x legacy Keras via `TF_USE_LEGACY_KERAS=1`, saved with `model.save(..., save_format="h5")`,
uncompiled so no optimizer state). Regenerate everything (and this file) with

    python3 -m pip install -r tools/requirements-fixtures.txt
    python3 -m pip install --no-deps tf-keras==2.21.0
    python3 tools/make_fixtures.py            # or: --only NAME

Every file is byte-identical across reruns with these versions (fixed seeds, fixed zip timestamps;
`bad/lambda_tfkeras.h5` embeds Python 3.11 bytecode). Seeds are fixed per entry; weights use Keras' default
initialisers under `keras.utils.set_random_seed(seed)` and biases are set to N(0, 0.1) values;
normalisation parameters (gamma, beta, BatchNormalization's moving mean and variance) and PReLU's alpha
get random non-default values too.

For each reference model `M`, `ref/M.input.npy` holds N = 3 float32 input patterns WITH the batch axis,
uniform [0, 1) from `np.random.default_rng(seed)` (scaled to the range the input column gives, if any);
`ref/M.npz` holds every layer's float32 output as
Keras computed it (key = layer name, batch axis 3, the input layer included), computed from the model
re-loaded from the file; `ref/M.summary.json` has the schema of `../shared/fixtures/keras/ref/`
(plus `prediction`, the model's final output); `ref/M.summary.txt` is Keras' own `model.summary()`.
Files under `bad/` have no reference data: the loader must refuse them with a clear error.

| file | registry name | seed | input | what it exercises | reference data |
|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    (FIXTURES / "README.md").write_text(text, encoding="utf-8")


def main(argv=None):
    specs, everything = chosen_specs(REGISTRY, __doc__.split("\n")[0], argv)
    if specs is None:
        return 0
    versions = (f"TensorFlow {tf.__version__}, tf_keras {keras.__version__}, "
                f"h5py {h5py.__version__} (HDF5 {h5py.version.hdf5_version}), NumPy {np.__version__}, "
                f"Python {sys.version.split()[0]}")
    print(versions)
    for s in specs:
        generate(s)
    if everything:
        write_readme(versions)
        print(f"wrote {FIXTURES / 'README.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
