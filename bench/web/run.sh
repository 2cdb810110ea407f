#!/usr/bin/env bash
# Web benchmark: screenshots/s at 1024x1024 on the same N pages (corpus text), all cores busy, for
# `pairforge web` (pooled browsers: one per worker, one reused page per worker), Debian's `wkhtmltoimage`,
# and a cold `chromium --headless --screenshot` per page (a browser started for every page).
# It then runs pairforge alone on 5N pages: the difference between the two runs is the rate a long run
# settles at, once the JVM, the Playwright drivers and the browsers have started.
# usage: bench/web/run.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup
n=${1:-200}
cores=$(nproc)
work=bench/work/web
rm -rf "$work" && mkdir -p "$work/pages" "$work/wk" "$work/cold"
python3 bench/web/make_pages.py fixtures/corpus/ebooks/sherlock-holmes/src/epub/text/a-scandal-in-bohemia.xhtml "$work/pages" "$n"

t0=$(date +%s%N)
ls "$work"/pages/*.html | xargs -P "$cores" -I{} sh -c \
  'QT_QPA_PLATFORM=offscreen wkhtmltoimage -q --disable-javascript --width 1024 --height 1024 "$1" "$2/$(basename "$1" .html).png" >/dev/null 2>&1 || true' _ {} "$work/wk"
t1=$(date +%s%N)
ls "$work"/pages/*.html | head -n 40 | xargs -P "$cores" -I{} sh -c \
  'd=$(mktemp -d); /usr/lib/chromium/chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir="$d" --window-size=1024,1024 --screenshot="$2/$(basename "$1" .html).png" "file://$(realpath "$1")" >/dev/null 2>&1; rm -rf "$d"' _ {} "$work/cold"
t2=$(date +%s%N)
bin/pairforge web "$work/pages" -o "$work/out" --viewport 1024x1024 --workers "$cores" --no-progress >/dev/null
t3=$(date +%s%N)
mkdir -p "$work/pages5"
python3 bench/web/make_pages.py fixtures/corpus/ebooks/sherlock-holmes/src/epub/text/a-scandal-in-bohemia.xhtml "$work/pages5" $((5 * n))
t4=$(date +%s%N)
bin/pairforge web "$work/pages5" -o "$work/out5" --viewport 1024x1024 --workers "$cores" --no-progress >/dev/null
t5=$(date +%s%N)

python3 - "$n" "$cores" "$t0" "$t1" "$t2" "$t3" "$work" "$t4" "$t5" <<'PY'
import sys, glob, json
n, cores, t0, t1, t2, t3, work, t4, t5 = sys.argv[1:]
n, cores = int(n), int(cores)
wk = (int(t1) - int(t0)) / 1e9; cold = (int(t2) - int(t1)) / 1e9; pf = (int(t3) - int(t2)) / 1e9
wk_n = len(glob.glob(work + "/wk/*.png")); cold_n = len(glob.glob(work + "/cold/*.png"))
kept = json.load(open(work + "/out/summary.json"))["kept"]
kept5 = json.load(open(work + "/out5/summary.json"))["kept"]
pf5 = (int(t5) - int(t4)) / 1e9
print(f"{n} pages at 1024x1024, {cores} at a time.\n")
print("| contender | pages | seconds | pages/s |")
print("|---|---:|---:|---:|")
print(f"| wkhtmltoimage | {wk_n} | {wk:.1f} | {wk_n/wk:.1f} |")
print(f"| cold chromium --headless --screenshot (first 40 pages) | {cold_n} | {cold:.1f} | {cold_n/cold:.1f} |")
print(f"| pairforge web (screenshot + text and word boxes + self-contained HTML + shards, JVM start included) | {kept} | {pf:.1f} | {kept/pf:.1f} |")
print(f"| pairforge web, {kept5} pages (same kind) | {kept5} | {pf5:.1f} | {kept5/pf5:.1f} |")
print(f"\n- pairforge steady state (the extra {kept5 - kept} pages of the long run over the extra seconds): "
      f"**{(kept5 - kept)/(pf5 - pf):.1f} pages/s**")
print(f"- pairforge vs wkhtmltoimage: **{(kept/pf)/(wk_n/wk):.2f}x**; vs cold Chromium: **{(kept/pf)/(cold_n/cold):.2f}x**")
PY
