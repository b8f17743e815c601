"""Soak of the live viewer, bounded in time: `cerebro view --play --no-vsync --frames N` under
Xvfb (Mesa llvmpipe), one new pattern computed, published and drawn every frame.

The frames are counted from outside by frame_counter.so (LD_PRELOAD around glfwSwapBuffers), so
memory is sampled against patterns done. N + 1 patterns are opened (random:N+1:SEED) so that the
last frame shows pattern N: N distinct patterns went through the model. At the end the
--screenshot's sidecar must name pattern N, its cells' min/max must be Keras' for that pattern,
and `cerebro capture --state` of the sidecar must draw the same pixels as the screenshot.
Device memory is not sampled: there is no GPU here (the CPU backend runs).

  python3 bench/soak/viewer_soak.py CEREBRO MODEL [--frames 100000] [--size 320x320] [--limit 1800]
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

import soak_common as common


def build_counter(work):
    shim = work / "frame_counter.so"
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(shim), str(common.HERE / "frame_counter.c"), "-ldl"],
                   check=True)
    return shim


def read_frames(path):
    try:
        return int(path.read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def check_end(args, shot, work):
    """The last frame: pattern N, Keras' ranges, and the same pixels as capture --state draws."""
    sidecar = json.loads(Path(f"{shot}.json").read_text())
    if sidecar["pattern"] != args.frames or sidecar["pattern_options"]["first"] != args.frames:
        return f"the last frame shows pattern {sidecar['pattern']}, expected {args.frames}"
    code = ("import sys, json, numpy as np, soak_patterns as sp; "
            "r = sp.keras_layer_outputs(sys.argv[1], int(sys.argv[2]), [int(sys.argv[3])]); "
            "print(json.dumps({k: [float(v.min()), float(v.max())] for k, v in r.items()}))")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    done = subprocess.run([sys.executable, "-c", code, str(Path(args.model).resolve()), str(args.seed),
                           str(args.frames)], cwd=common.HERE, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return f"the Keras reference failed: {done.stderr[-1000:]}"
    keras = json.loads(done.stdout.strip().splitlines()[-1])
    for cell in sidecar["cells"]:
        lo, hi = keras[cell["layer"]]
        scale = max(abs(lo), abs(hi), 1e-30)
        if max(abs(cell["min_max"][0] - lo), abs(cell["min_max"][1] - hi)) / scale > 1e-5:
            return f"cell {cell['title']}: min/max {cell['min_max']}, Keras {lo, hi} for pattern {args.frames}"
    again = work / "again"
    done = subprocess.run([args.cerebro, "capture", "--state", f"{shot}.json", "--out", str(again),
                           "--backend", "cpu"], capture_output=True, text=True, env=common.headless_env())
    if done.returncode != 0:
        return f"capture --state failed: {done.stderr.strip()}"
    a = np.asarray(Image.open(shot).convert("RGB"))
    b = np.asarray(Image.open(again / sidecar["page_file"]).convert("RGB"))
    if a.shape != b.shape or not (a == b).all():
        return "the last frame differs from capture --state of its sidecar"
    return None


def main():
    parser = common.soak_parser("viewer")
    parser.add_argument("--frames", type=int, default=100000)
    parser.add_argument("--size", default="320x320", help="window size WxH")
    parser.add_argument("extra", nargs="*", help="more view options, after --")
    args = parser.parse_args()

    print(common.machine_line(), flush=True)
    work = Path(tempfile.mkdtemp(prefix="viewer_soak_"))
    shim, counter, shot = build_counter(work), work / "frames", work / "end.png"
    time_file = work / "time.txt"
    width, height = (int(v) for v in args.size.split("x"))
    view = [args.cerebro, "view", args.model, "--patterns", f"random:{args.frames + 1}:{args.seed}", "--play",
            "--no-vsync", "--frames", str(args.frames), "--size", args.size, "--backend", "cpu",
            "--screenshot", str(shot), *args.extra]
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {width + 64}x{height + 64}x24", "/usr/bin/time", "-f", "%M",
               "-o", str(time_file), "env", f"LD_PRELOAD={shim}", f"SOAK_FRAMES_FILE={counter}", *view]
    print("command:", " ".join(view), f"(under xvfb-run, {shim.name} preloaded)", flush=True)
    env = dict(os.environ, XDG_CONFIG_HOME=str(work / "config"))
    wrapper = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = subprocess.Popen([sys.executable, str(common.HERE / "rss_sampler.py"), str(wrapper.pid),
                                str(work / "rss.csv"), "--counter-file", str(counter)])
    start, stopped = time.monotonic(), False
    while wrapper.poll() is None:
        if not stopped and time.monotonic() - start > args.limit:
            stopped = True
            pid = int(counter.read_text().split()[0])
            os.kill(pid, signal.SIGTERM)
        time.sleep(0.2)
    duration = time.monotonic() - start
    sampler.wait()
    stderr = wrapper.stderr.read().strip()
    frames = read_frames(counter)
    lines = time_file.read_text().split() if time_file.exists() else []
    exit_peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0

    if wrapper.returncode != 0:
        error = "stopped at the time limit" if stopped else f"view exited with {wrapper.returncode}: {stderr[-500:]}"
    elif frames != args.frames:
        error = f"{frames} frames counted, expected {args.frames}"
    else:
        error = check_end(args, shot, work)
    print(f"view: {frames} of {args.frames} frames (one new pattern each) in {duration:.1f} s "
          f"({frames / max(duration, 1e-9):.0f} frames/s, process start and model load included), window "
          f"{args.size}; {common.load_line()}")
    return common.finish(work, exit_peak_kb, error, args.csv)


if __name__ == "__main__":
    sys.exit(main())
