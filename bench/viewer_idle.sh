#!/usr/bin/env bash
# What a paused live window costs: `--seconds` draws as the live window does (paused with nothing
# happening it waits for events, ui/viewer.cpp), against the same paused view drawn back to back
# (`--frames`, as a viewer that did not wait would). Frames drawn and the whole run's CPU time
# (llvmpipe's threads included). Needs xvfb (scripts/install-deps).
# Usage: bench/viewer_idle.sh [BUILD_DIR] [SECONDS]   (defaults: build, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
seconds=${2:-10}
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
run() {
  echo "== $*"
  uptime
  XDG_CONFIG_HOME=$config xvfb-run -a -s "-screen 0 1280x1024x24" \
    /usr/bin/time -f "  %e s wall, CPU %U s user + %S s system for the whole run" "$build/src/cerebro" view \
    tests/fixtures/article_tfkeras.h5 --patterns random:100:0 --size 1000x1000 --no-vsync "$@"
}
run --seconds "$seconds"
# As many frames as a viewer that did not wait draws in about the same time.
run --frames "$((seconds * 150))"
