#!/usr/bin/env bash
# Lints a folder of postings with the release build and the whole rule catalogue, and
# compares it with reading the same files: `cat`, and `rg -i -F -f` over the catalogue's
# word lists when ripgrep is installed. Three sets:
#
#   bulk      FOLDER (default ../shared/corpus/bulk)
#   10x       ten copies of FOLDER, made on the fly in a temporary folder (hard links when
#             the file system allows, so it costs no disk), removed at the end
#   single    one posting of FOLDER of about 14 KB (the check an editor runs on save)
#   feed      one JSON Lines feed of FEED_MB megabytes (default 1024) of FOLDER's Markdown
#             and text postings, written to the temporary folder; one run (it takes a
#             while), for its time and peak memory; FEED_MB=0 leaves it out
#
#   bench/run.sh [FOLDER] [RUNS]      default 5 runs of each command after one warm-up, and
#                                     SINGLE_RUNS (default 41) for the one posting, whose
#                                     milliseconds a median of five does not hold still
#   JOBLINT=DIR bench/run.sh          also times Joblint, the older job-posting linter, over
#                                     FOLDER in one process (bench/joblint.js; bulk only),
#                                     from DIR, a Joblint checkout with its dependencies
#                                     installed; needs node
#
# Prints, per set: the median and best wall time, files/s, MB/s, peak RSS and CPU time (user
# and system; /usr/bin/time -v, one run), and the ratios to cat and rg (medians of runs made
# in turn with hirelint's, one of each a round); for cat also the ratio round by round, its
# median and range ("rounds"), which a machine whose speed drifts moves less. The page cache
# holds the files after the warm-up, so this measures hirelint, not the disk. After the ten
# copies, a "split" line parts FOLDER's time into what a run pays once and what a copy of the
# folder costs, in cat's time of the folder (see split_once). Before the runs
# and after, a line says how fast the caches, memory and the processor answered (pointer
# chases over 4 and 64 MiB and a chain of multiplications, bench/machine_probe.rs, built with
# rustc): on a shared machine the 4 MiB chase goes from about 20 to over 200 ns a load for
# minutes at a time, and the ratios to cat move with it. Nothing here asserts a time: the
# figures go in README.md, notes and reviews.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bulk}
runs=${2:-5}
single_runs=${SINGLE_RUNS:-41}
feed_mb=${FEED_MB:-1024}
[ -d "$corpus" ] || { echo "bench: no folder $corpus" >&2; exit 2; }

cargo build --release --locked --quiet
bin=$PWD/target/release/hirelint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# How fast memory and the processor answer, before the runs and after (bench/machine_probe.rs,
# built alone): a shared machine goes through slower and faster spells, which move the ratios
# to cat. Left out when rustc cannot build it.
probe=$work/machine_probe
rustc -O --edition 2021 -o "$probe" bench/machine_probe.rs 2>/dev/null || probe=
machine_spell() {
  [ -n "$probe" ] && "$probe" | awk -v when="$1" '
    / KiB: / { chases = chases sep $3 " ns a load over " $1 / 1024 " MiB"; sep = ", " }
    /^compute: / { chain = $2 }
    END { printf "machine   %s: pointer chase %s; multiplication chain %s ns a step\n", when, chases, chain }'
  return 0
}

# The postings of the corpus (hard links), and ten copies of them. Only the postings: files
# of other kinds beside them (bulk's MANIFEST.tsv, 1.9 MB) would be read by hirelint, which
# reads spreadsheet exports, and by `cat`, but hold no posting; the sets are the postings.
is_posting=(-name '*.md' -o -name '*.markdown' -o -name '*.txt' -o -name '*.html' -o -name '*.htm'
  -o -name '*.json' -o -name '*.jsonl')
postings=$work/postings
cp -rl "$corpus" "$postings" 2>/dev/null || cp -r "$corpus" "$postings"
find "$postings" -type f ! \( "${is_posting[@]}" \) -delete
copies=$work/copies
mkdir "$copies"
for i in $(seq 0 9); do
  cp -rl "$postings" "$copies/$i" 2>/dev/null || cp -r "$postings" "$copies/$i"
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

