#!/usr/bin/env bash
# Page pipeline benchmark: pairforge's PDFBox path (PNG + page text + word boxes) against poppler's
# `pdftoppm -png` (PNG only) at the same DPI, on the same pages: the PDF figures of the corpus paper,
# each rendered REPS times, with 1 and 2 at a time. Prints a Markdown table for docs/benchmarks.md.
# usage: bench/pages/run.sh [DPI] [REPS]   (defaults 144, 20)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dpi="${1:-144}"
reps="${2:-20}"
bin/setup
work="bench/work/pages"
rm -rf "$work" && mkdir -p "$work"
mapfile -t pdfs < <(ls fixtures/corpus/latex/panda-wms/*.pdf)

now() { date +%s%N; }
poppler() { # $1 = parallel processes
  local t0 t1
  t0=$(now)
  for r in $(seq "$reps"); do for f in "${pdfs[@]}"; do echo "$f $r"; done; done |
    xargs -P "$1" -n 2 sh -c 'pdftoppm -png -r '"$dpi"' "$0" '"$work"'/p-$1-$(basename "$0" .pdf)'
  t1=$(now)
  echo "$(( ${#pdfs[@]} * reps )) $(( (t1 - t0) / 1000000 ))"
}

read -r pp1 pms1 < <(poppler 1)
read -r pp2 pms2 < <(poppler 2)
read -r fp1 fs1 < <(java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/pages/PageRate.java "$dpi" "$reps" 1 "${pdfs[@]}")
read -r fp2 fs2 < <(java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/pages/PageRate.java "$dpi" "$reps" 2 "${pdfs[@]}")

python3 - "$dpi" "$pp1" "$pms1" "$pp2" "$pms2" "$fp1" "$fs1" "$fp2" "$fs2" "${#pdfs[@]}" "$reps" <<'PY'
import sys
dpi, pp1, pms1, pp2, pms2, fp1, fs1, fp2, fs2, n, reps = sys.argv[1:]
p1, p2 = int(pp1) / (int(pms1) / 1000), int(pp2) / (int(pms2) / 1000)
f1, f2 = int(fp1) / float(fs1), int(fp2) / float(fs2)
print(f"{pp1} pages at {dpi} dpi: the corpus paper's {n} PDF figures, each rendered {reps} times.\n")
print("| contender | 1 at a time, pages/s | 2 at a time, pages/s |")
print("|---|---:|---:|")
print(f"| `pdftoppm -png` (PNG only; process per page) | {p1:.1f} | {p2:.1f} |")
print(f"| pairforge PdfPages (PNG + text + word boxes; warm JVM) | {f1:.1f} | {f2:.1f} |")
print(f"\n- pairforge vs pdftoppm: **{f1/p1:.2f}x** (1 at a time), **{f2/p2:.2f}x** (2 at a time)")
PY
