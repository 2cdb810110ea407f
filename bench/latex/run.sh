#!/usr/bin/env bash
# LaTeX benchmark: `pairforge latex` (contained compile with SyncTeX, then every page → PNG + text + boxes +
# its LaTeX span) against plain `latexmk -pdf` on the same sources, in the same run, both with all papers
# running concurrently on all cores. The corpus has one real paper, so it is copied N times (default 8).
# usage: bench/latex/run.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup
n=${1:-8}
cores=$(nproc)
paper=fixtures/corpus/latex/panda-wms
work=bench/work/latex
rm -rf "$work" && mkdir -p "$work/latexmk" "$work/pairforge"
for i in $(seq -w 1 "$n"); do
  # Each copy's title differs by its number, so the copies are different papers, not duplicates.
  for side in latexmk pairforge; do
    cp -r "$paper" "$work/$side/paper$i" && chmod -R u+w "$work/$side/paper$i"
    # A mark on every page, so no page of one copy is a duplicate of another's (de-dup would drop it).
    sed -i "s/A Case Study}/A Case Study $i}/; s/^\\\\begin{document}/\\\\begin{document}\\\\AddToHook{shipout\/foreground}{\\\\put(20,-20){\\\\tiny copy $i}}/" \
      "$work/$side/paper$i/paper.tex"
  done
done

t0=$(date +%s%N)
ls -d "$work"/latexmk/paper* | xargs -P "$cores" -I{} sh -c 'cd {} && latexmk -pdf -interaction=nonstopmode -quiet paper.tex >/dev/null 2>&1'
t1=$(date +%s%N)
bin/pairforge latex "$work"/pairforge -o "$work/out" --workers "$cores" --no-progress >/dev/null
t2=$(date +%s%N)

python3 - "$n" "$cores" "$t0" "$t1" "$t2" "$work/out" <<'PY'
import sys, json, tarfile, glob
n, cores, t0, t1, t2, out = sys.argv[1:]
n, cores = int(n), int(cores)
mk = (int(t1) - int(t0)) / 1e9
pf = (int(t2) - int(t1)) / 1e9
compile_s = {}; raster = text = 0.0; pages = 0
for shard in glob.glob(out + "/shards/*.tar"):
    with tarfile.open(shard) as t:
        for m in t.getmembers():
            if m.name.endswith(".json"):
                d = json.load(t.extractfile(m))
                compile_s[d["source"]] = d["compile_seconds"]
                raster += d["raster_seconds"]; text += d["text_seconds"]; pages += 1
summary = json.load(open(out + "/summary.json"))
assert summary["kept"] == pages and len(compile_s) == n, (summary, len(compile_s))
c = sum(compile_s.values())
print(f"{n} copies of the corpus paper ({pages // n} pages each), {cores} at a time.\n")
print("| contender | wall seconds | papers/s | pages/s |")
print("|---|---:|---:|---:|")
print(f"| latexmk -pdf (compile only) | {mk:.1f} | {n/mk:.2f} | {pages/mk:.1f} |")
print(f"| pairforge latex (compile + pages + text + spans + shards, JVM start included) | {pf:.1f} | {n/pf:.2f} | {pages/pf:.1f} |")
print(f"\nPer paper, summed over papers (CPU-seconds on the worker threads): compile {c/n:.2f} s, "
      f"rasterize + PNG {raster/n:.2f} s, text + boxes + SyncTeX spans {text/n:.2f} s.")
print(f"\n- pairforge overhead beyond the compile: **{(pf/mk - 1)*100:.0f}%** of latexmk's wall time")
PY
