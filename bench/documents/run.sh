#!/usr/bin/env bash
# Document benchmark: the Flying Saucer path (XHTML → PDF → PNG + page text + word boxes, 144 dpi, A4 =
# 1190 px wide) against `wkhtmltoimage` (Debian's wkhtmltopdf, the tool DeepSeek-VL used) at the same width,
# on the twelve story chapters of the corpus e-book, one at a time. wkhtmltoimage draws a chapter as one tall
# image, not pages, so the comparison is chapters/s and megapixels/s.
# usage: bench/documents/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup
book=../shared/corpus/ebooks/sherlock-holmes/src
work=bench/work/documents
rm -rf "$work" && mkdir -p "$work"
mapfile -t chapters < <(ls "$book"/epub/text/{the-,a-}*.xhtml)

t0=$(date +%s%N)
for c in "${chapters[@]}"; do
  # JavaScript off and no network: wkhtmltoimage exits 1 on the refused loads, which is expected here.
  QT_QPA_PLATFORM=offscreen wkhtmltoimage -q --disable-javascript --width 1190 "$c" "$work/$(basename "$c" .xhtml).png" || true
done
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
read -r n pages fs_mp fs_s < <(java -Xmx4g -Djava.awt.headless=true -cp target/pairforge.jar bench/documents/ChapterRate.java "$book")

python3 - "${#chapters[@]}" "$wk_s" "$wk_mp" "$n" "$pages" "$fs_mp" "$fs_s" <<'PY'
import sys
nw, wk_s, wk_mp, n, pages, fs_mp, fs_s = sys.argv[1:]
wk_s, wk_mp, fs_mp, fs_s = float(wk_s), float(wk_mp), float(fs_mp), float(fs_s)
print(f"{n} chapters, one at a time.\n")
print("| contender | seconds | chapters/s | output Mpx/s | pages/s |")
print("|---|---:|---:|---:|---:|")
print(f"| wkhtmltoimage (one tall PNG per chapter) | {wk_s:.1f} | {int(nw)/wk_s:.2f} | {wk_mp/wk_s:.1f} | n/a |")
print(f"| pairforge Flying Saucer (PNG + text + boxes per A4 page) | {fs_s:.1f} | {int(n)/fs_s:.2f} | {fs_mp/fs_s:.1f} | {int(pages)/fs_s:.1f} |")
print(f"\n- pairforge vs wkhtmltoimage: **{wk_s/fs_s:.2f}x** chapters/s")
PY
