#!/usr/bin/env bash
# Runs every gigasim command shown in README.md and docs/*.md and checks its exit status, so the
# documentation cannot show a command that fails.
#
# A command is a line of a fenced block starting with `gigasim `, `./build/gigasim ` or
# `$ gigasim ` (an output line such as `gigasim: file:1:2: ...` is not a command). The expected
# exit status is 0 unless the line ends with a comment `# exit N`. Commands run in a scratch folder
# that holds `examples/` (linked), `build/gigasim` and every YAML block whose first line is
# `# NAME.yaml` (the tutorial's scenario), so `--out out/` writes there.
#
# usage: tests/doc_commands_test.sh GIGASIM_BINARY SOURCE_DIR
# exit: 0 pass, 1 fail.
set -uo pipefail
bin=${1:?usage: doc_commands_test.sh GIGASIM_BINARY SOURCE_DIR}
src=${2:?usage: doc_commands_test.sh GIGASIM_BINARY SOURCE_DIR}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/build" "$tmp/bin"
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
  if [[ $cmd =~ \#[[:space:]]*exit[[:space:]]+([0-9]+)[[:space:]]*$ ]]; then want=${BASH_REMATCH[1]}; fi
  cmd=${cmd#\$ }
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
