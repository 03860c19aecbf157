#!/usr/bin/env bash
# Seeds each target's corpus (fuzz/corpus/TARGET, not committed) from fixtures/ and lints/.
set -euo pipefail
cd "$(dirname "$0")/.."
seed() {
  local target=$1; shift
  mkdir -p "fuzz/corpus/$target"
  find "$@" -type f -print0 | while IFS= read -r -d '' file; do
    cp "$file" "fuzz/corpus/$target/$(echo "$file" | tr '/' '_')"
  done
}
seed read_markdown fixtures -name '*.md'
seed read_text fixtures -name '*.txt'
seed read_html fixtures -name '*.html'
seed read_json fixtures -name '*.json'
seed read_jsonl fixtures -name '*.jsonl'
seed read_xml fixtures -name '*.xml'
seed read_csv fixtures -name '*.csv'
seed read_yaml fixtures -name '*.yml'
seed read_in_parts fixtures '(' -name '*.xml' -o -name '*.csv' -o -name '*.jsonl' ')'
seed rule_file lints -name '*.toml' -not -name '_categories.toml'
seed config_file fixtures src/config -name '*.toml'
for dir in fuzz/corpus/*; do echo "$(basename "$dir"): $(ls "$dir" | wc -l) seeds"; done
