#!/usr/bin/env python3
"""Write the hostile and broken model files of tests/bad_inputs/ (issue 9's bad-input table) into
tests/fixtures/bad/, with real Keras 3 and h5py, from fixtures the other generators made:

    python3 tools/make_bad_fixtures.py          # after tools/make_fixtures.py and make_fixtures_keras3.py

Each file starts from a good fixture and changes one thing, so the loader must refuse exactly that
thing (see tests/bad_inputs/README.md for what each one must produce). Reruns with the same versions
write identical bytes (fixed zip times, no timestamps in the HDF5 files we touch).
"""

import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

os.environ.pop("TF_USE_LEGACY_KERAS", None)  # keras is Keras 3
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tf_keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fixturelib  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
BAD = FIXTURES / "bad"

# Names no file system should ever see as paths: parent steps, absolute paths, a NUL, a leading dash,
# a backslash, shell wildcards, non-ASCII. The model's own name too (it names the --plot-model file).
EVIL_NAMES = {
    "pixels": "../../evil",
    "dense_1": "/tmp/cerebro-evil/abs",
    "dense": "a/b\u0000c",
    "drop": "..",
    "my_dense": "-rf",
    "probs": "con\u00e9 \\*?<>|",
}
EVIL_MODEL_NAME = "../../evil_model"

# Upsampled copies of a 4x4 input: each 128000 x 128000 floats (61 GiB, under the 2^34 values a
# single shape may hold), twenty of them: 1.2 TiB for one pattern, more than any machine we run on.
HUGE_BRANCHES = 20
HUGE_FACTOR = 32000


def rewrite_keras_zip(source, target, edit_config):
    entries = [(info.filename, data, info.compress_type) for info, data in fixturelib.read_zip(source)]
    config = json.loads(dict((n, d) for n, d, _ in entries)["config.json"])
    edit_config(config)
    fixturelib.write_zip(target, [(n, json.dumps(config).encode("utf-8") if n == "config.json" else d, c)
                                  for n, d, c in entries])
    return target


def rename_everywhere(value, renames):
    """Renames layers in a Keras 3 functional config: their "name", and every keras_history,
    input_layers and output_layers entry that refers to them."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "name" and isinstance(item, str) and item in renames and "class_name" not in value:
                value[key] = renames[item]
            elif key == "keras_history" and isinstance(item, list) and item and item[0] in renames:
                item[0] = renames[item[0]]
            elif key in ("input_layers", "output_layers") and isinstance(item, list):
                for ref in (item if item and isinstance(item[0], list) else [item]):
                    if ref and ref[0] in renames:
                        ref[0] = renames[ref[0]]
            else:
                rename_everywhere(item, renames)
    elif isinstance(value, list):
        for item in value:
            rename_everywhere(item, renames)


def make_evil_names():
    def edit(config):
        for layer in config["config"]["layers"]:
            old = layer["name"]
            layer["name"] = EVIL_NAMES[old]
            layer["config"]["name"] = EVIL_NAMES[old]
        for layer in config["config"]["layers"]:
            rename_everywhere(layer["inbound_nodes"], EVIL_NAMES)
        rename_everywhere({"input_layers": config["config"]["input_layers"]}, EVIL_NAMES)
        rename_everywhere({"output_layers": config["config"]["output_layers"]}, EVIL_NAMES)
        config["config"]["name"] = EVIL_MODEL_NAME
        config["name"] = EVIL_MODEL_NAME
    return rewrite_keras_zip(FIXTURES / "custom_names_keras3.keras", BAD / "evil_names_keras3.keras", edit)


# Names that sanitise to the same file stem, or to the export's own index file (layers.json).
COLLIDING_NAMES = {
    "pixels": "x y",
    "dense_1": "x_y",
    "dense": "x_y_2",
    "drop": "layers",
    "my_dense": "layers.json",
    "probs": "LAYERS",
}


def make_colliding_names():
    def edit(config):
        for layer in config["config"]["layers"]:
            layer["name"] = layer["config"]["name"] = COLLIDING_NAMES[layer["name"]]
            rename_everywhere(layer["inbound_nodes"], COLLIDING_NAMES)
        rename_everywhere({"input_layers": config["config"]["input_layers"]}, COLLIDING_NAMES)
        rename_everywhere({"output_layers": config["config"]["output_layers"]}, COLLIDING_NAMES)
    return rewrite_keras_zip(FIXTURES / "custom_names_keras3.keras", BAD / "colliding_names_keras3.keras", edit)


def make_evil_model_name():
    """Only the model's name is hostile (it names the --plot-model file); the layers keep theirs, so
    Graphviz can draw them."""
    def edit(config):
        config["config"]["name"] = EVIL_MODEL_NAME
        config["name"] = EVIL_MODEL_NAME
    return rewrite_keras_zip(FIXTURES / "custom_names_keras3.keras", BAD / "evil_model_name_keras3.keras", edit)


def make_control_chars_in_name():
    """An unsupported layer whose name holds a newline and a terminal escape (clear screen): the
    error naming it must stay one line and print the bytes escaped."""
    def edit(config):
        renames = {"probs": "x\ny\u001b[2J"}
        for layer in config["config"]["layers"]:
            if layer["name"] == "probs":
                layer["name"] = layer["config"]["name"] = renames["probs"]
                layer["class_name"] = "NoSuchLayer"
        rename_everywhere({"output_layers": config["config"]["output_layers"]}, renames)
    return rewrite_keras_zip(FIXTURES / "custom_names_keras3.keras", BAD / "control_chars_keras3.keras", edit)


def make_code_in_config():
    """A layer whose config asks for a Python callable by module and name (os.system): refused by
    its class, never imported or called."""
    def edit(config):
        layer = [l for l in config["config"]["layers"] if l["name"] == "probs"][0]
        layer["module"] = "os"
        layer["class_name"] = "system"
        layer["registered_name"] = "system"
        layer["config"]["command"] = "touch /tmp/cerebro-was-pwned"
    return rewrite_keras_zip(FIXTURES / "custom_names_keras3.keras", BAD / "os_system_keras3.keras", edit)


def make_keras3_lambda():
    """Keras 3 stores a Lambda's function as base64 marshalled bytecode ("__lambda__")."""
    inp = keras.Input(shape=(4,), name="inp")
    touch = eval(compile("lambda t: t * 2", "make_bad_fixtures.py", "eval"))
    out = keras.layers.Lambda(touch, name="times_two")(inp)
    model = keras.Model(inp, out, name="k3_lambda")
    path = BAD / "lambda_keras3.keras"
    model.save(path)
    fixturelib.normalize_keras_zip(path)
    return path


