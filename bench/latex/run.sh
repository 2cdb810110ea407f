#!/usr/bin/env bash
# LaTeX benchmark: `pairforge latex` with each page's Markdown and blocks (the default) and without them
# (--no-markdown), on the same papers, and plain `latexmk` (compile only) as the reference, all with every core
# busy. The papers are the real ones of fixtures/corpus/latex (IEEE, AASTeX, a paper in 18 files, a XeLaTeX
# text of theorems), each copied N times (default 2). latexmk runs with -f, so that like pairforge it goes on past
# an error TeX recovers from (the SymPy paper names a figure it does not ship) and makes the whole paper: without it,
# latexmk stops after the first pass of that paper, bibliography and all.
# usage: bench/latex/run.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup
n=${1:-2}
cores=$(nproc)
work=bench/work/latex
rm -rf "$work" && mkdir -p "$work/latexmk" "$work/papers"
for paper in fixtures/corpus/latex/*/; do
  name=$(basename "$paper")
  for i in $(seq -w 1 "$n"); do
    cp -r "$paper" "$work/papers/$name-$i" && chmod -R u+w "$work/papers/$name-$i"
    cp -r "$paper" "$work/latexmk/$name-$i" && chmod -R u+w "$work/latexmk/$name-$i"
  done
done

t0=$(date +%s%N)
ls -d "$work"/latexmk/* | xargs -P "$cores" -I{} sh -c 'cd {} && m=$(basename $(grep -l "\\\\documentclass" *.tex | head -1)); \
  if grep -q "fontspec\|polyglossia\|unicode-math" "$m"; then e=-xelatex; else e=-pdf; fi; \
  latexmk $e -f -interaction=nonstopmode -quiet "$m" >/dev/null 2>&1 || true'
t1=$(date +%s%N)
bin/pairforge latex "$work"/papers -o "$work/plain" --workers "$cores" --no-progress --no-markdown >/dev/null
t2=$(date +%s%N)
bin/pairforge latex "$work"/papers -o "$work/markdown" --workers "$cores" --no-progress >/dev/null
t3=$(date +%s%N)

python3 - "$n" "$cores" "$t0" "$t1" "$t2" "$t3" "$work" <<'PY'
import sys, json
n, cores, t0, t1, t2, t3, work = sys.argv[1:]
n, cores = int(n), int(cores)
mk, plain, md = (int(t1) - int(t0)) / 1e9, (int(t2) - int(t1)) / 1e9, (int(t3) - int(t2)) / 1e9
sp = json.load(open(work + "/plain/summary.json"))
sm = json.load(open(work + "/markdown/summary.json"))
pages = sm["candidates"]
papers = sm["inputs_read"]
print(f"{papers} papers ({n} copies of each of the corpus's {papers // n}), {pages} pages, {cores} at a time.\n")
print("| contender | wall seconds | pages/s |")
print("|---|---:|---:|")
print(f"| latexmk (compile only) | {mk:.1f} | {pages/mk:.1f} |")
print(f"| pairforge latex --no-markdown | {plain:.1f} | {pages/plain:.1f} |")
print(f"| pairforge latex (Markdown and blocks) | {md:.1f} | {pages/md:.1f} |")
e = sm.get("engine_seconds", {})
print(f"\nCPU-seconds on the worker threads, summed over papers: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(e.items())))
print(f"Pages with Markdown: {sm.get('counts', {})}")
print(f"\n- Markdown and blocks add **{(md/plain - 1)*100:.0f}%** to the wall time of `pairforge latex` (target: at most 50%)")
print(f"- `pairforge latex` with Markdown: {md/mk:.2f}x latexmk's wall time")
PY
