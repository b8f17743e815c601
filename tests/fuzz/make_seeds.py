#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, corpus/<target>/, from the test fixtures plus a few small
files made here (h5py, NumPy, Pillow, zipfile) for formats the fixtures cover thinly. Rerun it to
reset a corpus; tools/fuzz-all then grows a copy and `-merge=1` folds new coverage back in.

    python3 tests/fuzz/make_seeds.py
"""
import io
import json
import shutil
import zipfile
from pathlib import Path

import h5py
import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
SHARED = HERE.parents[2] / "shared" / "fixtures" / "keras"
CORPUS = HERE / "corpus"
MAX_SEED = 64 * 1024  # keep each seed small: libFuzzer's speed falls with input size


def reset(target):
    folder = CORPUS / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def copy(folder, files, prefix=""):
    for f in files:
        if f.is_file() and f.stat().st_size <= MAX_SEED:
            shutil.copyfile(f, folder / (prefix + f.name))


def npy_seeds():
    folder = reset("npy")
    copy(folder, sorted((FIXTURES / "npy").glob("*.npy")))
    copy(folder, sorted((FIXTURES / "ref").glob("activations*.input.npy")))
    rng = np.random.default_rng(9)
    for name, array in {
        "u1_2x2x3": rng.integers(0, 255, (2, 2, 3), dtype=np.uint8),
        "f8_scalar": np.array(1.5),
        "f4_empty_axis": np.zeros((0, 3), np.float32),
        "f4_4d": rng.random((1, 2, 2, 3), dtype=np.float32),
    }.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        (folder / f"{name}.npy").write_bytes(buffer.getvalue())
    # A version 2.0 header (NumPy writes one when the dict outgrows 64 KiB; forced here).
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.arange(6, dtype=np.float32).reshape(2, 3), version=(2, 0))
    (folder / "f4_v2_forced.npy").write_bytes(buffer.getvalue())


def idx_seeds():
    folder = reset("idx")
    copy(folder, sorted((FIXTURES / "patterns" / "idx").iterdir()))
    copy(folder, [FIXTURES / "patterns" / "fashion5-idx3-ubyte.gz"])
    # One file per IDX type code, big-endian as the format says.
    for code, dtype in {0x09: ">i1", 0x0C: ">i4", 0x0E: ">f8"}.items():
        values = np.arange(6).astype(dtype).reshape(2, 3)
        header = bytes([0, 0, code, 2]) + np.array([2, 3], ">u4").tobytes()
        (folder / f"type{code:02x}.idx").write_bytes(header + values.tobytes())


def image_seeds():
    folder = reset("image")
    patterns = FIXTURES / "patterns"
    for sub in ("png", "jpeg", "folder", "fashion"):
        copy(folder, sorted((patterns / sub).glob("*.png")) + sorted((patterns / sub).glob("*.jpg")), sub + "_")
    copy(folder, sorted(SHARED.glob("*.png")), "shared_")
    rng = np.random.default_rng(10)
    rgb = Image.fromarray(rng.integers(0, 255, (9, 7, 3), dtype=np.uint8))
    rgb.save(folder / "made_interlaced.png", interlace=1)
    rgb.convert("RGBA").save(folder / "made_rgba.png")
    rgb.save(folder / "made_progressive.jpg", progressive=True, quality=80)
    rgb.convert("L").save(folder / "made_gray_q20.jpg", quality=20)
    rgb.save(folder / "made_444.jpg", subsampling=0)
    Image.fromarray((rng.random((5, 6)) * 65535).astype(np.uint16)).save(folder / "made_gray16.png")
    rgb.convert("P", palette=Image.ADAPTIVE, colors=4).save(folder / "made_palette4.png", bits=2)


def model_configs():
    """Every model config the fixtures hold: .h5 model_config attributes, .keras config.json, .json."""
    configs = {}
    for h5 in sorted(FIXTURES.glob("**/*.h5")) + sorted(SHARED.glob("*.h5")):
        with h5py.File(h5, "r") as f:
            if "model_config" in f.attrs:
                value = f.attrs["model_config"]
                config = json.loads(value.decode() if isinstance(value, bytes) else str(value))
                # As model.to_json() writes it: the generation beside the config, so the fuzz
                # target takes the Keras 2 paths for Keras 2 files.
                version = f.attrs.get("keras_version", b"")
                if isinstance(config, dict) and version:
                    config["keras_version"] = version.decode() if isinstance(version, bytes) else str(version)
                configs[h5.stem + ".json"] = json.dumps(config)
    for keras in sorted(FIXTURES.glob("**/*.keras")) + sorted(SHARED.glob("*.keras")):
        with zipfile.ZipFile(keras) as z:
            if "config.json" in z.namelist():
                configs[keras.stem + ".config.json"] = z.read("config.json").decode()
    for js in sorted(FIXTURES.glob("*.json")):
        configs[js.name] = js.read_text()
    return configs


def keras_json_seeds():
    folder = reset("keras_json")
    for name, text in model_configs().items():
        if len(text) <= MAX_SEED:
            (folder / name).write_text(text)


def tiny_weights_h5():
    buffer = io.BytesIO()
    with h5py.File(buffer, "w", libver=("earliest", "v110")) as f:
        f.create_dataset("layers/dense/vars/0", data=np.ones((2, 3), np.float32))
        f.create_dataset("layers/dense/vars/1", data=np.zeros(3, np.float32))
    return buffer.getvalue()


def keras_zip_seeds():
    folder = reset("keras_zip")
    for keras in ("merge_keras3.keras", "bad/huge_entry_keras3.keras", "bad/no_config_keras3.keras",
                  "dotdot_entry_keras3.keras"):
        copy(folder, [FIXTURES / keras])
    configs = model_configs()
    weights = tiny_weights_h5()
    metadata = json.dumps({"keras_version": "3.5.0", "date_saved": "2026-01-01@00:00:00"})
    for i, name in enumerate(["nested_keras3.config.json", "shared_keras3.config.json", "activations_tfkeras.json"]):
        for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", method) as z:
                z.writestr("metadata.json", metadata)
                z.writestr("config.json", configs[name])
                z.writestr("model.weights.h5", weights)
            (folder / f"made{i}_{method}.keras").write_bytes(buffer.getvalue())


def hdf5_seeds():
    folder = reset("hdf5")
    copy(folder, [FIXTURES / "bad" / "no_model_config.h5"])
    config = model_configs()["activations_tfkeras.json"]
    vlen = h5py.string_dtype("utf-8")
    for libver in ("earliest", "v110"):
        buffer = io.BytesIO()
        with h5py.File(buffer, "w", libver=(libver, "v110")) as f:
            f.attrs["model_config"] = config                      # variable-length UTF-8
            f.attrs["keras_version"] = np.bytes_("2.13.1")        # fixed-length ASCII
            f.attrs["backend"] = np.bytes_("tensorflow")
            group = f.create_group("model_weights")
            group.attrs["layer_names"] = np.array([b"dense", b"act"], dtype="S5")
            dense = group.create_group("dense")
            dense.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
            dense.create_dataset("dense/kernel:0", data=np.ones((2, 3), np.float32))
            dense.create_dataset("dense/bias:0", data=np.zeros(3, np.float64))
            act = group.create_group("act")
            act.attrs["weight_names"] = np.zeros(0, np.float64)  # Keras' "no weights"
        (folder / f"legacy_{libver}.h5").write_bytes(buffer.getvalue())
    buffer = io.BytesIO()
    with h5py.File(buffer, "w", libver=("earliest", "v110")) as f:
        # h5py splits long attributes as name0, name1, ... (save_attributes_to_hdf5_group).
        f.attrs["layer_names0"] = np.array([b"a", b"b"])
        f.attrs["layer_names1"] = np.array([b"c"])
        f.attrs["weight_names"] = np.array(["x", "y"], dtype=object).astype(vlen)
        f.create_dataset("a/half", data=np.ones((2, 2), np.float16))
        f.create_dataset("a/chunked", data=np.ones((4, 4), np.float32), chunks=(2, 2), compression="gzip")
        f.create_dataset("layers/dense/vars/0", data=np.ones((2, 3), np.float32))
    (folder / "split_attributes.h5").write_bytes(buffer.getvalue())
    (folder / "weights_v3.h5").write_bytes(tiny_weights_h5())


def npz_seeds():
    folder = reset("npz")
    copy(folder, sorted((FIXTURES / "npy").glob("*.npz")))
    copy(folder, sorted((FIXTURES / "patterns" / "npz").glob("*.npz")))
    rng = np.random.default_rng(11)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, x=rng.random((2, 3), dtype=np.float32), y=np.arange(4, dtype=np.uint8))
    (folder / "made_compressed.npz").write_bytes(buffer.getvalue())


if __name__ == "__main__":
    npy_seeds()
    npz_seeds()
    idx_seeds()
    image_seeds()
    keras_json_seeds()
    keras_zip_seeds()
    hdf5_seeds()
    for target in sorted(CORPUS.iterdir()):
        files = list(target.iterdir())
        print(f"{target.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
