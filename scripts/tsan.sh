#!/usr/bin/env bash
# Builds parley-index and parley-search with ThreadSanitizer (gcc, build-tsan/) and runs them
# through every path where threads share work: a first build (parts written in parallel, then
# merged), an incremental run of many articles (readers, workers and a writer), a run cut short
# by a full disk and the run after it, a rebuild into two shards (a writer each), and searches.
# The first data race reported fails the script. scripts/test.sh runs it after the sanitizer
# suite; `bash scripts/tsan.sh` runs it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
b=${PARLEY_TSAN_DIR:-build-tsan}
werror=OFF
[ -n "${CI:-}" ] && werror=ON
cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_WERROR="$werror" \
  -DPARLEY_TSAN=ON >/dev/null
cmake --build "$b" -j"$(nproc)" --target parley-index parley-search
index_bin=$b/indexer/parley-index
search_bin=$b/searcher/parley-search
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
idx=$work/index
step() { echo "tsan: $*" >&2; }

step "first build of the sample corpus"
"$index_bin" -q --index "$idx" corpus
mkdir -p "$work/more"
for i in $(seq 0 299); do
  {
    printf 'Report number %d on grain shipments\n\n' "$i"
    for k in $(seq 0 19); do printf 'Freighters w%d left Odesa with wheat. ' $((i * 100 + k)); done
  } >"$work/more/r$i.txt"
done
step "an incremental run of 300 articles, then one cut short by a full disk"
cp -r "$work/more" "$work/more2"
"$index_bin" -q --index "$idx" corpus "$work/more"
largest=$(find "$idx" -type f -printf '%s\n' | sort -n | tail -1)
set +e
(
  trap '' XFSZ
  ulimit -f $(((largest + 8192) / 1024))
  exec "$index_bin" -q --index "$idx" corpus "$work/more" "$work/more2"
) 2>"$work/full.err"
status=$?
set -e
if [ "$status" -eq 66 ]; then
  cat "$work/full.err" >&2
  exit 1
fi
step "the run after it, then a rebuild into two shards and searches"
"$index_bin" -q --index "$idx" corpus "$work/more" "$work/more2"
"$index_bin" -q --rebuild --shards 2 --index "$idx" corpus "$work/more" "$work/more2"
"$index_bin" -q --index "$idx" corpus "$work/more"
"$search_bin" --index "$idx" --facets party,region freighters >/dev/null
"$search_bin" --index "$idx" --json talks >/dev/null
step "no data race reported"
