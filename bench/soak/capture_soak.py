"""Soak of `cerebro capture` over many patterns, bounded in time, into a rotating sink: every
finished page is checked and deleted, so the output folder holds only the last few patterns
(100,000 pages would otherwise fill the disk).

Capture writes DIR/<pattern>/<page>.png (each through a .part file renamed when complete) and
DIR/capture.json at the end. The sink checks each page: PNG signature, every chunk's CRC, IHDR
width and height equal to --size, 8-bit RGB or indexed, IEND last; every 100th page is also
decoded whole (Pillow). Pages of a dozen patterns spread over the run are compared with pages
drawn by a separate `cerebro capture --first I --count 1` of the same pattern, made before the
soak: they must be the same pixels, so the 100,000th page is drawn as right as the first.
At the end capture.json must list every page; then the folder goes.

  python3 bench/soak/capture_soak.py CEREBRO MODEL [--count 100000] [--size 1000x1000] [--limit 1800]
"""

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

import soak_common as common

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DECODE_EVERY = 100


def check_png(data, width, height):
    """None if `data` is a whole PNG of width x height, 8-bit RGB or indexed; else what is wrong."""
    if data[:8] != PNG_SIGNATURE:
        return "no PNG signature"
    pos, first, last = 8, None, None
    while pos < len(data):
        if pos + 12 > len(data):
            return f"truncated chunk at byte {pos}"
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            return f"chunk {kind!r} runs past the end"
        if zlib.crc32(data[pos + 4:pos + 8 + length]) != struct.unpack(">I", data[end - 4:end])[0]:
            return f"bad CRC in chunk {kind!r}"
        if first is None:
            first = kind
            if kind != b"IHDR" or length != 13:
                return "first chunk is not IHDR"
            w, h, depth, colour = struct.unpack(">IIBB", data[pos + 8:pos + 18])
            if (w, h) != (width, height) or depth != 8 or colour not in (2, 3):
                return f"IHDR says {w}x{h}, depth {depth}, colour type {colour}"
        last, pos = kind, end
    return None if last == b"IEND" else "IEND is not the last chunk"


def same_pixels(page, reference):
    a = np.asarray(Image.open(page).convert("RGB"))
    b = np.asarray(Image.open(reference).convert("RGB"))
    return a.shape == b.shape and bool((a == b).all())


