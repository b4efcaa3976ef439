#!/usr/bin/env bash
# Installs what slotfit needs on Debian 12 (as root, or through sudo) and is quiet when it is all there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(make cmake g++ libgtest-dev googletest libbenchmark-dev nlohmann-json3-dev emscripten
          postgresql chromium nodejs ca-certificates)
# --exact: also the 0/1 solvers of the exact reference (`make quality-exact`); `make test` never needs them.
if [ "${1:-}" = --exact ]; then packages+=(glpk-utils coinor-cbc); fi
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# nodejs may come from elsewhere than Debian (NodeSource): a working node and npm are enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [ "$p" = nodejs ] || filtered+=("$p"); done; missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
