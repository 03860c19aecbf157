#!/usr/bin/env bash
# Lints a folder of postings with the release build and prints files/s and MB/s.
#
#   bench/run.sh [FOLDER] [RUNS]      default: ../shared/corpus/bulk, 5 runs
#
# Reports the best and the median wall time of RUNS runs after one warm-up (the page cache
# then holds the files, so this measures hirelint, not the disk). Nothing here asserts a
# time: the figures go in notes and reviews.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bulk}
runs=${2:-5}
[ -d "$corpus" ] || { echo "bench: no folder $corpus" >&2; exit 2; }

cargo build --release --locked --quiet
bin=target/release/hirelint

files=$(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' \) -not -path '*/.*' | wc -l)
bytes=$(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' \) -not -path '*/.*' -print0 | xargs -0 cat | wc -c)

"$bin" check --format json "$corpus" >/dev/null || true   # warm-up
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$bin" check --format json "$corpus" >/dev/null || true
  end=$(date +%s.%N)
  times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
best=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
threads=$(nproc)
awk -v f="$files" -v b="$bytes" -v best="$best" -v med="$median" -v t="$threads" -v c="$corpus" -v r="$runs" 'BEGIN {
  printf "corpus   %s: %d files, %.1f MB\n", c, f, b / 1e6
  printf "threads  %d (rayon default)\n", t
  printf "best     %.3f s  %8.0f files/s  %6.1f MB/s\n", best, f / best, b / 1e6 / best
  printf "median   %.3f s  %8.0f files/s  %6.1f MB/s  (of %d runs)\n", med, f / med, b / 1e6 / med, r
}'
