#!/usr/bin/env bash
# Installs the Debian packages Parley needs to build, test and run.
# Runs as root or through sudo; does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libxapian-dev xapian-tools   # the index; xapian-delve etc. for inspecting it
  libcli11-dev                 # command-line options
  catch2                       # tests (Catch2 v2)
  nlohmann-json3-dev           # JSON in and out
  libutf8proc-dev              # Unicode normalisation and case folding
  libxxhash-dev                # content hashes (XXH3)
  libgumbo-dev                 # HTML pages (an HTML5-conformant parser)
  libcsv-dev                   # CSV exports (RFC 4180)
  clang-format                 # the project's formatting
  clang-14 libclang-rt-14-dev  # the sanitizer suite and libFuzzer (scripts/test.sh, fuzz/)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo_cmd=(sudo)
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
