#!/usr/bin/env bash
# Spark benchmark (issue #17): rows/s of 'pairforge spark notebooks' in local[1] and local[2] beside the CLI with
# --workers 1 and 2 on the same replicated notebook corpus, in the same run, taking turns. Spark's own start
# (the session) is reported apart from the job. Prints Markdown for docs/benchmarks.md.
# usage: bench/spark/run.sh [MB] [ROUNDS]   (default 500 MB, 2 rounds)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mb="${1:-500}"
rounds="${2:-2}"
bin/setup
work="bench/work/spark"
rm -rf "$work" && mkdir -p "$work"
python3 bench/notebooks/replicate.py fixtures/corpus/notebooks "$work/nb" "$mb" >&2
inputs=$(find "$work/nb" -name '*.ipynb' | wc -l)
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }
declare -A total job start
for r in $(seq 1 "$rounds"); do
  for w in 1 2; do
    t0=$(date +%s%N)
    bin/pairforge notebooks "$work/nb" -o "$work/cli$w" --workers "$w" --no-progress --overwrite >/dev/null 2>&1
    t1=$(date +%s%N)
    total[cli$w]+="$(( (t1 - t0) / 1000000 )) "
    t0=$(date +%s%N)
    bin/pairforge spark --partitions $((w * 8)) notebooks "$work/nb" -o "$work/spark$w" --master "local[$w]" --overwrite >/dev/null 2>&1
    t1=$(date +%s%N)
    total[spark$w]+="$(( (t1 - t0) / 1000000 )) "
    job[spark$w]+="$(field "$work/spark$w/summary.json" "['seconds']") "
    start[spark$w]+="$(field "$work/spark$w/summary.json" "['spark_start_seconds']") "
  done
done
kept=$(field "$work/cli2/summary.json" "['kept']")
python3 - "$inputs" "$kept" "$mb" "${total[cli1]}" "${total[cli2]}" "${total[spark1]}" "${total[spark2]}" \
  "${job[spark1]}" "${job[spark2]}" "${start[spark1]}" "${start[spark2]}" <<'PY'
import statistics as st, sys
inputs, kept, mb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ms = lambda s: [int(x) for x in s.split()]
sec = lambda s: [float(x) for x in s.split()]
cli1, cli2, sp1, sp2 = (st.median(ms(a)) / 1000 for a in sys.argv[4:8])
job1, job2, start1, start2 = (st.median(sec(a)) for a in sys.argv[8:12])
print(f"| {inputs} notebooks, ≥ {mb} MB, {kept} pairs kept | whole command (s) | rows/s | Spark start (s) | job after start (s) | rows/s after start |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| CLI `--workers 1` | {cli1:.1f} | {inputs/cli1:.0f} | | | |")
print(f"| CLI `--workers 2` | {cli2:.1f} | {inputs/cli2:.0f} | | | |")
print(f"| `spark --master local[1]` | {sp1:.1f} | {inputs/sp1:.0f} | {start1:.1f} | {job1-start1:.1f} | {inputs/(job1-start1):.0f} |")
print(f"| `spark --master local[2]` | {sp2:.1f} | {inputs/sp2:.0f} | {start2:.1f} | {job2-start2:.1f} | {inputs/(job2-start2):.0f} |")
print(f"\n- `local[2]` against the CLI with `--workers 2`: **{cli2/(job2-start2):.2f}x** after Spark's start, {cli2/sp2:.2f}x whole")
print(f"- `local[1]` against `--workers 1`: {cli1/(job1-start1):.2f}x after start")
PY
