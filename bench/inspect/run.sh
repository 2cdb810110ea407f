#!/usr/bin/env bash
# inspect benchmark (issue #18): 'pairforge inspect DATASET --sample 50 --html OUT' on a 10,000-sample dataset
# (four kinds, 2,500 each, cloned from a fixture set's real samples), whole command with the JVM's start, against
# the issue's 3 s; and the same with --worst-by-score, which reads every sample's JSON. Prints Markdown.
# usage: bench/inspect/run.sh [SAMPLES] [ROUNDS]   (default 10000, 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
total="${1:-10000}"
rounds="${2:-3}"
bin/setup
work="bench/work/inspect"
rm -rf "$work" && mkdir -p "$work"
bin/pairforge fixtures -o "$work/fixtures" --seed 1 --check tesseract >/dev/null
python3 bench/inspect/make_dataset.py "$work/fixtures" "$work/data" "$total"
size=$(du -sm "$work/data" | cut -f1)
declare -A t
for r in $(seq 1 "$rounds"); do
  for mode in sample worst; do
    flag=""; [ "$mode" = worst ] && flag="--worst-by-score"
    t0=$(date +%s%N)
    bin/pairforge inspect "$work/data" --sample 50 --html "$work/$mode.html" $flag >/dev/null
    t1=$(date +%s%N)
    t[$mode]+="$(( (t1 - t0) / 1000000 )) "
  done
done
python3 - "$total" "$size" "$(du -k "$work/sample.html" | cut -f1)" "${t[sample]}" "${t[worst]}" <<'PY'
import statistics as st, sys
total, mb, html_kb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sample, worst = (st.median(int(x) for x in a.split()) / 1000 for a in sys.argv[4:6])
print(f"| dataset | command | seconds (median) | the issue's 3 s / ours |")
print(f"|---|---|---|---|")
print(f"| {total:,} samples, {mb} MB, 4 kinds | `inspect --sample 50 --html` (200 shown, {html_kb // 1024} MB page) | {sample:.2f} | {3 / sample:.1f}x |")
print(f"| same | `inspect --sample 50 --worst-by-score --html` | {worst:.2f} | {3 / worst:.1f}x |")
PY
