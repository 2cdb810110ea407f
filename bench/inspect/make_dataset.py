"""A large dataset for the inspect benchmark, from a fixture set: each kind's real samples (images, text, word
boxes as pairforge wrote them) cloned under new keys into TOTAL/4 samples per kind, in shards of 500, with
its rejects repeated alongside. usage: make_dataset.py FIXTURES OUT TOTAL"""
import io, json, os, sys, tarfile

src, out, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
kinds = ["documents", "latex", "notebooks", "web"]
per_kind = total // len(kinds)
for kind in kinds:
    samples = []
    for shard in sorted(os.listdir(os.path.join(src, kind, "shards"))):
        if not shard.endswith(".tar"):
            continue
        with tarfile.open(os.path.join(src, kind, "shards", shard)) as t:
            current = None
            for m in t.getmembers():
                key, ext = m.name.split(".", 1)
                if current is None or current[0] != key:
                    current = (key, [])
                    samples.append(current)
                current[1].append((ext, t.extractfile(m).read()))
    run = os.path.join(out, kind)
    os.makedirs(os.path.join(run, "shards"), exist_ok=True)
    shard = None
    for i in range(per_kind):
        if i % 500 == 0:
            if shard:
                shard.close()
            shard = tarfile.open(os.path.join(run, "shards", "%06d.tar" % (i // 500)), "w", format=tarfile.USTAR_FORMAT)
        key, members = samples[i % len(samples)]
        for ext, data in members:
            info = tarfile.TarInfo("%s%05d.%s" % (key[:12], i, ext))
            info.size = len(data)
            shard.addfile(info, io.BytesIO(data))
    shard.close()
    summary = json.load(open(os.path.join(src, kind, "summary.json")))
    summary["kept"] = per_kind
    json.dump(summary, open(os.path.join(run, "summary.json"), "w"), indent=2)
    rejects = open(os.path.join(src, kind, "rejects.jsonl")).read()
    with open(os.path.join(run, "rejects.jsonl"), "w") as f:
        for _ in range(100):
            f.write(rejects)