# Wall time of one run of a command. The clock is bash's own (no `date` process around each
# run: its start-up was a tenth of one posting).
wall_of() {
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  awk -v s="${start/,/.}" -v e="${end/,/.}" 'BEGIN { printf "%.4f\n", e - s }'
}
# Wall time of RUNS runs of a command, one per line, sorted, after a warm-up.
times_of() {
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do wall_of "$@"; done | sort -n
}
# RUNS rounds after a warm-up round, each round one run of every command named (shell
# functions), so that all of them meet the machine as it is at that moment: on a shared
# machine whose speed drifts, the medians of two blocks of runs taken a minute apart gave
# ratios that moved with the drift. Each command's sorted times go to $work/times.NAME.
times_alternating() {
  local f
  for f in "$@"; do
    "$f" >/dev/null 2>&1 || true
    : >"$work/times.$f"
  done
  for _ in $(seq "$runs"); do
    for f in "$@"; do wall_of "$f" >>"$work/times.$f"; done
  done
  # Each round's times in run order too, for the ratios of runs made side by side.
  for f in "$@"; do
    cp "$work/times.$f" "$work/rounds.$f"
    sort -n -o "$work/times.$f" "$work/times.$f"
  done
}
# The ratio of two commands' times in each round (first over second), sorted: "LOW MEDIAN
# HIGH". A run is paired with the one made right after it, so a spell in which the machine
# runs slower (it is shared) weighs on both; the ratio of the medians pairs runs made
# minutes apart when the two commands' times spread differently.
round_ratios() {
  paste -d ' ' "$work/rounds.$1" "$work/rounds.$2" | awk '{ print $1 / $2 }' | sort -n |
    awk '{ r[NR] = $1 } END { printf "%.2f %.2f %.2f\n", r[1], r[int((NR + 1) / 2)], r[NR] }'
}
# The commands a set is timed with; they read bench_set's `target` and `list`.
lint_run() { "$bin" check --no-config --format json "$target"; }
read_run() { sh -c "xargs -0 cat <'$list' >/dev/null"; }
# Without -w: with it, ripgrep checks word ends outside its fast path (15 s on bulk).
rg_run() { sh -c "xargs -0 rg -i -c -F -f '$words' <'$list' >/dev/null"; }
joblint_run() { node bench/joblint.js "$JOBLINT" <"$list"; }
best() { head -1; }
median() { awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# One run under /usr/bin/time -v: its peak resident memory in MB, its CPU time (user and
# system) and its wall time in seconds, "PEAK CPU WALL". CPU time against wall time says how
# much of the cores the run kept busy.
peak_cpu_wall() {
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '
    /Maximum resident set size/ { peak = $2 / 1024 }
    /User time \(seconds\)/ || /System time \(seconds\)/ { cpu += $2 }
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    END { printf "%.1f %.4f %.4f\n", peak, cpu, wall }'
}

echo "machine   $(nproc) cores, $(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "hirelint  whole catalogue, --no-config, JSON output, $(nproc) threads; medians of $runs runs ($single_runs for one posting)"
machine_spell before
have_rg=$(command -v rg >/dev/null && echo yes || echo no)
have_joblint=no
if [ -n "${JOBLINT:-}" ]; then
  if [ -f "$JOBLINT/lib/joblint.js" ] && command -v node >/dev/null; then
    have_joblint=yes
  else
    echo "bench: JOBLINT=$JOBLINT is not a Joblint checkout, or node is missing: no Joblint figure" >&2
  fi
fi

bench_set() {
  local name=$1 target=$2
  local list=$work/list.$name
  if [ -d "$target" ]; then
    find "$target" -type f \( "${is_posting[@]}" \) -not -path '*/.*' -print0 >"$list"
  else
    printf '%s\0' "$target" >"$list"
  fi
  local files bytes lint read_all peak cpu rg_line="" joblint_line=""
  files=$(tr -cd '\0' <"$list" | wc -c)
  bytes=$(xargs -0 cat <"$list" | wc -c)
  local commands=(lint_run read_run)
  if [ "$have_rg" = yes ] && [ -s "$words" ]; then
    commands+=(rg_run)
  fi
  # Joblint takes seconds a run: the first set only.
  if [ "$have_joblint" = yes ] && [ "$name" = bulk ]; then
    commands+=(joblint_run)
  fi
  times_alternating "${commands[@]}"
  [ -s "$work/times.rg_run" ] && rg_line=$(median <"$work/times.rg_run")
  [ -s "$work/times.joblint_run" ] && joblint_line=$(median <"$work/times.joblint_run")
  rm -f "$work/times.rg_run" "$work/times.joblint_run"
  lint=$(cat "$work/times.lint_run")
  read_all=$(cat "$work/times.read_run")
  local low mid high
  read -r low mid high < <(round_ratios lint_run read_run)
  read -r peak cpu _ < <(peak_cpu_wall "$bin" check --no-config --format json "$target")
  echo "$(echo "$read_all" | median) $mid" >"$work/medians.$name"
  awk -v n="$name" -v f="$files" -v b="$bytes" -v p="$peak" -v c="$cpu" -v rg="$rg_line" \
    -v jl="$joblint_line" -v rl="$low" -v rm="$mid" -v rh="$high" \
    -v lb="$(echo "$lint" | best)" -v lm="$(echo "$lint" | median)" \
    -v cm="$(echo "$read_all" | median)" '
  # Under a tenth of a second in milliseconds, to the tenth: the goal for one posting is 5 ms.
  function t(s) { return s < 0.1 ? sprintf("%5.1f ms", s * 1e3) : sprintf("%6.3f s", s) }
  BEGIN {
    size = b >= 1e6 ? sprintf("%6.1f MB", b / 1e6) : sprintf("%6.1f KB", b / 1e3)
    # CPU time to the hundredth of a second: what /usr/bin/time reports.
    printf "%-7s %6d files %s | hirelint %s (best %s) %7.0f files/s %6.1f MB/s peak %6.1f MB cpu %6.2f s | %5.1fx cat (%s)",
      n, f, size, t(lm), t(lb), f / lm, b / 1e6 / lm, p, c, lm / cm, t(cm)
    # The same ratio round by round: the median of the rounds and their range.
    printf " (rounds %.2f, %.2f-%.2f)", rm, rl, rh
    if (rg != "") printf " | %4.1fx rg -f (%s)", lm / rg, t(rg)
    # Joblint the other way round: how many times as long as hirelint it takes.
    if (jl != "") printf " | Joblint %s = %.1fx hirelint", t(jl), jl / lm
    printf "\n"
  }'
}

# One feed of about FEED_MB megabytes: one posting per line, the corpus over and over.
bench_feed() {
  local feed=$work/feed.jsonl
  python3 - "$corpus" "$feed" "$feed_mb" <<'PY'
import json, pathlib, sys
corpus, feed, megabytes = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
postings = []
for path in sorted(corpus.rglob("*")):
    if path.suffix in (".md", ".txt") and path.is_file():
        text = path.read_text(errors="replace")
        title = next((l.strip("# ") for l in text.splitlines() if l.strip()), path.stem)
        postings.append(json.dumps({"title": title, "description": text}) + "\n")
if not postings:
    sys.exit("bench: no Markdown or text posting to make a feed of")
goal, written = megabytes * 1_000_000, 0
with open(feed, "w") as out:
    while written < goal:
        for line in postings:
            out.write(line)
            written += len(line.encode())
            if written >= goal:
                break
PY
  local lines bytes read_all wall peak cpu
  lines=$(wc -l <"$feed")
  bytes=$(wc -c <"$feed")
  read_all=$(times_of cat "$feed" | median)
  read -r peak cpu wall < <(peak_cpu_wall "$bin" check --no-config --format json "$feed")
  awk -v f="$lines" -v b="$bytes" -v w="$wall" -v p="$peak" -v c="$cpu" -v cm="$read_all" 'BEGIN {
    printf "%-7s %6d lines %6.1f MB | hirelint %7.3f s (one run) %7.0f postings/s %6.1f MB/s peak %6.1f MB cpu %.2f s | %5.1fx cat (%.3f s)\n",
      "feed", f, b / 1e6, w, f / w, b / 1e6 / w, p, c, w / cm, cm
  }'
  rm -f "$feed"
}

