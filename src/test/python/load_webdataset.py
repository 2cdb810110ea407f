"""Loads pairforge shards with Hugging Face datasets' webdataset loader, as our users do, and reports what it typed.

usage: load_webdataset.py SHARD.tar... ; prints one JSON object: rows, the image feature's type, the json
column's type, and the type of the first box list it holds (words / text_boxes), or exits non-zero.
"""
import json
import sys

import datasets


def main(tars):
    ds = datasets.load_dataset("webdataset", data_files={"train": tars}, split="train")
    image_column = next(c for c in ("png", "jpg") if c in ds.features)
    image = ds.features[image_column]
    meta = ds.features["json"]
    boxes = {name: repr(meta[name]) for name in ("words", "text_boxes") if name in meta}
    first = ds[0]
    picture = first[image_column]
    print(json.dumps({
        "rows": len(ds),
        "keys": [row for row in ds["__key__"]],
        "image_feature": type(image).__name__,
        "image_size": list(picture.size),
        "text_column": "txt" in ds.features,
        "box_features": boxes,
        "first_box": first["json"].get("words", [None])[0] if "words" in first["json"] else None,
        "blocks_feature": repr(meta["blocks"]) if "blocks" in meta else None,
        # datasets decodes members by extension: .md is not one it knows, so it comes as bytes (UTF-8)
        "md": first["md"].decode("utf-8") if isinstance(first.get("md"), bytes) else first.get("md"),
    }, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
