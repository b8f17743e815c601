#!/usr/bin/env bash
# CPU forward pass of the article's model, cerebro next to NumPy in the same run, batch 1 and 256.
# Usage: bench/run_forward.sh [BUILD_DIR] [MODEL]   (defaults: build, tests/fixtures/article_tfkeras.h5)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
model=${2:-tests/fixtures/article_tfkeras.h5}
ref=tests/fixtures/ref/$(basename "$model")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}"
"$build/bench/cerebro_forward_bench" "$model" 1 256
python3 bench/numpy_forward.py "$model" 1 256 --check "$ref.npz" "$ref.input.npy"
