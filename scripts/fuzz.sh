#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time, two at a time, starting from the committed
# seeds in fuzz/corpus/TARGET (plus the sample corpus for the text readers). New inputs go to
# a scratch folder, not into the repository. A crash, a leak or a hang (over 10 s on one input)
# fails the run and leaves the input in $PARLEY_FUZZ_OUT (default build-fuzz/findings).
#
#   bash scripts/fuzz.sh                  # 60 s per target (PARLEY_FUZZ_SECONDS)
#   PARLEY_FUZZ_SECONDS=3600 bash scripts/fuzz.sh html jsonl   # longer, chosen targets
# Needs the fuzz build: scripts/build.sh with PARLEY_BUILD_DIR=build-fuzz and
# -DCMAKE_CXX_COMPILER=clang++-14 -DPARLEY_SANITIZERS=ON -DPARLEY_FUZZ=ON (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PARLEY_FUZZ_BUILD:-build-fuzz}/fuzz
seconds=${PARLEY_FUZZ_SECONDS:-60}
out=${PARLEY_FUZZ_OUT:-build-fuzz/findings}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(text markdown front_matter html jsonl csv clean gazetteer analyse query)
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fuzz_one() {
  local name=$1 seeds=(fuzz/corpus/$1)
  case $name in text | analyse) seeds+=(corpus) ;; esac
  mkdir -p "$work/$name"
  if "$bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/$name-" \
    "$work/$name" "${seeds[@]}" >"$work/$name.log" 2>&1; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name.log" | grep -o '[0-9]*$')
    printf 'fuzz: %-13s ok, %s s, %s executions\n' "$name" "$seconds" "${runs:-?}"
  else
    printf 'fuzz: %-13s FAILED; the input is in %s, the log follows\n' "$name" "$out"
    tail -n 60 "$work/$name.log"
    return 1
  fi
}
export -f fuzz_one
export bin seconds out work

# Two targets at a time: the machines that run this have two cores.
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'fuzz_one {}'
