#!/usr/bin/env bash
# The full load run: 8 searchers x 1,000 queries (each a parley-search process) while
# parley-index runs add articles and commit, one after another. Prints the figures; fails
# when a search fails or a result differs from the quiet index's.
#   PARLEY_LOAD_SEARCHERS=8 PARLEY_LOAD_QUERIES=1000 bash scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${PARLEY_BUILD_DIR:-build}
[ -x "$build/tests/parley_tests" ] || bash scripts/build.sh
PARLEY_LOAD_SEARCHERS=${PARLEY_LOAD_SEARCHERS:-8} PARLEY_LOAD_QUERIES=${PARLEY_LOAD_QUERIES:-1000} \
  "$build/tests/parley_tests" '[load]'
