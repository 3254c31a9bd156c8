#!/usr/bin/env bash
# Sets up, builds and runs every test through ctest; then the same suite built with
# AddressSanitizer and UndefinedBehaviorSanitizer (clang, build-fuzz/), the programs under
# ThreadSanitizer (scripts/tsan.sh), and each libFuzzer target for a bounded time
# (scripts/fuzz.sh).
#   PARLEY_SANITIZE=0     skip the sanitizers and the fuzzing (a quick local run)
#   PARLEY_FUZZ_SECONDS=N seconds per fuzz target (default 60; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd "${PARLEY_BUILD_DIR:-build}" && ctest --output-on-failure -j"$(nproc)")

[ "${PARLEY_SANITIZE:-1}" = 0 ] && exit 0
echo "test: the suite under AddressSanitizer and UndefinedBehaviorSanitizer" >&2
# One clang build serves both: sanitizers everywhere, fuzzing coverage in Parley's code.
PARLEY_BUILD_DIR=build-fuzz bash scripts/build.sh -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DPARLEY_SANITIZERS=ON -DPARLEY_FUZZ=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp  # a leak of Xapian's, explained there
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)")
echo "test: indexing and searching under ThreadSanitizer" >&2
bash scripts/tsan.sh

[ "${PARLEY_FUZZ_SECONDS:-60}" = 0 ] && exit 0
echo "test: each fuzz target for ${PARLEY_FUZZ_SECONDS:-60} s" >&2
bash scripts/fuzz.sh
