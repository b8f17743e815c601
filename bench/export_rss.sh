#!/usr/bin/env bash
# Peak memory of `cerebro export` of Fashion-MNIST's test images through the demo CNN, every layer
# written, for N = 1,000 and 10,000 patterns: it must stay flat in N (the export streams patterns
# in, activations out, batch by batch). Needs dataset-fashion-mnist and /usr/bin/time (package time).
# Usage: bench/export_rss.sh [BUILD_DIR] [MODEL]   (defaults: build, assets/models/fashion_cnn.keras)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
model=${2:-assets/models/fashion_cnn.keras}
images=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for n in 1000 10000; do
  /usr/bin/time -v "$build/src/cerebro" export "$model" --patterns "$images" --count "$n" --out "$out/$n" \
    2> "$out/time.txt" >/dev/null
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time.txt")
  written=$(du -sm "$out/$n" | cut -f1)
  echo "export $(basename "$model") N=$n: peak RSS $((rss_kb / 1024)) MiB, wall $wall, wrote $written MiB"
  rm -rf "${out:?}/$n"
done
