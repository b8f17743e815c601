"""Soak of `cerebro export` over many patterns, bounded in time, its output checked and freed as it
grows so the disk never fills.

Export writes one .npy per layer, each growing to N rows (19 GB for 100,000 patterns through the
demo CNN). The sink follows every file as it grows: each newly complete row range is read back
and must be finite; one row of every 64-pattern batch (at a varying position) is compared with
Keras' own output for the same pattern (the patterns regenerated in NumPy, soak_patterns.py),
relative error <= 1e-5 as in the conformance tests; then the checked range is freed with
fallocate(PUNCH_HOLE), so the files keep their size and offsets but hold almost no disk blocks.
At the end the headers, sizes and layers.json must describe all N patterns; then the folder goes.

  python3 bench/soak/export_soak.py CEREBRO MODEL [--count 100000] [--seed 1] [--limit 1800] [--csv RSS.csv]
"""

import ctypes
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import soak_common as common
from soak_patterns import npy_layout, relative_error

FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE = 0x01, 0x02
BLOCK = 4096
TOLERANCE = 1e-5
CHUNK_BYTES = 16 << 20

libc = ctypes.CDLL("libc.so.6", use_errno=True)
libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong]


def sample_indices(count, batch):
    """One pattern in every batch, at a position that moves from batch to batch, and the last."""
    picked = {min(b * batch + (b * 37) % batch, count - 1) for b in range(math.ceil(count / batch))}
    return sorted(picked | {count - 1})


