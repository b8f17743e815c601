#!/usr/bin/env python3
"""Write the small pattern-source fixtures of tests/patterns/ (tests/fixtures/patterns/) with NumPy,
Pillow, Python's gzip/zlib and TensorFlow, never with cerebro's own code.

    python3 -m pip install -r tools/requirements-fixtures.txt pillow
    python3 tools/make_pattern_fixtures.py

Every decodable file comes with the values a correct reader must produce, computed from the NumPy
array the file was made from (lossless formats) or by Pillow's decoder (JPEG, where decoders may
differ by a level or two), in expected.npz (key = file path relative to tests/fixtures/patterns/).
Files are byte-identical across reruns with the same library versions (fixed gzip/zip timestamps;
Pillow writes no time chunks). The Fashion-MNIST references (fashion/, fashion_*.ref.npz) are
written by tools/train_demo.py, which owns the demo models; this script only adds an IDX copy of
those images (fashion/../fashion5-idx3-ubyte.gz) when they exist.
"""

import gzip
import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
from numpy.lib import format as npformat
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "patterns"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
IDX_TYPES = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D, np.float64: 0x0E}
expected = {}


def idx_bytes(array):
    """IDX as http://yann.lecun.com/exdb/mnist/ defines it: 00 00 type rank, big-endian dims and values."""
    code = IDX_TYPES[array.dtype.type]
    header = bytes([0, 0, code, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def write(relative, data):
    path = OUT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_idx():
    images = ((np.arange(60) * 7) % 256).astype(np.uint8).reshape(3, 4, 5)
    write("idx/images-idx3-ubyte", idx_bytes(images))
    write("idx/images-idx3-ubyte.gz", gz(idx_bytes(images)))
    expected["idx/images-idx3-ubyte"] = images
    floats = (np.arange(24, dtype=np.float32) / 8 - 1).reshape(2, 3, 4)
    write("idx/floats.idx", idx_bytes(floats))
    expected["idx/floats.idx"] = floats
    shorts = (np.arange(12, dtype=np.int16) * 1000 - 5000).reshape(2, 2, 3)
    write("idx/shorts.idx", idx_bytes(shorts))
    expected["idx/shorts.idx"] = shorts
    labels = np.array([9, 2, 1, 1, 6], dtype=np.uint8)
    write("idx/labels-idx1-ubyte", idx_bytes(labels))
    expected["idx/labels-idx1-ubyte"] = labels
    # MUST BE REFUSED: type byte 0x0F does not exist; a first byte that is not 0; data cut short.
    write("idx/bad-type-idx3-ubyte", bytes([0, 0, 0x0F, 3]) + idx_bytes(images)[4:])
    write("idx/bad-magic-idx3-ubyte", bytes([1, 0, 0x08, 3]) + idx_bytes(images)[4:])
    write("idx/short-idx3-ubyte", idx_bytes(images)[:16 + 50])
    write("idx/short-idx3-ubyte.gz", gz(idx_bytes(images)[:16 + 50]))
    whole = gz(idx_bytes(np.random.default_rng(5).integers(0, 256, (4, 16, 16), dtype=np.uint8)))
    write("idx/cut-idx3-ubyte.gz", whole[:len(whole) // 2])


def npy_bytes(array):
    buf = io.BytesIO()
    npformat.write_array(buf, array, allow_pickle=False)
    return buf.getvalue()


def write_npz(relative, arrays, compression):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=ZIP_DATE)
            info.compress_type = compression
            with zf.open(info, "w", force_zip64=True) as entry:  # as np.savez writes entries
                entry.write(npy_bytes(array))
    write(relative, buf.getvalue())


def make_npz():
    images = ((np.arange(4 * 6 * 5) * 11) % 256).astype(np.uint8).reshape(4, 6, 5)
    labels = np.arange(4, dtype=np.float32)
    write_npz("npz/stored.npz", {"images": images, "labels": labels}, zipfile.ZIP_STORED)
    expected["npz/stored.npz:images"] = images
    expected["npz/stored.npz:labels"] = labels
    # Deflated, so reading pattern 0 after pattern 4 must re-inflate the entry from its start.
    x = np.random.default_rng(7).random((5, 40, 40), dtype=np.float32)
    write_npz("npz/deflated.npz", {"x": x}, zipfile.ZIP_DEFLATED)
    expected["npz/deflated.npz"] = x
    write("npz/x.npy.gz", gz(npy_bytes(x[:2])))
    expected["npz/x.npy.gz"] = x[:2]


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_rgb16(array):
    """A 16-bit RGB PNG by hand (RFC 2083: IHDR, IDAT of filter-0 rows, IEND): Pillow cannot write one."""
    height, width, _ = array.shape
    rows = b"".join(b"\x00" + array[y].astype(">u2").tobytes() for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(rows, 9)) +
            png_chunk(b"IEND", b""))


def save_png(relative, image, **options):
    buf = io.BytesIO()
    image.save(buf, format="PNG", **options)
    write(relative, buf.getvalue())


def make_png():
    ramp = lambda n, k: ((np.arange(n) * k) % 256).astype(np.uint8)  # noqa: E731
    gray = ramp(20, 13).reshape(4, 5)
    save_png("png/gray8.png", Image.fromarray(gray))
    expected["png/gray8.png"] = gray[..., np.newaxis]
    rgb = ramp(60, 17).reshape(4, 5, 3)
    save_png("png/rgb8.png", Image.fromarray(rgb))
    expected["png/rgb8.png"] = rgb
    rgba = ramp(80, 9).reshape(4, 5, 4)
    save_png("png/rgba8.png", Image.fromarray(rgba))
    expected["png/rgba8.png"] = rgba[..., :3]  # alpha dropped, colour samples as stored
    la = ramp(40, 29).reshape(4, 5, 2)
    save_png("png/gray_alpha8.png", Image.fromarray(la))  # (H, W, 2) uint8 is mode "LA"
    expected["png/gray_alpha8.png"] = la[..., :1]
    gray16 = ((np.arange(20, dtype=np.uint32) * 3299) % 65536).astype(np.uint16).reshape(4, 5)
    save_png("png/gray16.png", Image.fromarray(gray16))
    expected["png/gray16.png"] = gray16[..., np.newaxis]
    rgb16 = ((np.arange(60, dtype=np.uint32) * 1097) % 65536).astype(np.uint16).reshape(4, 5, 3)
    write("png/rgb16.png", png_rgb16(rgb16))
    expected["png/rgb16.png"] = rgb16
    palette = np.array([[255, 0, 0], [0, 128, 255], [10, 20, 30]], dtype=np.uint8)
    indices = (np.arange(20) % 3).astype(np.uint8).reshape(4, 5)
    image = Image.fromarray(indices)
    image.putpalette(palette.flatten().tolist())  # an "L" image becomes "P" with this palette
    save_png("png/palette.png", image)
    expected["png/palette.png"] = palette[indices]
    bits = (np.arange(20).reshape(4, 5) % 3 == 0)
    save_png("png/bilevel.png", Image.fromarray(bits))  # mode "1": a 1-bit gray PNG
    expected["png/bilevel.png"] = (bits * 255).astype(np.uint8)[..., np.newaxis]
    png = (OUT / "png/gray8.png").read_bytes()
    write("png/truncated.png", png[:len(png) - 20])


def make_jpeg():
    y, x = np.mgrid[0:16, 0:24]
    gray = (8 * x + 4 * y).astype(np.uint8)
    rgb = np.stack([8 * x + 2 * y, 255 - 8 * x, 10 * y], axis=-1).astype(np.uint8)
    for name, array in (("gray", gray), ("rgb", rgb)):
        buf = io.BytesIO()
        Image.fromarray(array).save(buf, format="JPEG", quality=90)
        write(f"jpeg/{name}.jpg", buf.getvalue())
        decoded = np.asarray(Image.open(io.BytesIO(buf.getvalue())))
        expected[f"jpeg/{name}.jpg"] = decoded if decoded.ndim == 3 else decoded[..., np.newaxis]
    buf = io.BytesIO()
    Image.fromarray(rgb).convert("CMYK").save(buf, format="JPEG", quality=90)
    write("jpeg/cmyk.jpg", buf.getvalue())  # MUST BE REFUSED (unsupported)
    whole = (OUT / "jpeg/rgb.jpg").read_bytes()
    write("jpeg/truncated.jpg", whole[:len(whole) // 2])


def make_folder():
    """Three 4x5 gray images named out of order, one JPEG among them, and a text file to skip."""
    for name, value in (("b.png", 20), ("a.png", 10)):
        save_png(f"folder/{name}", Image.fromarray(np.full((4, 5), value, dtype=np.uint8)))
    buf = io.BytesIO()
    Image.fromarray(np.full((4, 5), 200, dtype=np.uint8)).save(buf, format="JPEG", quality=100)
    write("folder/c.jpg", buf.getvalue())
    write("folder/notes.txt", b"not an image\n")
    expected["folder"] = np.stack([np.full((4, 5), v, dtype=np.uint8) for v in (10, 20)] +
                                  [np.asarray(Image.open(io.BytesIO(buf.getvalue())))])
    # A folder whose only file is not an image: an error, not an empty pattern set.
    write("no_images/readme.txt", b"no images here\n")


def make_resize():
    """tf.image.resize(bilinear, antialias=False): the half-pixel-centre reference for --resize."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow as tf
    source = np.random.default_rng(11).random((5, 7, 3), dtype=np.float32)
    arrays = {"source": source}
    for h, w in ((3, 4), (9, 11), (5, 2)):
        arrays[f"{h}x{w}"] = tf.image.resize(source, (h, w), method="bilinear", antialias=False).numpy()
    write_npz("resize_tf.npz", arrays, zipfile.ZIP_STORED)


def make_fashion_idx():
    """The Fashion-MNIST test images of fashion/ (written by train_demo.py) as a gzipped IDX file."""
    pngs = sorted((OUT / "fashion").glob("*.png"))
    if not pngs:
        print("fashion/ is missing: run tools/train_demo.py first (skipped fashion5-idx3-ubyte.gz)")
        return
    images = np.stack([np.asarray(Image.open(p)) for p in pngs])
    write("fashion5-idx3-ubyte.gz", gz(idx_bytes(images)))


def main():
    make_idx()
    make_npz()
    make_png()
    make_jpeg()
    make_folder()
    make_resize()
    make_fashion_idx()
    # float64 holds every value exactly and is a dtype cerebro's .npz reader (and the test) reads.
    write_npz("expected.npz", {key: value.astype(np.float64) for key, value in expected.items()}, zipfile.ZIP_DEFLATED)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {len(list(OUT.rglob('*')))} entries under {OUT} ({total} bytes in all)")


if __name__ == "__main__":
    main()
