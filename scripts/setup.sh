#!/usr/bin/env bash
# Installs the Debian 12 packages drizzle-cpp needs (only the missing ones; as root or through sudo), then, when given
# a build directory, configures and builds it:  scripts/setup.sh [BUILD_DIR [CMAKE_ARGS...]]
set -euo pipefail
packages=(build-essential g++ clang clang-format cmake pkg-config python3 postgresql postgresql-contrib
          libpqxx-dev libpq-dev libboost1.81-dev libfmt-dev catch2 nlohmann-json3-dev libcli11-dev libssl-dev
          libbenchmark-dev libsoci-dev gnuplot-nox valgrind
          chromium chromium-driver)  # chromium: examples/web's browser tests (web.*, studio.*)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: missing packages (${missing[*]}) and no sudo: install them as root" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null || { echo "setup: apt-get update failed" >&2; exit 1; }
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "setup: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
if [ $# -ge 1 ]; then
  build=$1; shift
  src=$(cd "$(dirname "$0")/.." && pwd)
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null || { echo "setup: cmake configure failed ($build)" >&2; exit 1; }
  cmake --build "$build" -j "$(nproc)" || { echo "setup: build failed ($build)" >&2; exit 1; }
fi
