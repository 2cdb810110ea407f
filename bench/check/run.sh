#!/usr/bin/env bash
# Self-check benchmark (issue #16): the model client against a loopback server (200 ms answers at --concurrency 64,
# and instant ones for the client's own cost), the edit distance on a 3,000-character page, and the Tesseract
# checker's pages/s on 2 cores against Tesseract's CLI run by xargs -P 2 on the same PNGs (the reference), and the
# two embedded readers (Tesseract chi_sim, PP-OCRv4) on rendered Chinese e-book pages: pages/s and CER.
# Prints Markdown for docs/benchmarks.md.   usage: bench/check/run.sh [REQUESTS]   (default 4000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-4000}"
bin/setup
work="bench/work/check"
rm -rf "$work" && mkdir -p "$work"
# Pages: one chapter of the corpus e-book, rendered by the documents command.
bin/pairforge documents fixtures/corpus/ebooks/sherlock-holmes/src/epub/text/a-scandal-in-bohemia.xhtml -o "$work/pages" --no-progress >/dev/null
tar="$work/pages/shards/000000.tar"
bin/pairforge notebooks fixtures/notebooks -o "$work/figures" --no-progress >/dev/null
figures="$work/figures/shards/000000.tar"
run() { java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/check/CheckBench.java "$@"; }

echo "| model client | rate | reference | ratio |"
echo "|---|---:|---:|---:|"
run client "$figures" "$n" 1600
run client "$tar" "$n" 2000
run client "$tar" "$n" 1600
echo
echo "| edit distance | time per page | result |"
echo "|---|---:|---|"
run distance "$tar"

mkdir -p "$work/png" && (cd "$work/png" && tar xf "../pages/shards/000000.tar" --wildcards '*.png')
pages=$(ls "$work/png"/*.png | wc -l)
t0=$(date +%s%N)
ls "$work/png"/*.png | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} tesseract {} stdout -l eng --psm 6 >/dev/null 2>&1
t1=$(date +%s%N)
read -r pf_pages pf_s < <(run tesseract "$tar")
python3 - "$pages" "$(( (t1 - t0) / 1000000 ))" "$pf_pages" "$pf_s" <<'PY'
import sys
pages, ref_ms, pf_pages, pf_s = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ref = pages * 1000 / ref_ms
pf = pf_pages / pf_s
print(f"\n| Tesseract checker, {pages} e-book pages, 2 cores | pages/s |")
print("|---|---:|")
print(f"| tesseract CLI, xargs -P 2 (reference) | {ref:.2f} |")
print(f"| pairforge Tesseract checker (read + score) | {pf:.2f} |")
print(f"\n- pairforge vs the bare CLI: **{pf/ref:.2f}x** pages/s")
PY

# Chinese pages: the e-book template over the corpus's Analects, as the auto checker meets them.
bin/pairforge documents --template ebook --content fixtures/corpus/zh/lunyu.json --count 4 --seed 11 -o "$work/zh" --no-progress >/dev/null
echo
echo "| embedded reader, $(tar tf "$work/zh/shards/000000.tar" | grep -c '\.png$') Chinese e-book pages, 2 cores | pages/s | mean CER | worst CER | pages scored |"
echo "|---|---:|---:|---:|---:|"
run readers "$work/zh/shards/000000.tar"
