#!/usr/bin/env bash
# `cerebro capture` against the article's way (bench/baseline/article_way.py), same model, same
# patterns, same page size (1000 x 1000, the article's 10 x 10 in at 100 dpi), in one run.
# Prints pages per second for each and the ratio. Not a test: numbers depend on the machine.
#
#   bench/capture_vs_article.sh [CEREBRO_BINARY]      (default build/src/cerebro, built by scripts/build)
#   N=200 ARTICLE_N=40 PREDICT=numpy bench/capture_vs_article.sh
#
# PREDICT=numpy (default) times the article's sub-model-per-layer recomputation in NumPy, its
# fastest form; PREDICT=keras times it with real Keras (tf_keras) predict calls, as the article ran.
set -euo pipefail
cd "$(dirname "$0")/.."
cerebro=${1:-build/src/cerebro}
model=${MODEL:-tests/fixtures/article_tfkeras.h5}
n=${N:-200}
article_n=${ARTICLE_N:-40}
predict=${PREDICT:-numpy}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$cerebro" ] || { echo "bench: no cerebro binary at $cerebro (run scripts/build first)" >&2; exit 1; }
python3 -c "import matplotlib, tf_keras" 2>/dev/null ||
  { echo "bench: needs matplotlib and tf_keras in python3 (see tools/requirements-fixtures.txt)" >&2; exit 1; }

# The same uniform [0, 1) patterns for both (the article's np.random.sample).
python3 -c "import numpy as np; np.save('$work/patterns.npy', np.random.default_rng(0).random(($n, 50, 50), dtype=np.float32))"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
article_line=$(python3 bench/baseline/article_way.py "$model" "$work/patterns.npy" "$work/article" \
  --limit "$article_n" --predict "$predict" 2>/dev/null | grep '^article_way:')
echo "$article_line"
start=$(date +%s.%N)
cerebro_line=$(env -u DISPLAY "$cerebro" capture "$model" --patterns "$work/patterns.npy" --out "$work/cerebro" 2>/dev/null)
end=$(date +%s.%N)
echo "$cerebro_line"
python3 - "$article_line" "$cerebro_line" "$start" "$end" "$n" <<'PY'
import re, sys
article, cerebro, start, end, n = sys.argv[1:]
rate = lambda line: float(re.search(r"([\d.]+) pages/s\)", line).group(1))
a, c = rate(article), rate(cerebro)
wall = float(end) - float(start)
print(f"article way: {a:.2f} pages/s; cerebro capture: {c:.1f} pages/s "
      f"({int(n) / wall:.1f} pages/s counting process start and model load); ratio {c / a:.1f}x")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
