#!/usr/bin/env bash
# What each rule of the catalogue costs a run: the instructions a run over a sample of
# postings saves when the rule is left out (`--ignore RULE`), counted by callgrind. That is
# the rule's whole cost: compiling its regexes, its literals' part of the trigger pass, its
# checks and its findings' report: where a long run's time goes by rule, for the rules to
# look at first. The rest of a run (reading, parsing, the trigger pass itself) is everyone's.
#
#   bench/rule_costs.sh [FOLDER] [EVERY]   default ../shared/corpus/bulk and every 6th
#                                          posting (1,112 of bulk's 6,672: about 8 s a run
#                                          under callgrind, 3 minutes in all on two cores)
#
# Counts with one lint thread (RAYON_NUM_THREADS=1): with two, which thread first builds an
# automaton they share moves the count by about 1% from run to run, more than most rules
# cost; with one, a run repeats to within 0.01%. A sample weighs the regexes' compiling,
# paid once a run, more than a whole repository would: an EVERY of 1 measures the folder
# itself (bulk: 13 minutes).
# Needs valgrind; runs as many rules at once as there are cores. Prints the rules by cost:
# share of the run, instructions, instructions a posting. Nothing here asserts a cost.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/bulk}
every=${2:-6}
[ -d "$corpus" ] || { echo "rule_costs: no folder $corpus" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "rule_costs: needs valgrind" >&2; exit 2; }

cargo build --release --locked --quiet
bin=$PWD/target/release/hirelint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every EVERY-th posting, in path order, hard-linked (copied across file systems) into one
# folder; a number before each name keeps names apart and the extension tells the format.
mkdir "$work/sample"
# (The extensions `Format::detect` knows.)
find "$corpus" -type f \( -iname '*.md' -o -iname '*.markdown' -o -iname '*.txt' \
  -o -iname '*.html' -o -iname '*.htm' -o -iname '*.json' -o -iname '*.jsonl' \
  -o -iname '*.ndjson' \) | LC_ALL=C sort |
  awk -v every="$every" 'NR % every == 0' | {
  n=0
  while IFS= read -r file; do
    n=$((n + 1))
    ln "$file" "$work/sample/$n-${file##*/}" 2>/dev/null || cp "$file" "$work/sample/$n-${file##*/}"
  done
}
postings=$(find "$work/sample" -type f | wc -l)
[ "$postings" -gt 0 ] || { echo "rule_costs: no postings in $corpus" >&2; exit 2; }

# Instructions of one run over the sample, without the rule named (none: the whole run). The
# run exits 1 when it finds something, as it does here.
count() {
  local report
  report=$(RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" check --no-config --format json ${1:+--ignore "$1"} "$work/sample" 2>&1 >/dev/null) ||
    true
  awk '/refs:/ { gsub(",", "", $NF); print $NF }' <<<"$report"
}
export -f count
export bin work

# The rules that run by default (an `off` rule costs nothing to leave out).
"$bin" rules --no-config | awk 'NR > 3 && NF > 3 && $3 != "off" { print $1 }' >"$work/rules"

whole=$(count "")
sampled="one in $every of $corpus"
[ "$every" = 1 ] && sampled="all of $corpus"
echo "rule costs  $postings postings ($sampled), one lint thread, callgrind"
echo "whole run   $whole instructions, $((whole / postings)) a posting"
xargs -P "$(nproc)" -n 1 bash -c 'echo "$1 $(count "$1")"' _ <"$work/rules" >"$work/costs"
awk -v whole="$whole" -v postings="$postings" '
  { saved = whole - $2; printf "%-44s %6.2f%%  %13d  %9d a posting\n", $1, 100 * saved / whole, saved, saved / postings }
' "$work/costs" | sort -k3 -rn
