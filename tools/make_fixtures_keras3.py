#!/usr/bin/env python3
"""Generate cerebro's Keras 3 test fixtures with real Keras 3 (TF backend), plus the few legacy files
only Keras 2 writes (tf_keras): nested, shared and multi-input/output models, weights-only files.

    python3 -m pip install -r tools/requirements-fixtures.txt
    python3 -m pip install --no-deps tf-keras==2.21.0          (see that file for why --no-deps)
    python3 tools/make_fixtures_keras3.py              # every fixture + tests/fixtures/README_keras3.md
    python3 tools/make_fixtures_keras3.py --only NAME  # one registry entry (README left as is)
    python3 tools/make_fixtures_keras3.py --list

Runs in a process WITHOUT TF_USE_LEGACY_KERAS, so `import keras` is Keras 3; tf_keras is imported by
name for the Keras 2 files. For every reference model `M` it writes, under tests/fixtures/ref/ (the
layout of tools/make_fixtures.py):
  M.input.npy     float32 inputs, shape (N, *input_shape), N = 3, uniform [0,1) from a fixed seed
                  (models with several inputs: M.input.<input name>.npy, one per input)
  M.npz           every node's output keyed by the name cerebro shows ("layer", "layer#k" for call k
                  of a layer called several times, "outer/inner" inside a nested model), batch axis N,
                  as Keras computed it with probe models on the file re-loaded
  M.summary.json  the schema of ../shared/fixtures/keras/ref/ (+ "prediction", and per layer
                  "nodes": the names of the cerebro nodes it stands for)
  M.summary.txt   Keras' own model.summary() text
For a weights-only file W applied to an architecture file, M is W (as in ../shared/fixtures).
.keras files embed a save date in metadata.json; it is rewritten to a fixed date, and zip entry
times are fixed, so reruns are byte-identical.
"""

import contextlib
import json
import os
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List

os.environ.pop("TF_USE_LEGACY_KERAS", None)  # before TensorFlow is imported: keras is Keras 3
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain (reproducible) CPU kernels

import warnings  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import tf_keras  # noqa: E402
from keras.src.legacy.saving import legacy_h5_format  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fixturelib  # noqa: E402
from keras_refs import Flavour, file_info, randomize_biases, write_reference  # noqa: E402

if not keras.__version__.startswith("3."):
    sys.exit(f"needs Keras 3, got keras {keras.__version__}")
tf.get_logger().setLevel("ERROR")
warnings.filterwarnings("ignore")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
REF = FIXTURES / "ref"


K3 = Flavour(keras, True)
K2 = Flavour(tf_keras, False)


# ----------------------------------------------------------------------------------- builders

def build_custom_names(fl, seed):
    """Layer names that do not match where Keras 3 stores the weights (layers/<class>_k)."""
    L = fl.K.layers
    inp = L.Input((12,), name="pixels")
    x = L.Dense(16, activation="relu", name="dense_1")(inp)  # weights at layers/dense
    x = L.Dense(10, activation="tanh", name="dense")(x)      # weights at layers/dense_1
    x = L.Dropout(0.25, name="drop")(x)
    x = L.Dense(8, name="my_dense")(x)                       # weights at layers/dense_2
    out = L.Activation("softmax", name="probs")(x)
    model = fl.K.Model(inp, out, name="custom_names")
    randomize_biases(fl, model, seed + 1)
    return model


def build_nested(fl, seed):
    """A Sequential and a Functional model used as layers; a frozen layer inside the Sequential."""
    K, L = fl.K, fl.K.layers
    inner = K.Sequential([L.InputLayer(input_shape=(12,)) if not fl.is_k3 else L.Input((12,)),
                          L.Dense(8, activation="relu", name="in_a"),
                          L.Dropout(0.1, name="in_drop"),
                          L.Dense(6, name="in_b")], name="inner_seq")
    # Frozen: the legacy .h5 layout then lists in_b's weights before in_a's (trainable first).
    inner.get_layer("in_a").trainable = False
    blk_in = L.Input((6,), name="blk_in")
    b = L.Dense(5, activation="tanh", name="blk_dense")(blk_in)
    b = L.Activation("relu", name="blk_act")(b)
    block = K.Model(blk_in, b, name="block")
    inp = L.Input((10,), name="features")
    x = L.Dense(12, activation="relu", name="pre")(inp)
    x = inner(x)
    x = block(x)
    out = L.Dense(3, activation="softmax", name="out")(x)
    model = K.Model(inp, out, name="nested")
    randomize_biases(fl, model, seed + 1)
    return model


