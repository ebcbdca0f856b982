#!/usr/bin/env bash
# `mpirun -np 2 gigasim sweep` against the plain run: the same stdout, byte for byte (JSON and
# text), the same exit status, and nothing printed by the second process.
#
# usage: tests/sweep_mpi_test.sh GIGASIM_BINARY SOURCE_DIR GIGASIM_MPI
# exit: 0 pass, 1 fail, 77 skipped (built without MPI, or no mpirun).
set -uo pipefail
bin=${1:?usage: sweep_mpi_test.sh GIGASIM_BINARY SOURCE_DIR GIGASIM_MPI}
src=${2:?}
mpi=${3:-OFF}
case "$mpi" in ON|on|1|TRUE|true) ;; *) echo "SKIP: gigasim built without MPI (GIGASIM_MPI=$mpi)"; exit 77 ;; esac
command -v mpirun >/dev/null 2>&1 || { echo "SKIP: no mpirun"; exit 77; }
flags=(--oversubscribe -np 2)
[ "$(id -u)" = 0 ] && flags+=(--allow-run-as-root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
example="$src/examples/sweep-gpt-145b-a100.yaml"
fail=0
for fmt in json text; do
  "$bin" sweep "$example" --format $fmt --quiet >"$tmp/local.$fmt" 2>"$tmp/local.err"
  lrc=$?
  mpirun "${flags[@]}" "$bin" sweep "$example" --format $fmt --quiet >"$tmp/mpi.$fmt" 2>"$tmp/mpi.err"
  mrc=$?
  if [ $lrc -ne $mrc ]; then echo "FAIL $fmt: exit $mrc under mpirun, $lrc alone"; cat "$tmp/mpi.err"; fail=1; fi
  if ! cmp -s "$tmp/local.$fmt" "$tmp/mpi.$fmt"; then
    echo "FAIL $fmt: the output under mpirun differs"; diff "$tmp/local.$fmt" "$tmp/mpi.$fmt" | head -20; cat "$tmp/mpi.err"; fail=1
  fi
done
# A point that fails: the same rows, and exit 2 from every process.
"$bin" sweep "$example" --over cluster.gpus=1536,1000 --format json >"$tmp/local.bad" 2>/dev/null
lrc=$?
mpirun "${flags[@]}" "$bin" sweep "$example" --over cluster.gpus=1536,1000 --format json >"$tmp/mpi.bad" 2>"$tmp/mpi.err"
mrc=$?
if [ $lrc -ne 2 ] || [ $mrc -ne 2 ]; then echo "FAIL: a bad point exits $lrc alone, $mrc under mpirun (want 2)"; fail=1; fi
cmp -s "$tmp/local.bad" "$tmp/mpi.bad" || { echo "FAIL: the rows of a bad point differ under mpirun"; fail=1; }
[ $fail -eq 0 ] && echo "sweep under mpirun: the same bytes as the plain run"
exit $fail
