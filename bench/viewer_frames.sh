#!/usr/bin/env bash
# Frame time of the live viewer under Xvfb + Mesa llvmpipe, vsync off, playing (one new pattern
# computed and published every frame), 3x3 grid: p50/p99 per phase from `--bench-frames`, and the
# viewer's peak RSS (VmHWM, printed by --bench-frames). Targets: p99 < 16.7 ms, RSS < 150 MB on the
# article's model. Needs xvfb (scripts/install-deps). Scripted runs read no saved layout: the
# overlay is in its first-use layout (ui/panel_layout.cpp: Model and Patterns open, the rest
# collapsed).
# Usage: bench/viewer_frames.sh [BUILD_DIR] [FRAMES]   (defaults: build, 600)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
frames=${2:-600}
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
# uptime with every run: these machines are shared, and wall-clock figures depend on the load. The
# CPU time of the whole run (all threads, llvmpipe's rasteriser threads included) depends on it less.
run() {
  echo "== $*"
  uptime
  XDG_CONFIG_HOME=$config xvfb-run -a -s "-screen 0 1280x1024x24" \
    /usr/bin/time -f "  CPU %U s user + %S s system for the whole run" "$build/src/cerebro" view "$@" \
    --size 1000x1000 --grid 3x3 --no-vsync --play --bench-frames "$frames"
}
run tests/fixtures/article_tfkeras.h5 --patterns random:1000:0
run tests/fixtures/article_tfkeras.h5 --patterns random:1000:0 --set overlay=false
run assets/models/fashion_cnn.h5 --patterns random:1000:0 --show maps