def build_shared(fl, seed):
    """Two inputs, two outputs; a Dense called three times; a nested Sequential called twice."""
    K, L = fl.K, fl.K.layers
    left = L.Input((8,), name="left")
    right = L.Input((8,), name="right")
    shared = L.Dense(8, activation="tanh", name="shared")
    tower = K.Sequential([L.InputLayer(input_shape=(8,)) if not fl.is_k3 else L.Input((8,)),
                          L.Dense(6, activation="relu", name="t_dense"),
                          L.Dense(4, name="t_out")], name="tower")
    a = shared(left)   # shared#0
    b = shared(right)  # shared#1
    a = shared(a)      # shared#2
    out_a = L.Dense(3, activation="softmax", name="head_a")(tower(a))  # tower#0
    out_b = L.Dense(2, activation="sigmoid", name="head_b")(tower(b))  # tower#1
    model = K.Model([left, right], [out_a, out_b], name="shared_two_io")
    randomize_biases(fl, model, seed + 1)
    return model


def build_merge(fl, seed):
    """Branches joined by Add and Concatenate."""
    K, L = fl.K, fl.K.layers
    inp = L.Input((10,), name="x")
    a = L.Dense(8, activation="relu", name="branch_a")(inp)
    b = L.Dense(8, activation="tanh", name="branch_b")(inp)
    s = L.Add(name="sum")([a, b])
    c = L.Concatenate(name="concat")([s, a])
    out = L.Dense(4, activation="softmax", name="out")(c)
    model = K.Model(inp, out, name="merge")
    randomize_biases(fl, model, seed + 1)
    return model


def build_chunked(fl, seed):
    L = fl.K.layers
    names = [f"a_rather_long_layer_name_number_{i}" for i in range(4)]
    model = fl.K.Sequential([L.Input((7,)),
                             L.Dense(6, activation="relu", name=names[0]),
                             L.Dense(5, activation="tanh", name=names[1]),
                             L.Dense(4, name=names[2]),
                             L.Activation("softmax", name=names[3])], name="chunked_names")
    randomize_biases(fl, model, seed + 1)
    return model


def build_weights_k3(fl, seed, names=("enc", "mid", "drop", "dec"), mid_units=5):
    L = fl.K.layers
    n = (lambda i: names[i]) if names else (lambda i: None)
    inp = L.Input((9,), name="inp" if names else None)
    x = L.Dense(7, activation="relu", name=n(0))(inp)
    x = L.Dense(mid_units, activation="tanh", name=n(1))(x)
    x = L.Dropout(0.2, name=n(2))(x)
    out = L.Dense(4, activation="softmax", name=n(3))(x)
    model = fl.K.Model(inp, out, name="weights_pair" if names else None)
    randomize_biases(fl, model, seed + 1)
    return model


def build_weights_k2(fl, seed, core_units=6):
    """tf_keras: a Functional model with a nested Sequential (frozen first layer)."""
    K, L = fl.K, fl.K.layers
    core = K.Sequential([L.InputLayer(input_shape=(7,)), L.Dense(core_units, activation="relu", name="core_a"),
                         L.Dense(5, name="core_b")], name="core")
    core.get_layer("core_a").trainable = False
    inp = L.Input((9,), name="inp")
    x = L.Dense(7, activation="relu", name="enc")(inp)
    out = L.Dense(4, activation="softmax", name="dec")(core(x))
    model = K.Model(inp, out, name="legacy_pair")
    randomize_biases(fl, model, seed + 1)
    return model


# ----------------------------------------------------------------------------------- writers

def fresh(fl, seed):
    fl.K.backend.clear_session()    # names and seeds do not depend on what ran before
    fl.K.utils.set_random_seed(seed)  # Python, NumPy and TF seeds -> default initialisers


