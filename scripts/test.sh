#!/usr/bin/env bash
# Sets up, builds and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd "${PARLEY_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
