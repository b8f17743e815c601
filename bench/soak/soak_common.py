"""What the soak drivers share: the machine line, the memory sampler beside the soaked process, a
time limit that stops it cleanly, and the disk figures."""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def soak_parser(what):
    """The arguments every soak takes: the cerebro binary, the model, --seed, --limit and --csv;
    `what` names the soaked process in the help."""
    parser = argparse.ArgumentParser()
    parser.add_argument("cerebro")
    parser.add_argument("model")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=1800, help=f"seconds before the {what} is stopped")
    parser.add_argument("--csv", default=None, help="keep the memory samples here")
    return parser


def machine_line():
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return f"machine: {os.cpu_count()} cores, {cpu}; load average {load}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}"


def load_line():
    with open("/proc/loadavg") as f:
        return "load average " + " ".join(f.read().split()[:3])


def free_disk_mib(path):
    return shutil.disk_usage(path).free // (1 << 20)


def allocated_bytes(folder):
    """Disk blocks really held under `folder` (sparse files count only what is allocated)."""
    total = 0
    for dirpath, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.stat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                pass
    return total


class Sampled:
    """A command run under /usr/bin/time (its peak memory over its whole life, from wait4) with
    rss_sampler.py watching it from its first instruction: the wrapper waits for a line on stdin
    before it starts the command, and the sampler is ready by then.

    Why not simply Popen(command) and os.wait4: the kernel keeps the larger of the old and new
    peak across exec, and a child forked from this Python process starts with this process's
    memory counted, so ru_maxrss would report the driver's size, not cerebro's. /usr/bin/time is
    small, so the command it forks starts from almost nothing."""

    def __init__(self, command, csv_path, progress_args, work, **popen_args):
        self.time_file = Path(work) / "time.txt"
        self.wrapper = subprocess.Popen(
            ["sh", "-c", 'read -r go && exec /usr/bin/time -f "%M" -o "$0" "$@"', str(self.time_file), *command],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen_args)
        self.sampler = subprocess.Popen([sys.executable, str(HERE / "rss_sampler.py"), str(self.wrapper.pid),
                                         str(csv_path), "--child", *progress_args])
        while not (os.path.exists(csv_path) and os.path.getsize(csv_path) > 0):
            time.sleep(0.01)
        self.wrapper.stdin.write("go\n")
        self.wrapper.stdin.close()
        self.pid = None  # the command's own PID, once /usr/bin/time has started it
        self.stderr = self.wrapper.stderr

    def child_pid(self):
        if self.pid is None:
            try:
                children = Path(f"/proc/{self.wrapper.pid}/task/{self.wrapper.pid}/children").read_text().split()
                self.pid = int(children[0]) if children else None
            except OSError:
                pass
        return self.pid

    def running(self):
        return self.wrapper.poll() is None

    def signal(self, number):
        if self.child_pid() is not None:
            try:
                os.kill(self.pid, number)
            except ProcessLookupError:
                pass

    def finish(self):
        """(exit status of the command, its peak resident kB over its whole life)."""
        rc = self.wrapper.wait()
        self.sampler.wait()
        lines = self.time_file.read_text().split() if self.time_file.exists() else []
        peak = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        return rc, peak


def rss_report(csv_path, exit_peak_kb):
    """rss_report.py's line and its verdict (0 pass, 1 fail, 2 no sample at 1,000 patterns)."""
    done = subprocess.run([sys.executable, str(HERE / "rss_report.py"), str(csv_path), "--exit-peak-kb",
                           str(exit_peak_kb)], capture_output=True, text=True)
    return done.stdout.strip(), done.returncode


class Deadline:
    """Stops a process with SIGTERM (then SIGKILL after 10 s) once `limit` seconds have passed."""

    def __init__(self, limit):
        self.start = time.monotonic()
        self.limit = limit
        self.hit = False
        self.term_at = None

    def elapsed(self):
        return time.monotonic() - self.start

    def enforce(self, run):
        """`run`: a Sampled."""
        if not run.running():
            return
        if not self.hit and self.elapsed() > self.limit:
            self.hit = True
            self.term_at = time.monotonic()
            run.signal(signal.SIGTERM)
        elif self.hit and time.monotonic() - self.term_at > 10:
            run.signal(signal.SIGKILL)


def headless_env():
    """Capture draws through EGL and needs no X server: without DISPLAY it cannot pick one up."""
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    return env


def finish(work, exit_peak_kb, error, csv):
    """Every soak's last lines: the memory verdict, the overall result, the samples kept in `csv`
    if asked; removes `work`. Returns the exit status (0 only when the checks and memory pass)."""
    line, verdict = rss_report(work / "rss.csv", exit_peak_kb)
    print(line)
    print(f"result: {'FAIL: ' + error if error else 'checks PASS'}; memory {['PASS', 'FAIL', 'NO DATA'][verdict]}")
    if csv:
        shutil.copy(work / "rss.csv", csv)
    shutil.rmtree(work)
    return 1 if error or verdict else 0
