#!/usr/bin/env python3
"""Writes assets/colormaps/<name>.inc: matplotlib's 256-entry lookup tables as 8-bit RGB.

Each file holds 256 lines `R, G, B,` (entry 0 first): exactly the bytes matplotlib's imshow
writes, i.e. `cmap(np.arange(256), bytes=True)` (matplotlib truncates lut * 255 to uint8). The
format is also a valid C array initialiser, so src/render/colormap.cpp #includes the files.

    python3 -m pip install matplotlib
    python3 tools/make_colormaps.py            # rewrites every table and the README's version line
"""
import pathlib
import sys

import matplotlib
import numpy as np
from matplotlib import colormaps

# The article's default first; coolwarm is the diverging map (good for --norm symmetric).
NAMES = ["viridis", "magma", "inferno", "plasma", "cividis", "gray", "coolwarm"]
OUT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "colormaps"


def table(name: str) -> np.ndarray:
    cmap = colormaps[name]
    # imshow indexes the map's own table; every map here has 256 entries (index = floor(t * 256)).
    assert cmap.N == 256, f"{name} has {cmap.N} entries"
    rgba = cmap(np.arange(256), bytes=True)
    return rgba[:, :3]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        rows = table(name)
        text = "".join(f"{r}, {g}, {b},\n" for r, g, b in rows)
        (OUT / f"{name}.inc").write_text(text)
    readme = OUT / "README.md"
    lines = readme.read_text().splitlines() if readme.exists() else []
    stamp = f"Generated with matplotlib {matplotlib.__version__}, NumPy {np.__version__}, Python {sys.version.split()[0]}."
    lines = [stamp if line.startswith("Generated with matplotlib") else line for line in lines]
    if lines:
        readme.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(NAMES)} tables to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
