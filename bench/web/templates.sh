#!/usr/bin/env bash
# Web templates, this commit against a reference commit (default 19eca17: first-screen shots, no element boxes,
# no Markdown): N pages of each template both have (landing, dashboard, form, pricing, blog, table), each commit
# making its own pages from the same seed, shot at 1024x1024 with two workers, whole commands, R rounds
# alternating. The reference is built in a git worktree under bench/work/ (its own templates, its own jar).
# usage: bench/web/templates.sh [N] [ROUNDS] [REF]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin/setup
n=${1:-20}
rounds=${2:-3}
ref=${3:-19eca17}
work=bench/work/web-templates
rm -rf "$work" && mkdir -p "$work"
old="$root/bench/work/ref-$ref"
if [ ! -f "$old/target/pairforge.jar" ]; then
  git worktree remove --force "$old" 2>/dev/null || rm -rf "$old"
  git worktree add -f "$old" "$ref" >/dev/null
  (cd "$old" && mvn -B -q -o -DskipTests package)
fi
run() { # $1: pairforge root, $2: out, then the command's arguments
  local home=$1 out=$2; shift 2
  local s=$(date +%s%N)
  for t in landing dashboard form pricing blog table; do
    "$home/bin/pairforge" web --template "$t" --count "$n" --seed 7 --viewport 1024x1024 --workers 2 \
      -o "$out/$t" --no-progress "$@" >/dev/null
  done
  echo $(( ($(date +%s%N) - s) / 1000000 ))
}
echo "| round | reference $ref (s) | this commit (s) | this commit --no-markdown (s) |"
echo "|---|---:|---:|---:|"
for r in $(seq 1 "$rounds"); do
  a=$(run "$old" "$work/ref-$r")
  b=$(run "$root" "$work/new-$r")
  c=$(run "$root" "$work/nomd-$r" --no-markdown)
  echo "| $r | $(awk "BEGIN{print $a/1000}") | $(awk "BEGIN{print $b/1000}") | $(awk "BEGIN{print $c/1000}") |"
done
python3 - "$work" <<'PY'
import sys, glob, json
work = sys.argv[1]
kept = lambda p: sum(json.load(open(f))["kept"] for f in glob.glob(f"{work}/{p}-1/*/summary.json"))
print(f"\npages per run: reference {kept('ref')}, this commit {kept('new')}")
PY
