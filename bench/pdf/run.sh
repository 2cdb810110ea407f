#!/usr/bin/env bash
# PDF input benchmark (issue #28): `pairforge documents` on born-digital PDFs, the whole command with two workers,
# against what a user would run instead: poppler's `pdftoppm -r 144 -png` plus `pdftotext` per page, two pages at
# a time; and the same pairforge run with --no-markdown, for what Markdown and blocks cost. Inputs: the PDFs of
# fixtures/pdf (a 24-page math book, a two-column paper, a Google Docs export), COPIES copies each under other
# names. Prints a Markdown table for docs/benchmarks.md; best of ROUNDS.
# usage: bench/pdf/run.sh [COPIES] [ROUNDS]   (defaults 4, 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
copies="${1:-4}"
rounds="${2:-3}"
bin/setup >/dev/null
work="bench/work/pdf"
rm -rf "$work" && mkdir -p "$work/in" "$work/poppler"
for c in $(seq "$copies"); do
  for f in fixtures/pdf/geotopo-1-24.pdf fixtures/pdf/multicolumn.pdf fixtures/pdf/google-doc-document.pdf; do
    cp "$f" "$work/in/$c-$(basename "$f")"
  done
done
pages=0
for f in "$work"/in/*.pdf; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}'))); done

now() { date +%s%N; }
best() { sort -n | head -1; }
poppler() {
  local t0 t1
  t0=$(now)
  for f in "$work"/in/*.pdf; do
    n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    for p in $(seq "$n"); do echo "$f $p"; done
  done | xargs -P 2 -n 2 sh -c 'pdftoppm -r 144 -png -f "$1" -l "$1" "$0" '"$work"'/poppler/$(basename "$0" .pdf)-$1 && pdftotext -f "$1" -l "$1" "$0" '"$work"'/poppler/$(basename "$0" .pdf)-$1.txt 2>/dev/null'
  t1=$(now)
  echo $(( (t1 - t0) / 1000000 ))
}
pairforge() { # extra flags
  local t0 t1
  t0=$(now)
  bin/pairforge documents "$work/in" -o "$work/out" --overwrite --workers 2 --no-progress "$@" >/dev/null 2>&1
  t1=$(now)
  echo $(( (t1 - t0) / 1000000 ))
}
pairforge >/dev/null # warm: the jar and its class-data archive
p=$(for r in $(seq "$rounds"); do poppler; done | best)
m=$(for r in $(seq "$rounds"); do pairforge; done | best)
n=$(for r in $(seq "$rounds"); do pairforge --no-markdown; done | best)
python3 - "$pages" "$p" "$m" "$n" <<'PY'
import sys
pages, p, m, n = map(int, sys.argv[1:])
print(f"{pages} pages of born-digital PDFs at 144 dpi, two at a time, whole commands, best of the rounds.\n")
print("| contender | seconds | pages/s |")
print("|---|---:|---:|")
print(f"| `pdftoppm -r 144 -png` + `pdftotext`, per page, 2 at a time | {p/1000:.1f} | {pages/(p/1000):.1f} |")
print(f"| `pairforge documents --workers 2` (PNG, text, words, Markdown, blocks) | {m/1000:.1f} | {pages/(m/1000):.1f} |")
print(f"| `pairforge documents --workers 2 --no-markdown` | {n/1000:.1f} | {pages/(n/1000):.1f} |")
print(f"\n- pairforge vs poppler: **{p/m:.2f}x** (target ≥ 1x); Markdown and blocks add **{(m-n)/n*100:.0f}%** (target ≤ 25%)")
PY
