#!/usr/bin/env bash
# Installs what the benchmark needs besides Parley's own packages (scripts/setup.sh): the
# peers (omindex from xapian-omega, SQLite with FTS5), and the measuring tools.
# Runs as root or through sudo; does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

packages=(
  xapian-omega      # omindex: the plain-Xapian indexer a user would reach for
  xapian-tools      # quest, xapian-compact
  libsqlite3-dev    # SQLite FTS5, through bench-fts5-index and bench-query
  sqlite3
  time              # /usr/bin/time -v: wall time and peak RSS
  hyperfine         # a cross-check of the whole-process timings
  valgrind          # callgrind: instruction counts for the profiles (bench/profile)
  python3           # bench/report.py writes BENCHMARKS.md
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bench/setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo_cmd=(sudo)
fi
echo "bench/setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
