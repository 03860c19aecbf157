#!/usr/bin/env bash
# The action's lint step: annotations for the run's log and the pull request (the step's exit
# code is hirelint's: 1 on findings at or above --fail-on), and a SARIF file when asked.
set -euo pipefail
paths=${INPUT_PATHS:-.}
args=${INPUT_ARGS:-}
# Paths and arguments are space-separated lists, as the inputs are written.
# shellcheck disable=SC2086
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  hirelint check --format sarif --output-file "$INPUT_SARIF_FILE" --exit-zero --quiet $args $paths >/dev/null
fi
# shellcheck disable=SC2086
exec hirelint check --format github $args $paths
