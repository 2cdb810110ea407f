#!/usr/bin/env bash
# Web pairs against wkhtmltoimage on the same HTML: PER pages of each of six templates (self-contained KEY.html
# files that `pairforge web --template` wrote, seed 7), 1024 px wide, whole pages for both, every core busy,
# whole commands (JVM and browsers started in each), ROUNDS rounds taking turns. pairforge's run makes each
# page's screenshot, text, word boxes, elements, Markdown and blocks, and shards.
# usage: bench/web/wk-templates.sh [PER] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup > /dev/null
per=${1:-20}
rounds=${2:-3}
cores=$(nproc)
work=bench/work/web-wk
rm -rf "$work" && mkdir -p "$work/pages"
for t in landing dashboard form pricing blog table; do
  bin/pairforge web --template "$t" --count "$per" --seed 7 --viewport 1024x1024 -o "$work/make-$t" --no-progress > /dev/null
  for tar in "$work/make-$t"/shards/*.tar; do
    tar -xf "$tar" -C "$work/pages" --wildcards '*.html'
  done
done
n=$(ls "$work/pages" | wc -l)
timed() {
  local t0 t1; t0=$(date +%s%N); "$@" > "$work/last.log" 2>&1; t1=$(date +%s%N)
  python3 -c "print(($t1 - $t0) / 1e9)"
}
wk() {
  rm -rf "$work/wk" && mkdir -p "$work/wk"
  ls "$work"/pages/*.html | xargs -P "$cores" -I{} sh -c \
    'QT_QPA_PLATFORM=offscreen wkhtmltoimage -q --disable-javascript --width 1024 "$1" "$2/$(basename "$1" .html).png" >/dev/null 2>&1 || true' _ {} "$work/wk"
}
export -f wk; export work cores
declare -a wk_t pf_t
for r in $(seq 1 "$rounds"); do
  wk_t+=("$(timed bash -c wk)")
  pf_t+=("$(timed bin/pairforge web "$work/pages" -o "$work/out" --viewport 1024x1024 --workers "$cores" --overwrite --no-progress)")
done
python3 - "$n" "$cores" "$(ls "$work/wk" | wc -l)" "$(python3 -c "import json;print(json.load(open('$work/out/summary.json'))['kept'])")" "${wk_t[*]}" "${pf_t[*]}" <<'PY'
import statistics, sys
n, cores, wk_n, pf_n = map(int, sys.argv[1:5])
wk, pf = ([float(x) for x in a.split()] for a in sys.argv[5:7])
med = statistics.median
print(f"{n} template pages (six templates, seed 7), 1024 px wide, whole pages, {cores} at a time; whole commands, {len(wk)} rounds.\n")
print("| contender | images | seconds (each round) | median | pages/s |")
print("|---|---:|---|---:|---:|")
print(f"| wkhtmltoimage | {wk_n} | {' / '.join(f'{t:.1f}' for t in wk)} | {med(wk):.1f} | {wk_n / med(wk):.1f} |")
print(f"| `pairforge web` (screenshot, text, words, elements, Markdown, shards) | {pf_n} | {' / '.join(f'{t:.1f}' for t in pf)} | {med(pf):.1f} | {pf_n / med(pf):.1f} |")
print(f"\n- pairforge vs wkhtmltoimage: **{(pf_n / med(pf)) / (wk_n / med(wk)):.2f}x** pages/s")
PY
