"""Samples a process's memory against its progress until it exits: one CSV row a second
(elapsed s, patterns done, VmRSS kB, VmHWM kB), plus one row the first time progress reaches
--mark (1,000 patterns), sampled every 2 ms until then so that row lands close to the mark.

Progress comes from a file holding one integer (--progress-file: written by a sink), from the size
of a growing .npy file (--progress-npy: complete rows), or from frame_counter.so's file
(--counter-file: "PID FRAMES"; the PID sampled is the one it names, PID is only the wrapper to wait on).

  python3 rss_sampler.py PID CSV (--progress-file F | --progress-npy F | --counter-file F) [--mark 1000] [--child]
"""

import argparse
import os
import time

import numpy as np

from soak_patterns import npy_layout


def read_status(pid):
    """(VmRSS, VmHWM) in kB, or None once the process is gone (or a zombie, which has neither)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        return None
    if "VmRSS" not in fields or "VmHWM" not in fields:
        return None
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def npy_rows(path, cache):
    """Complete rows of a .npy being appended to (its header names the full shape)."""
    try:
        size = os.stat(path).st_size
        if "row" not in cache:
            with open(path, "rb") as f:
                layout = npy_layout(f.read(4096))
            if layout is None:
                return 0
            cache.update(offset=layout[0], row=4 * int(np.prod(layout[1][1:])))
        return max(0, (size - cache["offset"]) // cache["row"])
    except (OSError, ValueError):
        return 0


def first_child(pid):
    """Waits for `pid`'s first child; None if `pid` ends first."""
    while True:
        try:
            children = open(f"/proc/{pid}/task/{pid}/children").read().split()
        except OSError:
            return None
        if children:
            return int(children[0])
        time.sleep(0.001)


def read_counter(path):
    """(pid, frames) from frame_counter.so's file, or None before its first frame."""
    try:
        with open(path) as f:
            pid, frames = (int(v) for v in f.read().split())
        return pid, frames
    except (OSError, ValueError):
        return None


def wait_for_counter(path, wrapper):
    """frame_counter.so's PID once the first frame is out; None if `wrapper` ends first."""
    while read_status(wrapper) is not None:
        counter = read_counter(path)
        if counter:
            return counter[0]
        time.sleep(0.005)
    return None


def read_progress(args, cache):
    if args.progress_npy:
        return npy_rows(args.progress_npy, cache)
    if args.counter_file:
        counter = read_counter(args.counter_file)
        if counter:
            cache["frames"] = counter[1]
        return cache.get("frames", 0)  # a read that raced a write keeps the last count
    try:
        with open(args.progress_file) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pid", type=int)
    parser.add_argument("csv")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--progress-file")
    source.add_argument("--progress-npy")
    source.add_argument("--counter-file", help="'PID FRAMES' (frame_counter.so): sample PID once it appears")
    parser.add_argument("--mark", type=int, default=1000)
    parser.add_argument("--child", action="store_true", help="sample PID's first child (PID is a wrapper)")
    args = parser.parse_args()
    cache = {}
    last_row = -1.0
    marked = False
    with open(args.csv, "w", buffering=1) as out:
        out.write("seconds,patterns,vmrss_kb,vmhwm_kb\n")
        if args.counter_file:
            pid = wait_for_counter(args.counter_file, args.pid)
        else:
            pid = first_child(args.pid) if args.child else args.pid
        if pid is None:
            return
        start = time.monotonic()
        last = None
        while True:
            status = read_status(pid)
            if status is None:
                break
            now = time.monotonic() - start
            done = read_progress(args, cache)
            crossed = not marked and done >= args.mark
            last = f"{now:.2f},{done},{status[0]},{status[1]}\n"
            if crossed or now - last_row >= 1.0:
                out.write(last)
                last, last_row = None, now
                marked = marked or crossed
            # Fast until the mark (an export passes 1,000 patterns within a tenth of a second).
            time.sleep(0.05 if marked else 0.002)
        if last:
            out.write(last)  # the last sample before the process ended


if __name__ == "__main__":
    main()
