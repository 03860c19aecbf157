#!/usr/bin/env bash
# Where a long run's time goes by the clock, where callgrind counts instructions: CPU samples
# of one run over FOLDER, both lint threads, whole process (`perf record -e cpu-clock`, call
# stacks unwound from DWARF line tables). Prints each stage's share of the samples (a sample
# counts in the first stage below that its stack is inside: compiling, parsing, the trigger
# pass, the rules, classifying, the report, reading the files, finding them; the rest is
# "other") and the functions the samples were taken in. Instructions and time part where
# memory is waited for: on bulk at stop 94 the lazy DFAs' searches were 5.3% of the samples
# and 1.9% of the instructions, mimalloc's allocation path 4.1% and 0.7%.
#
#   bench/time_profile.sh [FOLDER] [HZ]   default ../shared/corpus/bulk, 1999 samples a second
#
# Builds hirelint with line tables into target/profiling (so that the release binary is left
# as it is); needs perf, allowed to sample this user's processes, and python3. One run under
# perf is slower than a plain one (about 1.5 times on bulk), and the shares move by a few
# points from run to run, as this machine's spells weigh on the parts that wait for memory:
# compare runs made one after the other. Nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-../shared/corpus/bulk}
hz=${2:-1999}
[ -d "$folder" ] || [ -f "$folder" ] || { echo "time_profile: no $folder" >&2; exit 2; }
command -v perf >/dev/null || { echo "time_profile: needs perf" >&2; exit 2; }
command -v python3 >/dev/null || { echo "time_profile: needs python3" >&2; exit 2; }

CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
  cargo build --release --locked --quiet --target-dir target/profiling
bin=$PWD/target/profiling/release/hirelint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A run first, unsampled, so that the files are read from the page cache, as in bench/run.sh:
# cold, the disk's reads were a fifth of the samples.
"$bin" check --no-config --format json "$folder" >/dev/null 2>&1 || true
# Exit 1 is findings; anything else is a failed run, whose profile would mislead.
status=0
perf record --quiet -e cpu-clock -F "$hz" --call-graph dwarf,65528 -o "$work/perf.data" \
  -- "$bin" check --no-config --format json "$folder" >/dev/null 2>"$work/stderr" || status=$?
if [ "$status" -gt 1 ]; then
  echo "time_profile: the run failed (exit $status):" >&2
  cat "$work/stderr" >&2
  exit 2
fi
perf script -i "$work/perf.data" -F ip,sym 2>/dev/null >"$work/stacks"

python3 - "$work/stacks" <<'EOF'
import collections, sys

# Each stage by the functions that are it, in the order a stack is asked about: compiling is
# asked first, as the rules compile their regexes the first time a posting arms them. A mark
# is found anywhere in a frame's name, or, after "^", at its start: the walk's closures are
# type parameters in the names of every lint thread's frames.
STAGES = [
    ("compiling", ["Compiled::build_for", "Forms::tester_for", "Upgrading::build",
                   "RuleSet::compile", "compile_rules", "compile_all"]),
    ("parsing", ["Document::parse"]),
    ("trigger pass", ["Triggers::read_chunk", "RuleSet::arm"]),
    ("rules", ["Posting::diagnostics"]),
    ("classifying", ["RoleTable::classify", "classify_narrowed"]),
    ("report", ["Reporter::add", "Pipe>::report", "Reporter::finish"]),
    ("reading files", ["source::read_posting", "source::open_regular", "lint::read_steps"]),
    ("finding files", ["^hirelint::discover::"]),
]

def in_frame(mark, frame):
    return frame.startswith(mark[1:]) if mark.startswith("^") else mark in frame


stacks = []
for block in open(sys.argv[1]).read().split("\n\n"):
    frames = [line.strip().split(" ", 1)[1] if " " in line.strip() else ""
              for line in block.strip().split("\n") if line.strip()]
    if frames:
        stacks.append(frames)
total = len(stacks)
if total == 0:
    sys.exit("time_profile: no samples")

by_stage = collections.Counter()
by_leaf = collections.Counter()
# What "other" is: the glue between the stages (`lint_parsed_together`, the pool's jobs),
# frees, waits, and stacks the unwinder lost (with 16 KB of stack copied a sample instead of
# the most perf copies, 64 KB, "other" was 11-12% of bulk's samples instead of 8%).
other_leaf = collections.Counter()
for frames in stacks:
    stage = next((name for name, marks in STAGES
                  if any(in_frame(mark, frame) for frame in frames for mark in marks)), "other")
    by_stage[stage] += 1
    # The function a sample was taken in: the first frame that is not inlined into it (perf
    # lists inlined calls as frames of their own, "max<u32> (inlined)").
    leaf = next((f for f in frames if not f.endswith("(inlined)")), frames[0]) or "[unknown]"
    by_leaf[leaf] += 1
    if stage == "other":
        other_leaf[leaf] += 1

print(f"samples   {total}")
for name in [name for name, _ in STAGES] + ["other"]:
    print(f"{name:<14}{100 * by_stage[name] / total:6.1f}%")
print("other, by function:", ", ".join(
    f"{leaf[:60]} {100 * count / total:.1f}%" for leaf, count in other_leaf.most_common(6)))
print("functions the samples were taken in (self):")
for leaf, count in by_leaf.most_common(20):
    print(f"{100 * count / total:6.1f}%  {leaf[:110]}")
EOF
