#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test (ctest),
# twice: with gcc in build/, then with clang-14 under AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/, where the fuzz targets also run
# their seed corpora and a short bounded run (docs/RELIABILITY.md).
# Usage: scripts/test.sh
#   SKYPLAN_SANITIZE_STAGE=1 adds the second stage; CI (.ci/run) sets it.
#   Off by default here: it doubles the build (docs/RELIABILITY.md has
#   its time).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSKYPLAN_WERROR="${SKYPLAN_WERROR:-OFF}" -DBUILD_TESTING=ON
cmake --build build -j2
(cd build && ctest --output-on-failure -j2 --timeout 900)

if [[ "${SKYPLAN_SANITIZE_STAGE:-0}" == 0 ]]; then
  exit 0
fi
echo "test.sh: sanitizer stage (build-asan: clang-14, ASan + UBSan, fuzz targets)"
start=$SECONDS
while IFS= read -r line; do
  [[ $line =~ ^[A-Z_]+= ]] && export "${line//@DIR@/$root/tests/sanitizer}"
done < tests/sanitizer/options.env
# Warnings are errors in the gcc stage above; clang's own extra ones are not
# made fatal here.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER=clang++-14 -DSKYPLAN_SANITIZE=ON -DSKYPLAN_FUZZ=ON \
      -DSKYPLAN_BENCHMARKS=OFF -DSKYPLAN_WERROR=OFF -DBUILD_TESTING=ON
cmake --build build-asan -j2
(cd build-asan && ctest --output-on-failure -j2 --timeout 900)
echo "test.sh: sanitizer stage took $((SECONDS - start)) s"
