#!/usr/bin/env bash
# Document benchmark: pairforge's two engines (XHTML → PDF → PNG + page text + word boxes, 144 dpi, A4 =
# 1190 px wide) against `wkhtmltoimage` (Debian's wkhtmltopdf, the tool DeepSeek-VL used) at the same
# width, on the twelve story chapters of the corpus e-book, THREADS at a time (default: all cores; pairforge
# reuses one browser per thread). wkhtmltoimage draws a chapter as one tall image, not pages, so the
# comparison is chapters/s and megapixels/s.
# Then short documents, the exam-question kind DeepSeek-VL rendered by the million: N one-page HTML files
# (the e-book's paragraphs, bench/web/make_pages.py), wkhtmltoimage per file against the whole
# `bin/pairforge documents` command (JVM and browser start included) with each engine.
# usage: bench/documents/run.sh [THREADS] [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup
threads=${1:-$(nproc)}
short_n=${2:-200}
book=fixtures/corpus/ebooks/sherlock-holmes/src
work=bench/work/documents
rm -rf "$work" && mkdir -p "$work"
mapfile -t chapters < <(ls "$book"/epub/text/{the-,a-}*.xhtml)

t0=$(date +%s%N)
# JavaScript off and no network: wkhtmltoimage exits 1 on the refused loads, which is expected here.
printf '%s\n' "${chapters[@]}" | xargs -P "$threads" -I{} sh -c \
  'QT_QPA_PLATFORM=offscreen wkhtmltoimage -q --disable-javascript --width 1190 "$1" "$2/$(basename "$1" .xhtml).png" || true' _ {} "$work"
t1=$(date +%s%N)
wk_s=$(python3 -c "print(($t1 - $t0) / 1e9)")
wk_mp=$(python3 - "$work" <<'PY'
import glob, struct, sys
total = 0
for f in glob.glob(sys.argv[1] + "/*.png"):
    w, h = struct.unpack(">II", open(f, "rb").read()[16:24])
    total += w * h
print(total / 1e6)
PY
)
java_run() { java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/documents/ChapterRate.java "$book" "$1" "$threads"; }
read -r n fs_pages fs_mp fs_s < <(java_run flying-saucer)
read -r _ cr_pages cr_mp cr_s < <(java_run chromium)

python3 - "${#chapters[@]}" "$threads" "$wk_s" "$wk_mp" "$n" "$fs_pages" "$fs_mp" "$fs_s" "$cr_pages" "$cr_mp" "$cr_s" <<'PY'
import sys
nw, threads, wk_s, wk_mp, n, fs_pages, fs_mp, fs_s, cr_pages, cr_mp, cr_s = sys.argv[1:]
wk_s, wk_mp, fs_mp, fs_s, cr_mp, cr_s = map(float, (wk_s, wk_mp, fs_mp, fs_s, cr_mp, cr_s))
print(f"{n} chapters, {threads} at a time.\n")
print("| contender | seconds | chapters/s | output Mpx/s | pages/s |")
print("|---|---:|---:|---:|---:|")
print(f"| wkhtmltoimage (one tall PNG per chapter) | {wk_s:.1f} | {int(nw)/wk_s:.2f} | {wk_mp/wk_s:.1f} | n/a |")
print(f"| pairforge Flying Saucer (PNG + text + boxes per A4 page) | {fs_s:.1f} | {int(n)/fs_s:.2f} | {fs_mp/fs_s:.1f} | {int(fs_pages)/fs_s:.1f} |")
print(f"| pairforge Chromium (PNG + text + boxes per A4 page) | {cr_s:.1f} | {int(n)/cr_s:.2f} | {cr_mp/cr_s:.1f} | {int(cr_pages)/cr_s:.1f} |")
print(f"\n- Flying Saucer vs wkhtmltoimage: **{wk_s/fs_s:.2f}x** chapters/s")
print(f"- Chromium vs wkhtmltoimage: **{wk_s/cr_s:.2f}x** chapters/s")
PY

# Short documents: one page each.
short="$work/short"
mkdir -p "$short/html" "$short/wk"
python3 bench/web/make_pages.py "$book/epub/text/a-scandal-in-bohemia.xhtml" "$short/html" "$short_n"
ms() { local t0 t1; t0=$(date +%s%N); "$@" > "$work/last.log" 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
wk_short=$(ms sh -c "ls $short/html/*.html | xargs -P $threads -I{} sh -c 'QT_QPA_PLATFORM=offscreen wkhtmltoimage -q --disable-javascript --width 1190 \"\$1\" $short/wk/\$(basename \"\$1\" .html).png || true' _ {}")
declare -A short_ms short_pages
for engine in flying-saucer chromium; do
  short_ms[$engine]=$(ms bin/pairforge documents "$short/html" --engine "$engine" -o "$short/out-$engine" --workers "$threads" --overwrite --no-progress)
  short_pages[$engine]=$(python3 -c "import json;print(json.load(open('$short/out-$engine/summary.json'))['kept'])")
done
python3 - "$short_n" "$threads" "$wk_short" "${short_ms[flying-saucer]}" "${short_pages[flying-saucer]}" "${short_ms[chromium]}" "${short_pages[chromium]}" <<'PY'
import sys
n, threads, wk, fs, fs_p, cr, cr_p = map(int, sys.argv[1:])
print(f"\n{n} one-page documents, {threads} at a time, whole commands:\n")
print("| contender | seconds | documents/s | pages/s |")
print("|---|---:|---:|---:|")
print(f"| wkhtmltoimage (one PNG per document) | {wk/1000:.1f} | {n*1000/wk:.1f} | {n*1000/wk:.1f} |")
print(f"| pairforge documents, Flying Saucer | {fs/1000:.1f} | {n*1000/fs:.1f} | {fs_p*1000/fs:.1f} |")
print(f"| pairforge documents, Chromium | {cr/1000:.1f} | {n*1000/cr:.1f} | {cr_p*1000/cr:.1f} |")
print(f"\n- Flying Saucer vs wkhtmltoimage: **{wk/fs:.2f}x** documents/s")
print(f"- Chromium vs wkhtmltoimage: **{wk/cr:.2f}x** documents/s")
PY
