#!/usr/bin/env bash
# The three soaks of issue 9, one after another, each bounded by LIMIT seconds (stopped cleanly
# and reported as far as it got): `cerebro export` of N patterns through the article's model and
# the demo CNN, `cerebro capture` of N patterns, the viewer playing N patterns under Xvfb. Each
# prints what it checked, the memory at 1,000 patterns and at the end, and PASS/FAIL (peak memory
# growth < 5 %). Not a test: it takes tens of minutes. Needs xvfb, time (scripts/install-deps),
# Python with numpy, Pillow and TensorFlow/tf_keras/Keras 3 for the references
# (tools/requirements-fixtures.txt).
#
#   bench/soak/run_all.sh [BUILD_DIR] [N] [LIMIT]     (defaults: build, 100000, 2400)
#   SIZE=1000x1000 VIEW_SIZE=320x320 CSV_DIR=/tmp/soak bench/soak/run_all.sh build-render 2000 300
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-100000}
limit=${3:-2400}
size=${SIZE:-1000x1000}
view_size=${VIEW_SIZE:-320x320}
csv_dir=${CSV_DIR:-}
[ -x "$build/src/cerebro" ] || { echo "soak: no cerebro binary at $build/src/cerebro" >&2; exit 1; }
# A private copy: a rebuild of the build dir during the soak must not swap the binary under it.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp "$build/src/cerebro" "$bin/cerebro"
csv() { [ -n "$csv_dir" ] && echo "--csv $csv_dir/$1.csv"; }

status=0
run() {
  echo "== $*"
  nice -n 5 python3 "$@" || status=1
  echo
}
run bench/soak/export_soak.py "$bin/cerebro" tests/fixtures/article_tfkeras.h5 --count "$n" --limit "$limit" $(csv export_article)
run bench/soak/export_soak.py "$bin/cerebro" assets/models/fashion_cnn.keras --count "$n" --limit "$limit" $(csv export_cnn)
run bench/soak/capture_soak.py "$bin/cerebro" tests/fixtures/article_tfkeras.h5 --count "$n" --size "$size" \
  --limit "$limit" $(csv capture_article)
run bench/soak/viewer_soak.py "$bin/cerebro" tests/fixtures/article_tfkeras.h5 --frames "$n" --size "$view_size" \
  --limit "$limit" $(csv view_article)
exit $status