# What a run pays once (compiling the rules' regexes, the trigger automaton, the lazy DFAs'
# first states) against what each copy of the folder costs: bulk = once + copy, 10x = once +
# 10 copies. Counted in `cat`'s time of one copy, from each set's rounds ratio (hirelint's
# time over `cat`'s in the same round): the two sets are timed minutes apart, and a machine
# whose speed drifts between them moved a split of their seconds by more than what is paid
# once. It still assumes that hirelint and `cat` slow down alike.
split_once() {
  local cat1 ratio1 ratio10
  read -r cat1 ratio1 <"$work/medians.bulk"
  read -r _ ratio10 <"$work/medians.10x"
  awk -v r1="$ratio1" -v r10="$ratio10" -v c1="$cat1" 'BEGIN {
    copy = (10 * r10 - r1) / 9; once = r1 - copy
    printf "split     bulk = paid once %.2fx cat + a copy of the folder %.2fx cat (in this run'"'"'s cat of bulk, %.3f s: %.3f s + %.3f s)\n",
      once, copy, c1, once * c1, copy * c1
  }'
}

bench_set bulk "$postings"
bench_set 10x "$copies"
split_once
runs=$single_runs bench_set single "$single"
[ "$feed_mb" -gt 0 ] && bench_feed
[ "$have_rg" = yes ] || echo "(ripgrep is not installed: no rg -f ratio)"
machine_spell after
