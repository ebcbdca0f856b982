#!/usr/bin/env bash
# Installs what is missing, builds gigasim and runs the default scenario.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
./build/gigasim step examples/colossus-100k-h100.yaml || [ $? -eq 1 ]  # exit 1 = valid but infeasible (a prediction, not a failure)