def save(fl, model, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".keras":
        model.save(path)
        fixturelib.normalize_keras_zip(path)
    elif fl.is_k3:
        model.save(path)  # Keras 3 writes the legacy HDF5 layout for .h5 names
    else:
        model.save(path, save_format="h5")


def load(fl, path):
    return fl.K.models.load_model(path, compile=False)


def same_weights(a, b):
    for x, y in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(x, y)


def model_entry(fl, build, seed, file, fmt):
    """Builds, saves, re-loads and writes the reference data of one model file."""
    fresh(fl, seed)
    model = build(fl, seed)
    path = FIXTURES / file
    save(fl, model, path)
    loaded = load(fl, path)
    same_weights(model, loaded)
    return [path] + write_reference(fl, loaded, REF, path.name, seed, file_info(path, fmt, FIXTURES))


@contextlib.contextmanager
def hdf5_attribute_limit(limit):
    """Keras splits a list attribute over name0, name1, ... when it exceeds HDF5's 64 KiB object
    header; a low limit makes its own code do so in a tiny file."""
    saved = legacy_h5_format.HDF5_OBJECT_HEADER_LIMIT
    legacy_h5_format.HDF5_OBJECT_HEADER_LIMIT = limit
    try:
        yield
    finally:
        legacy_h5_format.HDF5_OBJECT_HEADER_LIMIT = saved


def make_chunked(spec):
    with hdf5_attribute_limit(64):
        written = model_entry(K3, build_chunked, spec.seed, spec.file, "legacy-h5-model")
    with h5py.File(FIXTURES / spec.file, "r") as f:
        group = f["model_weights"]
        assert "layer_names" not in group.attrs and "layer_names1" in group.attrs, "layer_names not chunked"
        first = group[group.attrs["layer_names0"][0]]
        assert "weight_names1" in first.attrs, "weight_names not chunked"
    return written


def make_weights_k3(spec):
    """A .keras architecture (its own weights from another seed) + a Keras 3 .weights.h5 saved from
    a model whose layers have Keras' default names: Keras matches by position, not by name."""
    arch_path = FIXTURES / "wo_arch_keras3.keras"
    fresh(K3, spec.seed)
    save(K3, build_weights_k3(K3, spec.seed), arch_path)
    fresh(K3, spec.seed + 1)
    source = build_weights_k3(K3, spec.seed + 1, names=None)
    weights_path = FIXTURES / spec.file
    source.save_weights(weights_path)
    fresh(K3, spec.seed + 2)
    bad_path = FIXTURES / "bad" / "wo_shapes_keras3.weights.h5"
    build_weights_k3(K3, spec.seed + 2, names=None, mid_units=6).save_weights(bad_path)

    model = load(K3, arch_path)
    model.load_weights(weights_path)
    same_weights(source, model)
    info = {"file": spec.file, "format": "keras-v3-weights-only", "architecture": arch_path.name,
            "keras_version": keras.__version__, "backend": None}
    return [arch_path, weights_path, bad_path] + write_reference(K3, model, REF, weights_path.name, spec.seed, info)


def make_weights_k2(spec):
    """tf_keras: a model.to_json() architecture + a save_weights .h5 (legacy layout, no model_config)."""
    fresh(K2, spec.seed)
    source = build_weights_k2(K2, spec.seed)
    arch_path = FIXTURES / "wo_arch_tfkeras.json"
    arch_path.write_text(source.to_json(), encoding="utf-8")
    weights_path = FIXTURES / spec.file
    source.save_weights(weights_path)
    fresh(K2, spec.seed + 2)
    bad_path = FIXTURES / "bad" / "wo_shapes_tfkeras_weights.h5"
    build_weights_k2(K2, spec.seed + 2, core_units=3).save_weights(bad_path)

    fresh(K2, spec.seed + 1)
    model = tf_keras.models.model_from_json(arch_path.read_text(encoding="utf-8"))
    model.load_weights(weights_path)
    same_weights(source, model)
    info = file_info(weights_path, "legacy-h5-weights-only", FIXTURES)
    info["architecture"] = arch_path.name
    return [arch_path, weights_path, bad_path] + write_reference(K2, model, REF, weights_path.name, spec.seed, info)


def edited_config(config, layer, keras_history):
    """The config with `layer`'s one input rewired to keras_history [name, node, tensor]."""
    config = json.loads(json.dumps(config))
    hits = [l for l in config["config"]["layers"] if l["name"] == layer]
    hits[0]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] = keras_history
    return config


