#!/usr/bin/env bash
# Runs the whole test suite (installs and builds first when needed).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
