#!/usr/bin/env python3
"""Reference extractor: the notebook rule of pairforge in plain stdlib Python (json + base64 + tarfile).

Same rule as `pairforge notebooks` with default options: every code cell with an image output is a
candidate; its code is the code cells since the previous figure cell; kept when it has exactly one image,
at least 5 code lines (blank and '#'-only lines not counted), a PNG/JPEG whose bytes match the declared
type, whose chunk CRCs are right (PNG) and whose size is within [32 px a side, 40M pixels]; exact duplicates
(same image bytes and normalized code) kept once. Writes WebDataset tars of 1000 notebooks each.

One difference, in Python's favour: the stdlib cannot decode PNG pixels, so the blank-image check (which
pairforge runs on the few images small enough to be blank) is not done here.

usage: extract.py INPUT_DIR OUT_DIR
"""
import base64, hashlib, io, json, os, struct, sys, tarfile, time, zlib

MIN_LINES, MIN_SIDE, MAX_PIXELS, SHARD = 5, 32, 40_000_000, 1000


def text(v):
    return "".join(v) if isinstance(v, list) else (v or "")


def png_ok(b):
    if b[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, w, h = 8, 0, 0
    while pos + 12 <= len(b):
        (length,) = struct.unpack(">I", b[pos:pos + 4])
        kind = b[pos + 4:pos + 8]
        if pos + 12 + length > len(b):
            return None
        if zlib.crc32(b[pos + 4:pos + 8 + length]) != struct.unpack(">I", b[pos + 8 + length:pos + 12 + length])[0]:
            return None
        if kind == b"IHDR":
            w, h = struct.unpack(">II", b[pos + 8:pos + 16])
        if kind == b"IEND":
            return w, h
        pos += 12 + length
    return None


def code_lines(code):
    return sum(1 for l in code.splitlines() if l.strip() and not l.strip().startswith("#"))


def main(src, out):
    os.makedirs(out, exist_ok=True)
    files = []
    for root, dirs, names in os.walk(src):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += [os.path.join(root, n) for n in names if n.endswith(".ipynb")]
    files.sort()
    seen, kept, candidates, in_bytes = set(), 0, 0, 0
    start = time.time()
    for shard in range(0, len(files), SHARD):
        with tarfile.open(os.path.join(out, f"{shard // SHARD:06d}.tar"), "w") as tar:
            for path in files[shard:shard + SHARD]:
                raw = open(path, "rb").read()
                in_bytes += len(raw)
                try:
                    nb = json.loads(raw)
                except ValueError:
                    continue
                cells = nb.get("cells") or [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
                prefix = hashlib.sha256(path.encode()).hexdigest()[:16]
                pending = []
                for i, cell in enumerate(cells):
                    if cell.get("cell_type") != "code":
                        continue
                    pending.append(text(cell.get("source", cell.get("input"))).rstrip("\n"))
                    images = []
                    for o in cell.get("outputs", []):
                        data = o.get("data", o)
                        for mime in ("image/png", "png", "image/jpeg", "jpeg"):
                            if mime in data:
                                images.append(text(data[mime]))
                                break
                    if not images:
                        continue
                    candidates += 1
                    code = "\n\n".join(p for p in pending if p.strip())
                    pending = []
                    if len(images) != 1 or code_lines(code) < MIN_LINES:
                        continue
                    try:
                        img = base64.b64decode(images[0], validate=False)
                    except ValueError:
                        continue
                    size = png_ok(img)
                    if not size or min(size) < MIN_SIDE or size[0] * size[1] > MAX_PIXELS:
                        continue
                    sha = hashlib.sha256(img).hexdigest()
                    norm = "\n".join(l.rstrip() for l in code.splitlines() if l.strip())
                    dedup = hashlib.sha256((sha + "\n" + norm).encode()).hexdigest()[:32]
                    if dedup in seen:
                        continue
                    seen.add(dedup)
                    key = f"{prefix}_c{i:04d}"
                    meta = json.dumps({"source": path, "cell_index": i, "width": size[0], "height": size[1],
                                       "sha256": sha, "code_lines": code_lines(code)}).encode()
                    for name, payload in ((key + ".png", img), (key + ".txt", code.encode()), (key + ".json", meta)):
                        info = tarfile.TarInfo(name)
                        info.size = len(payload)
                        tar.addfile(info, io.BytesIO(payload))
                    kept += 1
    secs = time.time() - start
    print(json.dumps({"inputs": len(files), "candidates": candidates, "kept": kept, "input_bytes": in_bytes,
                      "seconds": round(secs, 3)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
