"""Helpers shared by cerebro's fixture generators (tools/make_fixtures.py, make_fixtures_keras3.py,
make_bad_fixtures.py).

Nothing here imports Keras: the generators pick their Keras generation before importing it.
"""

import argparse
import io
import json
import struct
import zipfile
from pathlib import Path

import h5py
import numpy as np

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_SAVE_DATE = "2000-01-01@00:00:00"
MAX_FILE_BYTES = 200 * 1024


def save_npz_deterministic(path, arrays):
    """Like np.savez (stored, not compressed), but with fixed zip timestamps so reruns are byte-identical."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for key, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=FIXED_ZIP_TIME)
            info.external_attr = 0o600 << 16
            zf.writestr(info, buf.getvalue())


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1)  # same layout as the shared reference summaries


def read_zip(path):
    """[(ZipInfo, bytes)] in archive order."""
    with zipfile.ZipFile(path) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def write_zip(path, entries):
    """Writes [(name, bytes, compress_type)] with fixed timestamps and permissions."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, compress_type in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = compress_type
            info.external_attr = 0o600 << 16
            zf.writestr(info, data)


def _renumber_shared_objects(value, ids):
    """Keras 3 marks objects used by several layers (a dtype policy) with "shared_object_id": the
    Python id() of the object, different on every run. Number them 1, 2, ... in order of appearance:
    the sharing, which is all Keras reads from them, stays the same."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "shared_object_id" and isinstance(item, int):
                value[key] = ids.setdefault(item, len(ids) + 1)
            else:
                _renumber_shared_objects(item, ids)
    elif isinstance(value, list):
        for item in value:
            _renumber_shared_objects(item, ids)


def normalize_keras_zip(path):
    """Makes a .keras file byte-reproducible: fixed entry timestamps, metadata.json's date_saved (the
    time of saving, which Keras embeds) set to a fixed date, shared_object_ids renumbered."""
    entries = []
    for info, data in read_zip(path):
        if info.filename == "metadata.json":
            metadata = json.loads(data)
            metadata["date_saved"] = FIXED_SAVE_DATE
            data = json.dumps(metadata).encode("utf-8")
        elif info.filename == "config.json":
            config = json.loads(data)
            _renumber_shared_objects(config, {})
            data = json.dumps(config).encode("utf-8")
        entries.append((info.filename, data, info.compress_type))
    write_zip(path, entries)


def declare_uncompressed_size(path, entry, size):
    """Rewrites the uncompressed size that `entry` declares, in its local header and in the central
    directory, leaving its data alone: a reader that trusts the header would inflate `size` bytes."""
    raw = bytearray(Path(path).read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(entry)
    if info.compress_type != zipfile.ZIP_DEFLATED or size >= 1 << 32:
        raise ValueError("needs a deflated entry and a size under 4 GiB (no zip64)")
    local = info.header_offset
    assert raw[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, local + 22, size)
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", raw, central + 28)
        name = bytes(raw[central + 46:central + 46 + name_len]).decode("utf-8")
        if name == entry:
            struct.pack_into("<I", raw, central + 24, size)
            break
        central = raw.find(b"PK\x01\x02", central + 46 + name_len + extra_len + comment_len)
    else:
        raise KeyError(entry)
    Path(path).write_bytes(bytes(raw))


def _string_storage(attr_id):
    """How a string attribute is stored: (variable-length?, charset as an h5py encoding)."""
    tid = attr_id.get_type()
    if not isinstance(tid, h5py.h5t.TypeStringID):
        raise TypeError("attribute is not an HDF5 string")
    return tid.is_variable_str(), "utf-8" if tid.get_cset() == h5py.h5t.CSET_UTF8 else "ascii"


def edit_h5_model_config(path, edit):
    """Calls edit(config) on the parsed root `model_config` attribute of the legacy .h5 at `path` and
    writes it back in place, keeping the attribute's HDF5 string storage (variable- or fixed-length,
    charset)."""
    with h5py.File(path, "r+") as f:
        is_vlen, encoding = _string_storage(f.attrs.get_id("model_config"))
        raw = f.attrs["model_config"]
        config = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))
        edit(config)
        data = json.dumps(config).encode("utf-8")
        del f.attrs["model_config"]
        if is_vlen:
            f.attrs.create("model_config", data, dtype=h5py.string_dtype(encoding, None))
        else:
            f.attrs.create("model_config", np.array(data), dtype=h5py.string_dtype(encoding, len(data)))
    with h5py.File(path, "r") as f:  # verify the storage kind survived
        assert _string_storage(f.attrs.get_id("model_config")) == (is_vlen, encoding)


def chosen_specs(registry, description, argv=None):
    """Parses a generator's command line: --only NAME (repeatable) and --list. Returns the registry
    entries to generate and whether that is all of them, or (None, False) once --list has printed
    them. Entries have a `name` and a `file`."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="regenerate only this registry entry (repeatable)")
    ap.add_argument("--list", action="store_true", help="list registry entries and exit")
    args = ap.parse_args(argv)
    if args.list:
        for s in registry:
            print(f"{s.name:20s} {s.file}")
        return None, False
    if not args.only:
        return registry, True
    known = [s.name for s in registry]
    unknown = [n for n in args.only if n not in known]
    if unknown:
        ap.error(f"unknown entries {unknown}; known: {known}")
    return [s for s in registry if s.name in args.only], False


def check_sizes(paths):
    for p in paths:
        size = Path(p).stat().st_size
        if size > MAX_FILE_BYTES:
            raise RuntimeError(f"{p} is {size} bytes, over the {MAX_FILE_BYTES} limit")
