#!/usr/bin/env bash
# Regenerates the example reports into a temporary folder and compares them with reports/.
# Prints a unified diff and exits 1 when they differ.
set -euo pipefail
bin=${1:-.build/release/outcomes}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run Datasets/analyses.yaml --out "$tmp/reports" --quiet
if ! diff -ru reports "$tmp/reports"; then
  echo "error: reports/ is out of date; run 'make report' and commit the result" >&2
  exit 1
fi
echo "reports/ is up to date"
