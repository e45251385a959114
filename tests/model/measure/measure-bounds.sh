#!/usr/bin/env bash
# Runs every case of bounds_measure.cpp, one process each, and prints the
# table of docs/RELIABILITY.md (case, outcome, first error, read ms wall and CPU,
# peak KiB).
# Usage: tests/model/measure/measure-bounds.sh BUILD_DIR [FOLDER]
#   BUILD_DIR: a build tree with skyplan_bounds_measure (BUILD_TESTING=ON);
#   use an uninstrumented one (build/, not build-asan/) for the figures.
set -euo pipefail
bin="$1/tests/model/skyplan_bounds_measure"
folder="${2:-${TMPDIR:-/tmp}}"
cases=(baseline gigabyte-file nesting-100k-flow nesting-100k-block alias-bomb
       scalar-100mb-file scalar-60mb-file scalar-100mb-memory scalar-2mb map-100k-keys comma
       documents-10k nul-byte crlf tab-indent tab-in-value utf16-bom utf16-no-bom)
for c in "${cases[@]}"; do
  "$bin" "$c" "$folder"
done
