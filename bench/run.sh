#!/usr/bin/env bash
# Lints a folder of postings with the release build and the whole rule catalogue, and reads
# the same files with `cat` for comparison: prints files/s, MB/s and the ratio to cat.
#
#   bench/run.sh [FOLDER] [RUNS]      default: ../shared/corpus/bulk, 5 runs
#
# Reports the best and the median wall time of RUNS runs of each after one warm-up (the page
# cache then holds the files, so this measures hirelint, not the disk). Nothing here asserts
# a time: the figures go in notes and reviews.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bulk}
runs=${2:-5}
[ -d "$corpus" ] || { echo "bench: no folder $corpus" >&2; exit 2; }

cargo build --release --locked --quiet
bin=target/release/hirelint

list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' -o -name '*.html' -o -name '*.htm' \) \
  -not -path '*/.*' -print0 >"$list"
files=$(tr -cd '\0' <"$list" | wc -c)
bytes=$(xargs -0 cat <"$list" | wc -c)

# Wall time of RUNS runs of a command, one per line, after a warm-up.
times_of() {
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", e - s }'
  done | sort -n
}
best() { head -1; }
median() { awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

lint=$(times_of "$bin" check --no-config --format json "$corpus")
read_all=$(times_of sh -c "xargs -0 cat <'$list' >/dev/null")
threads=$(nproc)
awk -v f="$files" -v b="$bytes" -v t="$threads" -v c="$corpus" -v r="$runs" \
  -v lb="$(echo "$lint" | best)" -v lm="$(echo "$lint" | median)" \
  -v cb="$(echo "$read_all" | best)" -v cm="$(echo "$read_all" | median)" 'BEGIN {
  printf "corpus    %s: %d files, %.1f MB\n", c, f, b / 1e6
  printf "threads   %d (rayon default); whole catalogue, --no-config, JSON output\n", t
  printf "hirelint  best %.3f s  median %.3f s  %8.0f files/s  %6.1f MB/s  (of %d runs)\n", lb, lm, f / lm, b / 1e6 / lm, r
  printf "cat       best %.3f s  median %.3f s  %8.0f files/s  %6.1f MB/s\n", cb, cm, f / cm, b / 1e6 / cm
  printf "ratio     %.1fx cat (medians)\n", lm / cm
}'
