#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test (ctest).
# Usage: scripts/test.sh            (build dir: build/)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSKYPLAN_WERROR="${SKYPLAN_WERROR:-OFF}" -DBUILD_TESTING=ON
cmake --build build -j2
cd build
ctest --output-on-failure -j2 --timeout 900
