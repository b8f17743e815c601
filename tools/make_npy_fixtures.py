#!/usr/bin/env python3
"""Write the small .npy / .npz fixtures of tests/io/ with NumPy itself (tests/fixtures/npy/).

    python3 -m pip install numpy     (any NumPy >= 2.0; the committed files were made with 2.4.6)
    python3 tools/make_npy_fixtures.py

Values are arange-based so the C++ tests can assert them exactly. Every file is byte-identical
across reruns: NumPy's own writer for the .npy files, and fixed zip timestamps for the .npz files
(np.savez stamps entries with the current time; the entries themselves are np.save's bytes and the
zip layout is np.savez's: zipfile, force_zip64 entries, stored or deflated).
"""

import io
import struct
import zipfile
from pathlib import Path

import numpy as np
from numpy.lib import format as npformat

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "npy"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# name -> (what it exercises, array, save options)
NPY = {
    "f4_1d.npy": ("float32, 1-D (5,): arange(5) * 0.5 - 1", np.arange(5, dtype=np.float32) * 0.5 - 1, {}),
    "f4_3d.npy": ("float32, 3-D (2, 3, 4): arange(24) / 4", (np.arange(24, dtype=np.float32) / 4).reshape(2, 3, 4), {}),
    "f4_2x3.npy": ("float32 (2, 3) arange(6): NpyWriter must write these exact bytes", np.arange(6, dtype=np.float32).reshape(2, 3), {}),
    "f4_0d.npy": ("float32 scalar, shape (): 3.5", np.array(3.5, dtype=np.float32), {}),
    "f8_2x3.npy": ("float64 (2, 3): arange(6) + 0.1 (not exact in float32)", np.arange(6, dtype=np.float64).reshape(2, 3) + 0.1, {}),
    "u1_3x4.npy": ("uint8 (3, 4): arange(12) * 23 (0..253)", (np.arange(12) * 23).astype(np.uint8).reshape(3, 4), {}),
    "f4_v2.npy": ("float32 (3,) arange(3), format version 2.0", np.arange(3, dtype=np.float32), {"version": (2, 0)}),
    "f4_v3.npy": ("float32 (3,) arange(3), format version 3.0", np.arange(3, dtype=np.float32), {"version": (3, 0)}),
    "f4_fortran.npy": ("MUST BE REFUSED: float32 (2, 3), fortran_order True", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)), {}),
    "i8.npy": ("MUST BE REFUSED: int64 (4,) dtype '<i8'", np.arange(4, dtype=np.int64), {}),
    "f4_big_endian.npy": ("MUST BE REFUSED: big-endian float32 '>f4'", np.arange(3, dtype=">f4"), {}),
}

NPZ_ARRAYS = {
    "a": np.arange(6, dtype=np.float32).reshape(2, 3),
    "b": np.arange(4, dtype=np.float64) / 8,
    "c": np.arange(5, dtype=np.uint8),
}


def npy_bytes(array, version=None):
    buf = io.BytesIO()
    npformat.write_array(buf, array, version=version, allow_pickle=False)
    return buf.getvalue()


def write_npz(path, arrays, compression):
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=ZIP_DATE)
            info.compress_type = compression
            with zf.open(info, "w", force_zip64=True) as entry:
                entry.write(npy_bytes(array))


def write_huge_declared_npz(path):
    """A deflated one-entry npz whose directory claims a 3 GiB entry: the reader must refuse it
    before inflating (the data is only a few bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("huge.npy", date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, npy_bytes(np.zeros(4, dtype=np.float32)))
    data = bytearray(buf.getvalue())
    claimed = 3 << 30
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    assert data[0:4] == b"PK\x03\x04"
    struct.pack_into("<I", data, 22, claimed)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, claimed)
    path.write_bytes(bytes(data))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    lines = ["# .npy / .npz fixtures", "",
             f"Written by `tools/make_npy_fixtures.py` with NumPy {np.__version__}; rerun it to regenerate.",
             "", "| file | content |", "|---|---|"]
    for name, (what, array, options) in NPY.items():
        (OUT / name).write_bytes(npy_bytes(array, options.get("version")))
        lines.append(f"| `{name}` | {what} |")

    write_npz(OUT / "stored.npz", NPZ_ARRAYS, zipfile.ZIP_STORED)
    write_npz(OUT / "compressed.npz", NPZ_ARRAYS, zipfile.ZIP_DEFLATED)
    write_npz(OUT / "bad_entry.npz", {"ok": np.arange(2, dtype=np.float32), "ints": np.arange(3, dtype=np.int64)},
              zipfile.ZIP_DEFLATED)
    write_huge_declared_npz(OUT / "huge_declared.npz")
    npz_content = "a: float32 (2, 3) arange(6); b: float64 (4,) arange(4) / 8; c: uint8 (5,) arange(5)"
    lines += [f"| `stored.npz` | {npz_content}; entries stored (no compression) |",
              f"| `compressed.npz` | the same arrays, entries deflated (as np.savez_compressed) |",
              "| `bad_entry.npz` | MUST BE REFUSED for `ints`: ok = float32 (2,) arange(2), ints = int64 (3,) |",
              "| `huge_declared.npz` | MUST BE REFUSED: entry `huge` declares 3 GiB uncompressed (patched sizes) |"]
    (OUT / "README.md").write_text("\n".join(lines) + "\n")

    # Self-check: NumPy reads back what it wrote (except the deliberately broken archive).
    for name, (_, array, _) in NPY.items():
        np.testing.assert_array_equal(np.load(OUT / name), array)
    for name in ("stored.npz", "compressed.npz"):
        with np.load(OUT / name) as npz:
            for key, array in NPZ_ARRAYS.items():
                np.testing.assert_array_equal(npz[key], array)


if __name__ == "__main__":
    main()