class LayerFile:
    """One layer's growing .npy: rows checked so far, bytes freed so far, worst error seen."""

    def __init__(self, path, reference):
        self.path, self.reference = path, reference
        self.fd = None
        self.offset = self.shape = self.row = None
        self.checked = 0
        self.punched_to = 0
        self.worst = 0.0
        self.compared = 0

    def open(self):
        if self.fd is None and self.path.exists():
            self.fd = os.open(self.path, os.O_RDWR)
        if self.fd is not None and self.offset is None:
            layout = npy_layout(os.pread(self.fd, 4096, 0))
            if layout:
                self.offset, self.shape = layout
                self.row = 4 * int(np.prod(self.shape[1:]))
                self.punched_to = (self.offset + BLOCK - 1) // BLOCK * BLOCK
        return self.offset is not None

    def complete_rows(self):
        return (os.fstat(self.fd).st_size - self.offset) // self.row

    def check_new_rows(self, indices, position_of):
        """Checks the rows written since the last call; returns an error line or None."""
        end = self.complete_rows()
        per_chunk = max(1, CHUNK_BYTES // self.row)
        while self.checked < end:
            first, n = self.checked, min(per_chunk, end - self.checked)
            data = os.pread(self.fd, n * self.row, self.offset + first * self.row)
            rows = np.frombuffer(data, dtype=np.float32).reshape((n,) + self.shape[1:])
            if not np.isfinite(rows).all():
                bad = int(np.argwhere(~np.isfinite(rows.reshape(n, -1)).all(axis=1))[0][0])
                return f"{self.path.name}: row {first + bad} holds NaN or Inf"
            lo, hi = np.searchsorted(indices, [first, first + n])
            for index in indices[lo:hi]:
                error = relative_error(rows[index - first], self.reference[position_of[index]])
                self.worst, self.compared = max(self.worst, error), self.compared + 1
                if not error <= TOLERANCE:
                    return f"{self.path.name}: pattern {index} differs from Keras (relative error {error:.3g})"
            self.checked += n
        self.free_checked()
        return None

    def free_checked(self):
        # Whole blocks only: a partial block would be zero-filled, and its other part is not checked yet.
        upto = (self.offset + self.checked * self.row) // BLOCK * BLOCK
        if upto > self.punched_to:
            if libc.fallocate(self.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, self.punched_to,
                              upto - self.punched_to) != 0:
                raise OSError(ctypes.get_errno(), f"fallocate punch hole on {self.path}")
            self.punched_to = upto


def make_reference(model, seed, indices, work):
    """Keras' outputs in a child process (TensorFlow stays out of the sink's memory and CPU)."""
    out = work / "reference.npz"
    code = ("import sys, numpy as np, soak_patterns as sp; "
            "r = sp.keras_layer_outputs(sys.argv[1], int(sys.argv[2]), np.load(sys.argv[3])); "
            "np.savez(sys.argv[4], **r); print(','.join(r))")
    np.save(work / "indices.npy", np.asarray(indices, dtype=np.int64))
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    done = subprocess.run([sys.executable, "-c", code, model, str(seed), str(work / "indices.npy"), str(out)],
                          cwd=common.HERE, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"export_soak: the Keras reference failed:\n{done.stderr[-2000:]}")
    names = done.stdout.strip().splitlines()[-1].split(",")
    refs = np.load(out)
    return names, {name: refs[name] for name in names}


def final_checks(out_dir, layers, count):
    """layers.json and every header and size must describe all `count` patterns."""
    index = json.loads((out_dir / "layers.json").read_text())
    if index.get("complete", True) is not True:
        return f"layers.json says the export is incomplete: {index.get('error')}"
    if index["count"] != count:
        return f"layers.json: count {index['count']}, expected {count}"
    for entry in index["layers"]:
        layer = layers.get(entry["layer"])
        if layer is None or layer.path.name != entry["file"]:
            return f"layers.json: unexpected entry {entry}"
        if list(layer.shape) != entry["shape"] or layer.shape[0] != count:
            return f"{entry['file']}: shape {layer.shape}, layers.json says {entry['shape']}"
        if os.fstat(layer.fd).st_size != layer.offset + count * layer.row or layer.checked != count:
            return f"{entry['file']}: {layer.checked} of {count} rows checked"
    if len(index["layers"]) != len(layers):
        return f"layers.json lists {len(index['layers'])} layers, Keras has {len(layers)}"
    return None


def sink_pass(layers, indices, position_of):
    for layer in layers.values():
        if layer.open():
            error = layer.check_new_rows(indices, position_of)
            if error:
                return error
    return None


def main():
    parser = common.soak_parser("export")
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--work", default=None, help="folder for the output (default: a new one in $TMPDIR)")
    args = parser.parse_args()

    print(common.machine_line(), flush=True)
    work = Path(tempfile.mkdtemp(prefix="export_soak_", dir=args.work))
    out_dir = work / "out"
    indices = np.asarray(sample_indices(args.count, args.batch), dtype=np.int64)
    names, reference = make_reference(str(Path(args.model).resolve()), args.seed, indices, work)
    position_of = {int(index): k for k, index in enumerate(indices)}
    layers = {name: LayerFile(out_dir / f"{name}.npy", reference[name]) for name in names}
    free_before = common.free_disk_mib(work)

    command = [args.cerebro, "export", args.model, "--patterns", f"random:{args.count}:{args.seed}",
               "--out", str(out_dir), "--batch", str(args.batch), "--backend", "cpu"]
    print("command:", " ".join(command), flush=True)
    export = common.Sampled(command, work / "rss.csv", ["--progress-npy", str(layers[names[-1]].path)], work)
    deadline = common.Deadline(args.limit)
    error, peak_held, min_free = None, 0, free_before
    while export.running() and error is None:
        deadline.enforce(export)
        peak_held = max(peak_held, common.allocated_bytes(out_dir))
        min_free = min(min_free, common.free_disk_mib(work))
        error = sink_pass(layers, indices, position_of)
        time.sleep(0.2)
    if error:
        export.signal(signal.SIGKILL)
    rc, exit_peak_kb = export.finish()
    stderr = export.stderr.read().strip()
    peak_held = max(peak_held, common.allocated_bytes(out_dir))
    error = error or sink_pass(layers, indices, position_of)
    written = sum(os.fstat(layer.fd).st_size for layer in layers.values() if layer.fd is not None)
    duration = deadline.elapsed()
    done = min((layer.checked for layer in layers.values()), default=0)
    if error is None and rc == 0:
        error = final_checks(out_dir, layers, args.count)
    elif error is None:
        error = "stopped at the time limit" if deadline.hit else f"export exited with {rc}: {stderr[-500:]}"

    compared = sum(layer.compared for layer in layers.values())
    worst = max((layer.worst for layer in layers.values()), default=0.0)
    print(f"export: {done} of {args.count} patterns written and checked in {duration:.1f} s "
          f"({done / max(duration, 1e-9):.0f} patterns/s); {len(layers)} layers; {compared} rows compared "
          f"with Keras, worst relative error {worst:.2g}; {written / (1 << 20):.0f} MiB written, disk held at most {peak_held / (1 << 20):.1f} MiB "
          f"(free space {free_before} MiB before, {min_free} MiB at least during); {common.load_line()}")
    for layer in layers.values():
        if layer.fd is not None:
            os.close(layer.fd)
    return common.finish(work, exit_peak_kb, error, args.csv)


if __name__ == "__main__":
    sys.exit(main())
