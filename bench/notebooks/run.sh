#!/usr/bin/env bash
# Notebook benchmark: pairforge (1 and 2 workers) against bench/notebooks/extract.py on >= 500 MB of real
# notebooks (the shared corpus, replicated). Each contender runs ROUNDS times, the contenders taking turns, and
# the median wall time counts: this VM's speed moves by about 10% from minute to minute. Every output folder is
# deleted before its run, outside the timing. Prints a Markdown table for docs/benchmarks.md.
# usage: bench/notebooks/run.sh [MB] [ROUNDS]   (defaults 500 and 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mb="${1:-500}"
rounds="${2:-3}"
work="bench/work"
data="$work/notebooks-${mb}mb"
bin/setup
if [ ! -d "$data" ]; then
  python3 bench/notebooks/replicate.py fixtures/corpus/notebooks "$data" "$mb"
fi
cat $(find "$data" -name '*.ipynb') > /dev/null   # warm the page cache for every contender alike
bytes=$(find "$data" -name '*.ipynb' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')

# One timed run: appends "wall cpu" (seconds; cpu = user + sys) to the file named first.
timed() {
  local into="$1" out="$2"; shift 2
  rm -rf "$out"
  # The run before wrote ~1 GB; its pages are still being written back to disk. Flushed here, outside the
  # timing, so that no contender pays for the one before it.
  sync
  /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$@" > "$work/last.log" 2>&1
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time.txt" >> "$into"
}
rm -f "$work"/times-*.txt
for r in $(seq "$rounds"); do
  timed "$work/times-py.txt" "$work/py-out" python3 bench/notebooks/extract.py "$data" "$work/py-out"
  py_kept=$(python3 -c "import json;print(json.load(open('$work/last.log'))['kept'])")
  for w in 1 2; do
    timed "$work/times-pf$w.txt" "$work/pf-out-$w" bin/pairforge notebooks "$data" -o "$work/pf-out-$w" --workers "$w" --no-progress
  done
done
pf_kept=$(python3 -c "import json;print(json.load(open('$work/pf-out-1/summary.json'))['kept'])")

declare -A steady
for w in 1 2; do
  steady[$w]=$(java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/notebooks/SteadyState.java "$data" "$work/steady-out" "$w" 2>/dev/null)
done
scaling=$(java bench/notebooks/MemoryScaling.java)

python3 - "$bytes" "$py_kept" "$pf_kept" "$work" "${steady[1]}" "${steady[2]}" "$scaling" <<'PY'
import statistics, sys
b, py_k, pf_k, work, w1, w2, scaling = sys.argv[1:]
b, py_k, pf_k, w1, w2 = int(b), int(py_k), int(pf_k), float(w1), float(w2)
def median_run(name):
    runs = [tuple(map(float, line.split())) for line in open(f"{work}/times-{name}.txt")]
    return sorted(runs)[len(runs) // 2], len(runs)
(py, py_cpu), n = median_run("py")
(s1, c1), _ = median_run("pf1")
(s2, c2), _ = median_run("pf2")
print(f"Input: {b/1e6:.0f} MB of notebook JSON. Whole commands (JVM start included), median of {n} runs each.\n")
print("| contender | seconds | CPU seconds | MB/s | pairs kept | pairs/s |")
print("|---|---:|---:|---:|---:|---:|")
for name, s, c, k in [("Python stdlib extractor (1 process)", py, py_cpu, py_k), ("pairforge --workers 1", s1, c1, pf_k),
                      ("pairforge --workers 2", s2, c2, pf_k)]:
    print(f"| {name} | {s:.2f} | {c:.2f} | {b/1e6/s:.1f} | {k} | {k/s:.0f} |")
print()
print(f"- pairforge 1 worker vs Python (per core): **{py/s1:.2f}x** (CPU time: {py_cpu/c1:.2f}x)")
print(f"- pairforge 2 workers vs 1 worker: **{s1/s2:.2f}x**")
print(f"- pairforge 2 workers vs Python: **{py/s2:.2f}x**")
print()
print("Steady state (BatchRunner in one warm JVM, median of runs 3-5; bench/notebooks/SteadyState.java):\n")
print("| contender | seconds | MB/s | vs Python per core |")
print("|---|---:|---:|---:|")
print(f"| pairforge 1 worker, warm | {w1:.2f} | {b/1e6/w1:.1f} | {py/w1:.2f}x |")
print(f"| pairforge 2 workers, warm | {w2:.2f} | {b/1e6/w2:.1f} | {py/w2:.2f}x (2 vs 1 worker: {w1/w2:.2f}x) |")
print()
print("This machine (bench/notebooks/MemoryScaling.java):", "; ".join(scaling.splitlines()))
PY