def make_huge_buffers():
    inp = keras.Input(shape=(4, 4, 1), name="small")
    outs = [keras.layers.UpSampling2D(size=2, name=f"up{k}")(inp) for k in range(HUGE_BRANCHES)]
    model = keras.Model(inp, outs, name="huge_buffers")
    path = BAD / "huge_buffers_keras3.keras"
    model.save(path)
    fixturelib.normalize_keras_zip(path)

    def edit(config):
        for layer in config["config"]["layers"]:
            if layer["class_name"] == "UpSampling2D":
                layer["config"]["size"] = [HUGE_FACTOR, HUGE_FACTOR]
    return rewrite_keras_zip(path, path, edit)


def edit_h5_config(source, target, edit):
    """Copies a legacy full-model .h5 and edits its model_config attribute, keeping the attribute's
    HDF5 string storage (variable- or fixed-length, charset)."""
    shutil.copyfile(source, target)
    fixturelib.edit_h5_model_config(target, edit)
    return target


def layer_config(config, name):
    hits = [l for l in config["config"]["layers"] if l["config"]["name"] == name]
    assert len(hits) == 1, name
    return hits[0]["config"]


def make_unknown_activation():
    def edit(config):
        layer_config(config, "d2")["activation"] = "fancy_act"
    return edit_h5_config(FIXTURES / "activations_tfkeras.h5", BAD / "unknown_activation_tfkeras.h5", edit)


def make_weight_shape_mismatch():
    def edit(config):
        layer_config(config, "my_dense")["units"] = 49  # the stored kernel is (75, 50)
    return edit_h5_config(FIXTURES / "article_tfkeras.h5", BAD / "weight_shape_tfkeras.h5", edit)


def make_nonfinite_pattern():
    """One article pattern with NaN, +Inf and -Inf in chosen rows, and every layer's output as
    tf.keras computes it (the non-finite values spread along Dense rows, and +Inf meeting -Inf in a
    sum gives NaN)."""
    rng = np.random.default_rng(9009)
    x = rng.random((1, 50, 50), dtype=np.float32)
    x[0, 3, 7] = np.nan
    x[0, 3, 8] = np.nan
    x[0, 10, 0] = np.inf
    x[0, 20, 49] = -np.inf
    x[0, 30, 5] = np.inf
    x[0, 30, 6] = -np.inf
    model = tf_keras.models.load_model(FIXTURES / "article_tfkeras.h5", compile=False)
    probe = tf_keras.Model(model.inputs, [l.output for l in model.layers])
    outputs = probe.predict(x, verbose=0)
    np.save(BAD / "nonfinite_article.input.npy", x)
    fixturelib.save_npz_deterministic(BAD / "nonfinite_article.keras_outputs.npz",
                                      {l.name: np.asarray(o, dtype=np.float32) for l, o in zip(model.layers, outputs)})
    return [BAD / "nonfinite_article.input.npy", BAD / "nonfinite_article.keras_outputs.npz"]


def main():
    BAD.mkdir(exist_ok=True)
    keras.utils.set_random_seed(9000)
    written = [make_evil_names(), make_colliding_names(), make_evil_model_name(), make_control_chars_in_name(), make_code_in_config(), make_keras3_lambda(), make_huge_buffers(),
               make_unknown_activation(), make_weight_shape_mismatch()]
    written += make_nonfinite_pattern()
    fixturelib.check_sizes(written)
    for path in written:
        print(f"{path.relative_to(FIXTURES)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