def make_bad_archives(spec):
    """Hostile or broken .keras files derived from custom_names_keras3.keras."""
    base = FIXTURES / "custom_names_keras3.keras"
    if not base.exists():
        run(by_name("custom_names"))
    entries = [(info.filename, data, info.compress_type) for info, data in fixturelib.read_zip(base)]
    config = json.loads(dict((n, d) for n, d, _ in entries)["config.json"])
    bad = FIXTURES / "bad"
    bad.mkdir(exist_ok=True)
    written = []

    def write(path, new_entries):
        fixturelib.write_zip(path, new_entries)
        written.append(path)

    def with_config(cfg):
        return [(n, json.dumps(cfg).encode("utf-8") if n == "config.json" else d, c) for n, d, c in entries]

    write(bad / "no_config_keras3.keras", [e for e in entries if e[0] != "config.json"])
    write(bad / "cyclic_keras3.keras", with_config(edited_config(config, "dense_1", ["my_dense", 0, 0])))
    write(bad / "dangling_keras3.keras", with_config(edited_config(config, "dense", ["ghost", 0, 0])))
    huge = bad / "huge_entry_keras3.keras"
    write(huge, [(n, d, zipfile.ZIP_DEFLATED if n == "model.weights.h5" else c) for n, d, c in entries])
    fixturelib.declare_uncompressed_size(huge, "model.weights.h5", 3_000_000_000)
    # Loads like custom_names: entry names are never paths, "../config.json" is not config.json.
    write(FIXTURES / "dotdot_entry_keras3.keras",
          entries + [("../x", b"must never be written anywhere\n", zipfile.ZIP_STORED),
                     ("../config.json", b"not the config\n", zipfile.ZIP_STORED)])

    with h5py.File(bad / "no_model_config.h5", "w") as f:
        f.create_dataset("data", data=np.arange(4, dtype=np.float32))
    written.append(bad / "no_model_config.h5")
    nested = FIXTURES / "nested_tfkeras.h5"
    if not nested.exists():
        run(by_name("nested_tfkeras"))
    for name, key, value in (("theano_tfkeras.h5", "backend", "theano"), ("keras1_tfkeras.h5", "keras_version", "1.2.2")):
        shutil.copyfile(nested, bad / name)
        with h5py.File(bad / name, "r+") as f:
            f.attrs[key] = value
        written.append(bad / name)
    return written


# ----------------------------------------------------------------------------------- registry

@dataclass
class Spec:
    name: str
    file: str
    seed: int
    make: Callable[["Spec"], List[Path]]
    inputs: str
    exercises: str


def simple(fl, build, fmt):
    return lambda spec: model_entry(fl, build, spec.seed, spec.file, fmt)


