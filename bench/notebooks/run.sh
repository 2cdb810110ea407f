#!/usr/bin/env bash
# Notebook benchmark: pairforge (1 and 2 workers) against bench/notebooks/extract.py on >= 500 MB of real
# notebooks (the shared corpus, replicated). Prints a Markdown table for docs/benchmarks.md.
# usage: bench/notebooks/run.sh [MB]   (default 500)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mb="${1:-500}"
work="bench/work"
data="$work/notebooks-${mb}mb"
bin/setup
if [ ! -d "$data" ]; then
  python3 bench/notebooks/replicate.py ../shared/corpus/notebooks "$data" "$mb"
fi
cat $(find "$data" -name '*.ipynb') > /dev/null   # warm the page cache for every contender alike
bytes=$(find "$data" -name '*.ipynb' -printf '%s\n' | awk '{s+=$1} END {print s}')

# Seconds a command takes, with millisecond resolution.
wall() { local t0 t1; t0=$(date +%s%N); "$@" > "$work/last.log" 2>&1; t1=$(date +%s%N); printf '%d.%03d\n' $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 1000000) % 1000)); }

rm -rf "$work/py-out"
py_s=$(wall python3 bench/notebooks/extract.py "$data" "$work/py-out")
py_kept=$(python3 -c "import json;print(json.load(open('$work/last.log'))['kept'])")

declare -A pf_s pf_kept
for w in 1 2; do
  rm -rf "$work/pf-out-$w"   # as for Python: deleting the last run's output is not part of the timing
  pf_s[$w]=$(wall bin/pairforge notebooks "$data" -o "$work/pf-out-$w" --workers "$w" --no-progress)
  pf_kept[$w]=$(python3 -c "import json;print(json.load(open('$work/pf-out-$w/summary.json'))['kept'])")
done

declare -A steady
for w in 1 2; do
  steady[$w]=$(java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/notebooks/SteadyState.java "$data" "$work/steady-out" "$w")
done
scaling=$(java bench/notebooks/MemoryScaling.java)

python3 - "$bytes" "$py_s" "$py_kept" "${pf_s[1]}" "${pf_kept[1]}" "${pf_s[2]}" "${pf_kept[2]}" "${steady[1]}" "${steady[2]}" "$scaling" <<'PY'
import sys
b, py_s, py_k, s1, k1, s2, k2, w1, w2, scaling = sys.argv[1:]
b = int(b); py_s, s1, s2, w1, w2 = float(py_s), float(s1), float(s2), float(w1), float(w2)
rows = [("Python stdlib extractor (1 process)", py_s, int(py_k)), ("pairforge --workers 1", s1, int(k1)),
        ("pairforge --workers 2", s2, int(k2))]
print(f"Input: {b/1e6:.0f} MB of notebook JSON. Wall time of whole commands (JVM start included).\n")
print("| contender | seconds | MB/s | pairs kept | pairs/s |")
print("|---|---:|---:|---:|---:|")
for name, s, k in rows:
    print(f"| {name} | {s:.2f} | {b/1e6/s:.1f} | {k} | {k/s:.0f} |")
print()
print(f"- pairforge 1 worker vs Python (per core): **{py_s/s1:.2f}x**")
print(f"- pairforge 2 workers vs 1 worker: **{s1/s2:.2f}x**")
print(f"- pairforge 2 workers vs Python: **{py_s/s2:.2f}x**")
print()
print("Steady state (BatchRunner in one warm JVM, median of runs 3-5; bench/notebooks/SteadyState.java):\n")
print("| contender | seconds | MB/s | vs Python per core |")
print("|---|---:|---:|---:|")
print(f"| pairforge 1 worker, warm | {w1:.2f} | {b/1e6/w1:.1f} | {py_s/w1:.2f}x |")
print(f"| pairforge 2 workers, warm | {w2:.2f} | {b/1e6/w2:.1f} | {py_s/w2:.2f}x (2 vs 1 worker: {w1/w2:.2f}x) |")
print()
print("This machine (bench/notebooks/MemoryScaling.java):", "; ".join(scaling.splitlines()))
PY
