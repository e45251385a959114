#!/usr/bin/env bash
# Installs what is missing, builds, and opens the designer on a bundled
# example. Without a display (a server, CI) it validates and prints the
# example with the command-line tool instead.
# Usage: scripts/run.sh [FILE.sky.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DSKYPLAN_BENCHMARKS=OFF
cmake --build build -j2 --target skyplan $( [ -d app/studio ] && echo skyplan-studio )
file="${1:-resources/examples/webshop.sky.yaml}"
if [[ -x build/app/studio/skyplan-studio && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
  exec build/app/studio/skyplan-studio "$file"
fi
if [[ -x build/app/studio/skyplan-studio ]]; then
  echo "run.sh: no display; showing the command-line view of $file (start an X server to open the designer)" >&2
fi
build/app/skyplan validate "$file"
build/app/skyplan fmt - < "$file"
