#!/usr/bin/env bash
# Lints a folder of postings with the release build and the whole rule catalogue, and
# compares it with reading the same files: `cat`, and `rg -i -F -f` over the catalogue's
# word lists when ripgrep is installed. Three sets:
#
#   bulk      FOLDER (default ../shared/corpus/bulk)
#   10x       ten copies of FOLDER, made on the fly in a temporary folder (hard links when
#             the file system allows, so it costs no disk), removed at the end
#   single    one posting of FOLDER of about 14 KB (the check an editor runs on save)
#
#   bench/run.sh [FOLDER] [RUNS]      default 5 runs of each command after one warm-up
#
# Prints, per set: the median and best wall time, files/s, MB/s, peak RSS (/usr/bin/time -v,
# one run), and the ratios to cat and rg (medians, same run). The page cache holds the files
# after the warm-up, so this measures hirelint, not the disk. Nothing here asserts a time: the
# figures go in README.md, notes and reviews.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bulk}
runs=${2:-5}
[ -d "$corpus" ] || { echo "bench: no folder $corpus" >&2; exit 2; }

cargo build --release --locked --quiet
bin=$PWD/target/release/hirelint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Ten copies of the corpus.
copies=$work/copies
mkdir "$copies"
for i in $(seq 0 9); do
  cp -rl "$corpus" "$copies/$i" 2>/dev/null || cp -r "$corpus" "$copies/$i"
done

# The posting closest to 14 KB.
single=$(find "$corpus" -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' \) -size +12k -size -16k \
  -not -path '*/.*' | sort | head -1)
[ -n "$single" ] || single=$(find "$corpus" -type f -name '*.md' | sort | head -1)

# Every word of every word list of the catalogue, for `rg -f`.
words=$work/words.txt
python3 - "$words" <<'PY' 2>/dev/null || : >"$words"
import pathlib, sys, tomllib
out = set()
for path in pathlib.Path("lints").rglob("*.toml"):
    rule = tomllib.loads(path.read_text())
    check = rule.get("check", {}) if isinstance(rule, dict) else {}
    for word in check.get("words", []):
        if isinstance(word, str):
            out.add(word.rstrip("*"))
pathlib.Path(sys.argv[1]).write_text("\n".join(sorted(out)) + "\n")
PY

# Wall time of RUNS runs of a command, one per line, sorted, after a warm-up.
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
# Peak resident memory of one run, in MB.
peak_mb() {
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }'
}

echo "machine   $(nproc) cores, $(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "hirelint  whole catalogue, --no-config, JSON output, $(nproc) threads; medians of $runs runs"
have_rg=$(command -v rg >/dev/null && echo yes || echo no)

bench_set() {
  local name=$1 target=$2
  local list=$work/list.$name
  if [ -d "$target" ]; then
    find "$target" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' -o -name '*.html' -o -name '*.htm' -o -name '*.json' -o -name '*.jsonl' \) \
      -not -path '*/.*' -print0 >"$list"
  else
    printf '%s\0' "$target" >"$list"
  fi
  local files bytes lint read_all peak rg_line=""
  files=$(tr -cd '\0' <"$list" | wc -c)
  bytes=$(xargs -0 cat <"$list" | wc -c)
  lint=$(times_of "$bin" check --no-config --format json "$target")
  read_all=$(times_of sh -c "xargs -0 cat <'$list' >/dev/null")
  peak=$(peak_mb "$bin" check --no-config --format json "$target")
  if [ "$have_rg" = yes ] && [ -s "$words" ]; then
    local rg_times
    # Without -w: with it, ripgrep checks word ends outside its fast path (15 s on bulk).
    rg_times=$(times_of sh -c "xargs -0 rg -i -c -F -f '$words' <'$list' >/dev/null")
    rg_line=$(echo "$rg_times" | median)
  fi
  awk -v n="$name" -v f="$files" -v b="$bytes" -v p="$peak" -v rg="$rg_line" \
    -v lb="$(echo "$lint" | best)" -v lm="$(echo "$lint" | median)" \
    -v cm="$(echo "$read_all" | median)" 'BEGIN {
    size = b >= 1e6 ? sprintf("%6.1f MB", b / 1e6) : sprintf("%6.1f KB", b / 1e3)
    printf "%-7s %6d files %s | hirelint %7.3f s (best %.3f) %7.0f files/s %6.1f MB/s peak %6.1f MB | %5.1fx cat (%.3f s)",
      n, f, size, lm, lb, f / lm, b / 1e6 / lm, p, lm / cm, cm
    if (rg != "") printf " | %4.1fx rg -f (%.3f s)", lm / rg, rg
    printf "\n"
  }'
}

bench_set bulk "$corpus"
bench_set 10x "$copies"
bench_set single "$single"
[ "$have_rg" = yes ] || echo "(ripgrep is not installed: no rg -f ratio)"
