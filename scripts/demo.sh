#!/usr/bin/env bash
# Sets up, builds, indexes the sample corpus (corpus/) and runs a few example searches.
# The index goes where both programs look by default: $PARLEY_INDEX, else
# ~/.local/share/parley/index.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bin=${PARLEY_BUILD_DIR:-build}

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; }
search() {
  step "parley-search $*"
  "$bin/searcher/parley-search" "$@" || [ $? -eq 1 ]  # exit 1 means no hits, not a failure
}

step "parley-index corpus"
"$bin/indexer/parley-index" corpus
search '"weapons of mass destruction"'
search --limit 3 withdrawing troops
search --match any --limit 3 what did Russia demand about Zaporizhzhia
search --limit 2 --facets none title:demands
search --region Zaporozhye --party Kremlin --limit 2
search --person zelenskiy --facets region,party --timeline day
search --demand-by russia/territorial-withdrawal --facets demand_by --limit 1
search --list place
search --json --limit 1 --facets region istanbul
