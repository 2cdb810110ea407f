#!/usr/bin/env bash
# One e-book, one input: the pipeline DeepSeek-VL ran (wkhtmltopdf per spine chapter, then `pdftoppm -r 144 -png`
# and `pdftotext` per page, THREADS chapters at a time) against `pairforge documents BOOK --workers THREADS`
# with each engine, whole commands, ROUNDS rounds taking turns. Also the machine's CPU time over wall time during
# pairforge's run: a book is one input, so this says whether its chapters and pages keep every core busy.
# usage: bench/documents/book.sh [ROUNDS] [THREADS] [BOOK_FOLDER]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup > /dev/null
rounds=${1:-3}
threads=${2:-$(nproc)}
book=${3:-fixtures/corpus/ebooks/sherlock-holmes/src}
work=bench/work/book
rm -rf "$work" && mkdir -p "$work"
# The spine's XHTML chapters, in reading order.
mapfile -t chapters < <(python3 - "$book" <<'PY'
import os, re, sys, urllib.parse
root = sys.argv[1]
container = open(os.path.join(root, "META-INF/container.xml")).read()
opf = os.path.join(root, re.search(r'full-path="([^"]+)"', container).group(1))
pkg = open(opf).read()
items = {m.group(1): m.group(0) for m in re.finditer(r'<item\b[^>]*\bid="([^"]+)"[^>]*>', pkg)}
for idref in re.findall(r'<itemref\b[^>]*\bidref="([^"]+)"', pkg):
    item = items.get(idref, "")
    if "application/xhtml+xml" in item:
        href = re.search(r'href="([^"]+)"', item).group(1)
        print(os.path.normpath(os.path.join(os.path.dirname(opf), urllib.parse.unquote(href))))
PY
)
reference() {
  local out="$work/ref"
  rm -rf "$out" && mkdir -p "$out"
  xargs < "$work/chapters.txt" -P "$threads" -I{} sh -c '
    name=$(basename "$1" .xhtml); dir="$2/$name"; mkdir -p "$dir"
    QT_QPA_PLATFORM=offscreen wkhtmltopdf -q --disable-javascript -s A4 "$1" "$dir/ch.pdf" > /dev/null 2>&1 || true
    pages=$(pdfinfo "$dir/ch.pdf" 2>/dev/null | awk "/^Pages:/ {print \$2}")
    for p in $(seq 1 "${pages:-0}"); do
      pdftoppm -r 144 -png -f "$p" -l "$p" -singlefile "$dir/ch.pdf" "$dir/p$p"
      pdftotext -f "$p" -l "$p" -layout "$dir/ch.pdf" "$dir/p$p.txt"
    done' _ {} "$out"
  find "$out" -name '*.png' | wc -l > "$work/ref.pages"
}
printf '%s\n' "${chapters[@]}" > "$work/chapters.txt"
export work threads
export -f reference
# Prints "wall cpu" seconds of a command. The CPU is the whole machine's busy time (/proc/stat) over the command,
# not the command's reaped children: Chromium's processes are children of the Playwright driver, which the JVM
# does not wait for, so a child-time count leaves most of Chromium out. Run it on an otherwise idle machine.
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
timed() {
  local b0 b1 t0 t1
  b0=$(busy); t0=$(date +%s%N)
  "$@" > "$work/last.log" 2>&1
  t1=$(date +%s%N); b1=$(busy)
  python3 -c "import os; print(($t1 - $t0) / 1e9, ($b1 - $b0) / os.sysconf('SC_CLK_TCK'))"
}
declare -a ref_t fs_t fs_c cr_t cr_c
for r in $(seq 1 "$rounds"); do
  read -r t _ < <(timed bash -c reference); ref_t+=("$t")
  read -r t c < <(timed bin/pairforge documents "$book" --engine flying-saucer --workers "$threads" -o "$work/fs" --overwrite --no-progress)
  fs_t+=("$t"); fs_c+=("$c")
  read -r t c < <(timed bin/pairforge documents "$book" --engine chromium --workers "$threads" -o "$work/cr" --overwrite --no-progress)
  cr_t+=("$t"); cr_c+=("$c")
done
python3 - "$book" "${#chapters[@]}" "$threads" "$(cat "$work/ref.pages")" \
  "$(python3 -c "import json;print(json.load(open('$work/fs/summary.json'))['kept'])")" \
  "$(python3 -c "import json;print(json.load(open('$work/cr/summary.json'))['kept'])")" \
  "${ref_t[*]}" "${fs_t[*]}" "${fs_c[*]}" "${cr_t[*]}" "${cr_c[*]}" <<'PY'
import statistics, sys
book, n, threads, ref_pages, fs_pages, cr_pages = sys.argv[1:7]
ref_t, fs_t, fs_c, cr_t, cr_c = ([float(x) for x in a.split()] for a in sys.argv[7:12])
med = statistics.median
print(f"`{book}`: one input of {n} spine chapters, {threads} at a time; whole commands, {len(ref_t)} rounds taking turns.\n")
print("| contender | pages | seconds (each round) | median | CPU / wall |")
print("|---|---:|---|---:|---:|")
print(f"| wkhtmltopdf → pdftoppm -r 144 → pdftotext | {ref_pages} | {' / '.join(f'{t:.1f}' for t in ref_t)} | {med(ref_t):.1f} | |")
for name, pages, t, c in (("Flying Saucer", fs_pages, fs_t, fs_c), ("Chromium", cr_pages, cr_t, cr_c)):
    ratio = med([ci / ti for ci, ti in zip(c, t)])
    print(f"| `pairforge documents --engine {name.lower().replace(' ', '-')}` | {pages} | {' / '.join(f'{x:.1f}' for x in t)} | {med(t):.1f} | {ratio:.2f} |")
print(f"\n- Flying Saucer vs the reference: **{med(ref_t) / med(fs_t):.2f}x**")
print(f"- Chromium vs the reference: **{med(ref_t) / med(cr_t):.2f}x**")
PY
