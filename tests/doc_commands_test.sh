#!/usr/bin/env bash
# Runs every gigasim command shown in README.md and docs/*.md and checks its exit status, so the
# documentation cannot show a command that fails.
#
# A command is a line of a fenced block starting with `gigasim `, `./build/gigasim ` or
# `$ gigasim ` (an output line such as `gigasim: file:1:2: ...` is not a command). The expected
# exit status is 0 unless the line's comment ends with `exit N` (`# infeasible: exit 1`). Commands run in a scratch folder
# that holds `examples/` (linked), `build/gigasim` and every YAML block whose first line is
# `# NAME.yaml` (the tutorial's scenario), so `--out out/` writes there; `../shared` beside it links
# to the one beside the source tree when there is one (validate-model's published runs).
# Skipped: `validate-model` when that data is absent (it is not part of the repository).
#
# usage: tests/doc_commands_test.sh GIGASIM_BINARY SOURCE_DIR
# exit: 0 pass, 1 fail.
set -uo pipefail
bin=${1:?usage: doc_commands_test.sh GIGASIM_BINARY SOURCE_DIR}
src=$(cd "${2:?usage: doc_commands_test.sh GIGASIM_BINARY SOURCE_DIR}" && pwd)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
tmp=$top/repo
mkdir -p "$tmp/build" "$tmp/bin"
have_shared=0
if [ -d "$src/../shared/validation" ]; then ln -s "$(cd "$src/../shared" && pwd)" "$top/shared"; have_shared=1; fi
ln -s "$src/examples" "$tmp/examples"
ln -s "$bin" "$tmp/build/gigasim"
ln -s "$bin" "$tmp/bin/gigasim"

docs=("$src/README.md" "$src"/docs/*.md)

# Files the docs ask the reader to write: a ```yaml block whose first line is "# NAME.yaml".
awk -v dir="$tmp" '
  /^```yaml/ { inblock = 1; first = 1; next }
  /^```/ && inblock { inblock = 0; if (out) close(out); out = ""; next }
  inblock && first { first = 0; if ($0 ~ /^# [A-Za-z0-9_.-]+\.yaml$/) { out = dir "/" substr($0, 3); next } }
  inblock && out { print > out }
' "${docs[@]}"

# The commands: file, line number, text, one per line, tab-separated.
awk '
  FNR == 1 { inblock = 0 }
  /^```/ { inblock = !inblock; next }
  inblock && /^(\$ )?(\.\/build\/)?gigasim [a-z]/ { print FILENAME "\t" FNR "\t" $0 }
' "${docs[@]}" >"$tmp/commands.tsv"

count=0
fail=0
start=$SECONDS
while IFS=$'\t' read -r file line cmd; do
  want=0
  if [[ $cmd == *"#"* && ${cmd#*#} =~ exit[[:space:]]+([0-9]+)[[:space:]]*$ ]]; then want=${BASH_REMATCH[1]}; fi
  cmd=${cmd#\$ }
  if [[ $cmd == *"gigasim validate-model"* && $have_shared -eq 0 ]]; then echo "skip ${file#"$src"/}:$line: $cmd"; continue; fi
  cmd=${cmd%%#*}
  (cd "$tmp" && PATH="$tmp/bin:$PATH" timeout 120 bash -c "$cmd" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null)
  rc=$?
  count=$((count + 1))
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL ${file#"$src"/}:$line: exit $rc, expected $want: $cmd"
    tail -3 "$tmp/stderr"
    fail=1
  fi
done <"$tmp/commands.tsv"
echo "$count documented commands run in $((SECONDS - start)) s"
if [ "$count" -eq 0 ]; then echo "FAIL: no commands found"; exit 1; fi
exit $fail
