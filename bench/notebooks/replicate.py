#!/usr/bin/env python3
"""Replicates fixtures/corpus/notebooks into DEST until it holds at least MB megabytes.

Each copy prefixes every code cell with a distinct comment line ("# copy N"): comments do not count as
code, so the funnel is unchanged, but no copy is an exact duplicate of another and every pair is written.
The edit is a byte substitution, so the JSON keeps its original formatting and base64 layout.
"""
import os, sys

src, dest, target_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(f for f in os.listdir(src) if f.endswith(".ipynb"))
originals = {f: open(os.path.join(src, f), "rb").read() for f in files}
corpus_bytes = sum(len(b) for b in originals.values())
copies = -(-target_mb * 1_000_000 // corpus_bytes)
total = 0
for n in range(copies):
    d = os.path.join(dest, f"copy{n:04d}")
    os.makedirs(d, exist_ok=True)
    for f, data in originals.items():
        # Only non-empty lists ("[" then a newline): an empty "[]" would become invalid JSON.
        out = data.replace(b'"source": [\n', b'"source": [\n    "# copy %d\\n",\n' % n)
        open(os.path.join(d, f), "wb").write(out)
        total += len(out)
print(f"{copies} copies of {len(files)} notebooks, {total / 1e6:.0f} MB in {dest}")
