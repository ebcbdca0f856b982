#!/usr/bin/env bash
# Installs what is missing, builds gigasim and runs the default scenario (writes out/report.html).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
# The default scenario through every section it enables (step, network, reliability, power).
./build/gigasim run examples/colossus-100k-h100.yaml --out out/ || [ $? -eq 1 ]  # exit 1 = valid but infeasible (a prediction, not a failure)
echo "gigasim: the report is $(pwd)/out/report.html"