REGISTRY = [
    Spec("custom_names", "custom_names_keras3.keras", 3001, simple(K3, build_custom_names, "keras-v3-zip"), "(3, 12)",
         "Keras 3 .keras; layer names that differ from the weight paths (`dense_1` sits under layers/dense, "
         "`dense` under layers/dense_1): a loader keyed by layer name gets the shapes wrong"),
    Spec("nested_keras3", "nested_keras3.keras", 3002, simple(K3, build_nested, "keras-v3-zip"), "(3, 10)",
         "Sequential `inner_seq` (frozen `in_a`) and Functional `block` nested in a Functional model; "
         "weights under layers/sequential/layers/dense/vars"),
    Spec("nested_keras3_h5", "nested_keras3.h5", 3002, simple(K3, build_nested, "legacy-h5-model"), "(3, 10)",
         "the same model written by Keras 3 as legacy .h5: a nested model's weights listed flat, trainable first"),
    Spec("nested_tfkeras", "nested_tfkeras.h5", 3003, simple(K2, build_nested, "legacy-h5-model"), "(3, 10)",
         "the same architecture from tf_keras: nested models' calls numbered from 1 in inbound_nodes"),
    Spec("shared_keras3", "shared_keras3.keras", 3004, simple(K3, build_shared, "keras-v3-zip"), "(3, 8) x 2",
         "two inputs, two outputs; Dense `shared` called 3 times (`shared#0..2`), Sequential `tower` called "
         "twice (`tower#0/t_dense`, ...)"),
    Spec("shared_tfkeras", "shared_tfkeras.h5", 3005, simple(K2, build_shared, "legacy-h5-model"), "(3, 8) x 2",
         "the same from tf_keras (Keras 2 inbound_nodes, node indices of shared and nested layers)"),
    Spec("merge", "merge_keras3.keras", 3006, simple(K3, build_merge, "keras-v3-zip"), "(3, 10)",
         "branches joined by Add and Concatenate"),
    Spec("chunked", "chunked_names_keras3.h5", 3007, make_chunked, "(3, 7)",
         "Keras 3 legacy .h5 whose layer_names and weight_names are split over name0, name1, ... "
         "(Keras' own splitting, with its 64 KiB limit lowered to 64 bytes)"),
    Spec("weights_keras3", "wo_keras3.weights.h5", 3008, make_weights_k3, "(3, 9)",
         "Keras 3 save_weights file (saved from a model with default layer names) for the architecture "
         "`wo_arch_keras3.keras` (whose own weights differ); `bad/wo_shapes_keras3.weights.h5`: a middle "
         "layer of another size"),
    Spec("weights_tfkeras", "wo_tfkeras_weights.h5", 3011, make_weights_k2, "(3, 9)",
         "tf_keras save_weights .h5 (legacy, no model_config; a nested Sequential with a frozen layer) for "
         "the architecture `wo_arch_tfkeras.json` (model.to_json()); `bad/wo_shapes_tfkeras_weights.h5`: "
         "same names, `core_a` of another size"),
    Spec("bad_archives", "bad/", 0, make_bad_archives, "-",
         "MUST BE REFUSED: `no_config_keras3.keras` (no config.json), `huge_entry_keras3.keras` "
         "(model.weights.h5 declares 3e9 bytes: refused before inflating), `cyclic_keras3.keras`, "
         "`dangling_keras3.keras` (config edited: a cycle, an input naming a missing layer), "
         "`no_model_config.h5`, `theano_tfkeras.h5`, `keras1_tfkeras.h5`. Also writes "
         "`dotdot_entry_keras3.keras`: custom_names plus entries `../x` and `../config.json`, which must "
         "load as custom_names does"),
]


def by_name(name):
    return next(s for s in REGISTRY if s.name == name)


def run(spec):
    written = spec.make(spec)
    fixturelib.check_sizes(written)
    print(f"{spec.name}: " + ", ".join(str(p.relative_to(FIXTURES)) for p in written))
    return written


def write_readme(versions):
    rows = [f"| `{s.file}` | `{s.name}` | {s.seed or '-'} | {s.inputs} | {s.exercises} |" for s in REGISTRY]
    text = f"""# Keras 3 test fixtures

Generated by `tools/make_fixtures_keras3.py` with real Keras: {versions}. Keras 3 files come from
`import keras` (TF backend, TF_USE_LEGACY_KERAS unset), `*_tfkeras*` files from tf_keras in the same
process. Regenerate with

    python3 tools/make_fixtures_keras3.py            # or: --only NAME

Every file is byte-identical across reruns with these versions: fixed seeds, fixed zip entry times, and
the save date Keras embeds in a .keras file's metadata.json rewritten to {fixturelib.FIXED_SAVE_DATE}.

Reference data (`ref/`) follows tests/fixtures/README.md: `M.input.npy` (3 patterns; a model with several
inputs has `M.input.<input>.npy` per input), `M.npz` keyed by the name cerebro shows for each node
(`shared#1` for the second call of a shared layer, `tower#0/t_dense` inside a nested model called
twice, `inner_seq/in_a` inside one called once), `M.summary.json` (+ `nodes` per layer), `M.summary.txt`.
For a weights-only file `W`, `M` is `W`; its summary.json names the architecture file.

| file | registry name | seed | input | what it exercises |
|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    (FIXTURES / "README_keras3.md").write_text(text, encoding="utf-8")


def main(argv=None):
    specs, everything = fixturelib.chosen_specs(REGISTRY, __doc__.split("\n")[0], argv)
    if specs is None:
        return 0
    versions = (f"TensorFlow {tf.__version__}, Keras {keras.__version__}, tf_keras {tf_keras.__version__}, "
                f"h5py {h5py.__version__} (HDF5 {h5py.version.hdf5_version}), NumPy {np.__version__}, "
                f"Python {sys.version.split()[0]}")
    print(versions)
    REF.mkdir(parents=True, exist_ok=True)
    for s in specs:
        run(s)
    if everything:
        write_readme(versions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
