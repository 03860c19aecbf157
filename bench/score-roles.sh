#!/usr/bin/env bash
# Scores the role rules against the labeled postings in tests/labels/roles.tsv (read from
# ../shared/corpus): per-rule precision and recall, the family confusion matrix, every miss.
#
#   bench/score-roles.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/corpus ] || { echo "score-roles: ../shared/corpus is not here" >&2; exit 2; }
cargo test --release --locked --quiet --test role_labels -- --nocapture --test-threads 1 2>&1 \
  | awk '/labeled postings/ { on = 1 } /^test result|^test role_rules|^running/ { on = 0 } on { sub(/^\.+/, ""); if ($0 != "") print }'
