#!/usr/bin/env bash
# Installs what Parley needs (scripts/setup.sh), then configures and builds it in build/.
# Extra arguments go to CMake's configure step (e.g. -DPARLEY_SANITIZERS=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build_dir=${PARLEY_BUILD_DIR:-build}
werror=OFF
[ -n "${CI:-}" ] && werror=ON  # warnings are errors in CI
cmake -S . -B "$build_dir" -DPARLEY_WERROR="$werror" "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
