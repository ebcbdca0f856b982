#!/usr/bin/env bash
# Installs the Debian 12 packages gigasim needs to build and test, and the charting library of the
# HTML report (npm ci in web/, from web/package-lock.json). Idempotent: does nothing when
# everything is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(build-essential cmake ninja-build ccache libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
      libgtest-dev libgmock-dev libbenchmark-dev python3 libsimgrid-dev
      python3-dev pybind11-dev python3-matplotlib   # the Python module (python/) and its example
      openmpi-bin libopenmpi-dev                   # `mpirun gigasim sweep` (src/sweep/)
      chromium chromium-driver   # the browser test of report.html (tests/browser_test.sh)
      clang libclang-rt-dev libomp-dev)  # scripts/sanitize.sh: ASan/UBSan build, libFuzzer, OpenMP for clang
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm build the report's bundle; a machine may have them from elsewhere (the nodejs
# package of another repository bundles npm, and Debian's npm package would conflict with it).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The charting library, at the versions of web/package-lock.json (cmake/web.cmake embeds it).
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "installing the report's charting library (npm ci in web/)" >&2
  (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
