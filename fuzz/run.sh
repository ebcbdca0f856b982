#!/usr/bin/env bash
# Runs the scenario fuzzer for a fixed number of inputs, from the seed corpus, with a fixed seed.
#   fuzz/run.sh BUILD/gigasim_fuzz [RUNS] [extra libFuzzer flags]
# Exit 77 (skipped) when the fuzzer was not built (a GCC build: libFuzzer needs clang).
# New inputs go to a scratch folder; the seed folders are only read. A crash leaves
# crash-<sha1> in the current folder: add it to fuzz/corpus/ and turn it into a test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-}
runs=${2:-20000}
shift $(( $# >= 2 ? 2 : $# ))
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "fuzz_scenario: skipped (the fuzzer is built by clang with -DGIGASIM_FUZZ=ON: scripts/sanitize.sh)" >&2
  exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rc=0
start=$(date +%s%N)
"$bin" -runs="$runs" -seed=1 -max_len=4096 -timeout=20 -rss_limit_mb=4096 -dict="$here/scenario.dict" \
  -print_final_stats=1 "$@" "$scratch" "$here/corpus" "$here/../examples" >"$scratch.log" 2>&1 || rc=$?
tail -30 "$scratch.log"; rm -f "$scratch.log"
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "fuzz_scenario: $runs inputs in $ms ms ($(( runs * 1000 / (ms > 0 ? ms : 1) )) inputs/s)" >&2
exit "$rc"
