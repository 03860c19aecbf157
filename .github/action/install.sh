#!/usr/bin/env bash
# The action's install step: build hirelint from the action's source into HIRELINT_ROOT
# unless the cache already holds it, and put it on the PATH of the later steps.
set -euo pipefail
: "${HIRELINT_SOURCE:?the source folder of the action}" "${HIRELINT_ROOT:?where to install}"
bin="$HIRELINT_ROOT/bin/hirelint"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "hirelint: cached $("$bin" --version)"
else
  cargo install --locked --quiet --root "$HIRELINT_ROOT" --path "$HIRELINT_SOURCE"
  echo "hirelint: built $("$bin" --version)"
fi
echo "$HIRELINT_ROOT/bin" >> "${GITHUB_PATH:?set by the runner}"
