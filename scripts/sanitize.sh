#!/usr/bin/env bash
# Builds gigasim and its unit tests with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ and runs the whole test suite under them (every example, every schedule, the CLI).
# Any report fails the run: UBSan does not recover, ASan stops at the first error.
#
#   scripts/sanitize.sh              # configure, build, run every test
#   scripts/sanitize.sh -R Golden    # extra arguments go to ctest
#
# The browser test is left out (Chromium is not instrumented and the page is checked by the
# plain build). Optimised at -O1 so that the suite runs in minutes on 2 cores. Warnings are not
# errors here: the plain GCC build (-Werror) is the warnings gate; this one is clang's.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${GIGASIM_ASAN_DIR:-build-asan}
jobs=${GIGASIM_JOBS:-$(nproc)}
# clang: the same build carries libFuzzer's coverage instrumentation, so it also builds the fuzzer
# (fuzz/) and the suite runs it for a fixed number of inputs (the fuzz_scenario test).
cxx=${GIGASIM_ASAN_CXX:-clang++}
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
fuzz=OFF
if "$cxx" --version 2>/dev/null | grep -q clang; then
  san="$san -fsanitize=fuzzer-no-link"
  fuzz=ON
fi
start=$(date +%s)
# The Python module is left out: an instrumented extension needs the sanitizer runtime preloaded
# into an uninstrumented interpreter, whose own allocations the leak checker would then report.
# MPI is left out too (its runtime's allocations are not ours to check).
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGIGASIM_BENCH=OFF -DGIGASIM_WERROR=OFF -DGIGASIM_PYTHON=OFF \
  -DCMAKE_CXX_COMPILER="$cxx" -DGIGASIM_FUZZ=$fuzz -DGIGASIM_MPI=OFF \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" "-DCMAKE_CXX_FLAGS=$san" \
  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" >/dev/null
targets=(gigasim gigasim_tests)
[ "$fuzz" = ON ] && targets+=(gigasim_fuzz)
cmake --build "$dir" -j"$jobs" --target "${targets[@]}"
built=$(date +%s)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Wall-clock assertions (NetAnalyze.MillionGpusUnderTenMilliseconds) measure the plain build's
# speed; under the sanitizers' 2-5x slow-down they would only measure the sanitizers.
ctest --test-dir "$dir" --output-on-failure -j"$jobs" -LE browser -E 'UnderTenMilliseconds' "$@"
end=$(date +%s)
echo "sanitizer build $((built - start)) s, tests $((end - built)) s" >&2