def reference_indices(count):
    """The first, the 1,000th, ten spread over the run (odd strides, so not batch-aligned) and the last."""
    picked = {0, min(999, count - 1), count - 1}
    picked |= {min(count - 1, 1000 + k * ((count - 1000) // 10) + 17 * k) for k in range(10)} if count > 1000 else set()
    return sorted(picked)


def make_references(args, indices, ref_dir):
    """{index: {page file: path}}, each pattern captured alone; also the page files of one pattern."""
    pages = None
    for index in indices:
        out = ref_dir / str(index)
        command = [args.cerebro, "capture", args.model, "--patterns", f"random:{args.count}:{args.seed}",
                   "--first", str(index), "--count", "1", "--out", str(out), "--size", args.size,
                   "--backend", "cpu", *args.extra]
        done = subprocess.run(command, capture_output=True, text=True, env=common.headless_env())
        if done.returncode != 0:
            sys.exit(f"capture_soak: the reference capture failed: {' '.join(command)}\n{done.stderr}")
        files = [entry["file"] for entry in json.loads((out / "capture.json").read_text())["files"]]
        if pages is not None and files != pages:
            sys.exit(f"capture_soak: pattern {index} has pages {files}, others {pages}")
        pages = files
    return pages


class Sink:
    """Checks and deletes finished pattern folders."""

    def __init__(self, out_dir, pages, width, height, ref_dir, indices):
        self.out_dir, self.pages, self.width, self.height = out_dir, pages, width, height
        self.ref_dir, self.indices = ref_dir, set(indices)
        self.patterns_done = self.pages_done = self.decoded = self.compared = 0
        self.bytes_checked = 0
        self.most_entries = 0
        self.seen = set()

    def poll(self):
        """One pass over the output folder; returns an error line or None."""
        try:
            entries = [e for e in os.scandir(self.out_dir) if e.is_dir() and e.name.isdigit()]
        except FileNotFoundError:
            return None
        self.most_entries = max(self.most_entries, len(entries))
        for entry in sorted(entries, key=lambda e: int(e.name)):
            folder = Path(entry.path)
            if not all((folder / page).exists() for page in self.pages):
                continue
            error = self.check_pattern(int(entry.name), folder)
            if error:
                return error
        return None

    def check_pattern(self, index, folder):
        if index in self.seen:
            return f"pattern {index} written twice"
        for page in self.pages:
            path = folder / page
            data = path.read_bytes()
            error = check_png(data, self.width, self.height)
            if error:
                return f"{index}/{page}: {error}"
            if self.pages_done % DECODE_EVERY == 0:
                Image.open(path).load()
                self.decoded += 1
            if index in self.indices:
                if not same_pixels(path, self.ref_dir / str(index) / page):
                    return f"{index}/{page}: differs from the same pattern captured alone"
                self.compared += 1
            self.pages_done += 1
            self.bytes_checked += len(data)
        extra = [p.name for p in folder.iterdir() if p.name not in self.pages]
        if extra:
            return f"{index}/: unexpected files {extra}"
        shutil.rmtree(folder)
        self.seen.add(index)
        self.patterns_done += 1
        return None


def final_checks(out_dir, sink, count):
    if sink.patterns_done != count or sink.seen != set(range(count)):
        return f"{sink.patterns_done} of {count} patterns checked"
    state = json.loads((out_dir / "capture.json").read_text())
    files = [entry["file"] for entry in state["files"]]
    expected = [f"{i}/{page}" for i in range(count) for page in sink.pages]
    if files != expected:
        return f"capture.json lists {len(files)} pages, expected {len(expected)}"
    if state["patterns"]["count"] != count:
        return f"capture.json: pattern count {state['patterns']['count']}"
    leftover = [p.name for p in out_dir.iterdir() if p.name != "capture.json"]
    return f"left in the output folder: {leftover[:5]}" if leftover else None


def write_progress(path, done):
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(done))
    tmp.replace(path)


def main():
    parser = common.soak_parser("capture")
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--size", default="1000x1000", help="page size WxH")
    parser.add_argument("--work", default=None, help="folder for the output (default: a new one in $TMPDIR)")
    parser.add_argument("extra", nargs="*", help="more capture options, after --")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    print(common.machine_line(), flush=True)
    work = Path(tempfile.mkdtemp(prefix="capture_soak_", dir=args.work))
    out_dir, ref_dir, progress = work / "out", work / "ref", work / "progress"
    indices = reference_indices(args.count)
    pages = make_references(args, indices, ref_dir)
    write_progress(progress, 0)
    sink = Sink(out_dir, pages, width, height, ref_dir, indices)

    command = [args.cerebro, "capture", args.model, "--patterns", f"random:{args.count}:{args.seed}",
               "--out", str(out_dir), "--size", args.size, "--backend", "cpu", *args.extra]
    print("command:", " ".join(command), flush=True)
    capture = common.Sampled(command, work / "rss.csv", ["--progress-file", str(progress)], work,
                             env=common.headless_env())
    deadline = common.Deadline(args.limit)
    error, peak_held = None, 0
    while capture.running() and error is None:
        deadline.enforce(capture)
        peak_held = max(peak_held, common.allocated_bytes(out_dir))
        error = sink.poll()
        write_progress(progress, sink.patterns_done)
        time.sleep(0.05)
    if error:
        capture.signal(signal.SIGKILL)
    rc, exit_peak_kb = capture.finish()
    stderr = capture.stderr.read().strip()
    error = error or sink.poll()
    duration = deadline.elapsed()
    if error is None and rc == 0:
        error = final_checks(out_dir, sink, args.count)
    elif error is None:
        error = "stopped at the time limit" if deadline.hit else f"capture exited with {rc}: {stderr[-500:]}"

    print(f"capture: {sink.patterns_done} of {args.count} patterns ({sink.pages_done} pages of {args.size}, "
          f"{sink.bytes_checked / (1 << 20):.0f} MiB) drawn and checked in {duration:.1f} s "
          f"({sink.pages_done / max(duration, 1e-9):.1f} pages/s); {sink.decoded} pages decoded whole, "
          f"{sink.compared} compared with the pattern drawn alone; the folder held at most {sink.most_entries} "
          f"pattern folders, {peak_held / (1 << 20):.1f} MiB; {common.load_line()}")
    return common.finish(work, exit_peak_kb, error, args.csv)


if __name__ == "__main__":
    sys.exit(main())
