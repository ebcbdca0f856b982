#!/usr/bin/env bash
# Opens the report of each example in headless Chromium and checks what a reader would see:
# the page's script ran to the end, the browser console stayed silent (no error, no warning, no
# failed load: the page is self-contained), and every chart has data and ink on its canvas.
# The page writes its status as JSON into <pre id="status"> (web/report.html); --dump-dom reads it.
#
# usage: tests/browser_test.sh GIGASIM_BINARY SOURCE_DIR
# exit: 0 pass, 1 fail, 77 skipped (no Chromium on this machine: scripts/install-deps.sh installs it).
set -uo pipefail
bin=${1:?usage: browser_test.sh GIGASIM_BINARY SOURCE_DIR}
src=${2:?usage: browser_test.sh GIGASIM_BINARY SOURCE_DIR}

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no Chromium found (Debian: apt-get install chromium; scripts/install-deps.sh does)"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then echo "FAIL: python3 is needed to read the page's status"; exit 1; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --enable-logging=stderr --v=0)
fail=0

# check NAME EXPECTED_CHARTS...: opens $tmp/NAME/report.html and checks its status.
check() {
  local name=$1; shift
  local page="$tmp/$name/report.html"
  if [ ! -s "$page" ]; then echo "FAIL $name: no report.html written"; fail=1; return; fi
  timeout 60 "$browser" "${flags[@]}" --user-data-dir="$tmp/profile-$name" --dump-dom "file://$page" \
    >"$tmp/$name.dom" 2>"$tmp/$name.log"
  local rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL $name: chromium exited $rc"; tail -5 "$tmp/$name.log"; fail=1; return; fi
  if ! python3 - "$name" "$page" "$tmp/$name.dom" "$tmp/$name.log" "$@" <<'PY'; then fail=1; fi
import html, json, re, sys
name, page_path, dom_path, log_path, expected = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
dom = open(dom_path, encoding="utf-8", errors="replace").read()
log = open(log_path, encoding="utf-8", errors="replace").read()
problems = []
# Every console message of the page (the page itself logs nothing) and every failed load.
console = [l for l in log.splitlines() if ":CONSOLE" in l or "Failed to load" in l]
problems += ["console: " + l.split("] ", 1)[-1][:300] for l in console]
m = re.search(r'<pre id="status"[^>]*>(.*?)</pre>', dom, re.S)
if not m or not m.group(1).strip():
    problems.append("the page wrote no status: its script did not run")
    status = {}
else:
    status = json.loads(html.unescape(m.group(1)))
    if not status.get("done"):
        problems.append("the page's script did not run to the end")
    problems += ["page error: " + e for e in status.get("errors", [])]
    problems += ["page warning: " + w for w in status.get("warnings", [])]
    problems += ["fetched: " + r for r in status.get("resources", [])]
    charts = {c["id"]: c for c in status.get("charts", [])}
    for c in charts.values():
        if not c.get("drawn"):
            problems.append(f"chart '{c['id']}' is empty ({c.get('points')} points, {c.get('inked')} inked pixels)")
    for e in expected:
        if e not in charts:
            problems.append(f"chart '{e}' is missing (charts: {', '.join(charts)})")
# Self-contained: outside the inlined scripts, no tag loads anything.
page = open(page_path, encoding="utf-8").read()
outside = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
problems += ["loads " + x for x in re.findall(r'\b(?:src|href)\s*=\s*"(?!#)[^"]*"', outside)]
if problems:
    print(f"FAIL {name}:")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"ok   {name}: {len(status['charts'])} charts drawn, sections {', '.join(status.get('sections', []))}")
PY
}

# gigasim exits 1 for a valid but infeasible result, which still has a report.
gen() {
  "$bin" "$@" --quiet >/dev/null 2>"$tmp/gen.err"
  local rc=$?
  if [ $rc -gt 1 ]; then echo "FAIL: gigasim $* exited $rc"; cat "$tmp/gen.err"; fail=1; fi
}

gen run "$src/examples/llama3-405b-16k-run.yaml" --out "$tmp/llama3-405b"
check llama3-405b breakdown memory pipeline tiers collectives cables ettr causes time-shares power battery
gen run "$src/examples/gpt-145b-a100.yaml" --out "$tmp/gpt-145b"
check gpt-145b breakdown memory pipeline tiers collectives cables
gen plan "$src/examples/plan-orbit-1gw.yaml" --out "$tmp/plan-orbit-1gw"
check plan-orbit-1gw constraints coverage sensitivity
gen plan "$src/examples/plan-roadmap-100k-to-orbit.yaml" --out "$tmp/plan-roadmap"
check plan-roadmap roadmap-capacity roadmap-binding roadmap-costs roadmap-tornado
gen plan "$src/examples/plan-roadmap-orbit-36-months.yaml" --out "$tmp/plan-roadmap-36"
check plan-roadmap-36 roadmap-capacity roadmap-binding roadmap-costs roadmap-tornado
gen sweep "$src/examples/sweep-gpt-145b-a100.yaml" --out "$tmp/sweep"
check sweep sweep-0-tokens_per_s_per_gpu sweep-0-mfu sweep-0-memory_per_gpu_gib sweep-1-tokens_per_s_per_gpu sweep-1-mfu
gen search "$src/examples/gpt-145b-a100.yaml" --top 10 --out "$tmp/search-gpt-145b"
check search-gpt-145b search-pareto
gen diff "$src/examples/colossus-100k-h100.yaml" "$src/examples/colossus-100k-h100-build.yaml" --out "$tmp/diff-colossus"
check diff-colossus diff-breakdown

if [ $fail -ne 0 ]; then echo "browser test: FAILED"; exit 1; fi
echo "browser test: every report opened without a console message and drew all its charts"
