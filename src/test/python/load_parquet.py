"""Loads a pairforge Spark output folder with Hugging Face datasets, twice: as a folder (its README.md's
dataset_info and configs) and as bare Parquet files (each file's footer), and reports the image feature's type
each way. usage: load_parquet.py OUT ; prints one JSON object, or exits non-zero.
"""
import glob
import json
import os
import sys

import datasets


def main(out):
    by_card = datasets.load_dataset(out, split="train")
    files = sorted(glob.glob(os.path.join(out, "data", "*.parquet")))
    by_footer = datasets.load_dataset("parquet", data_files={"train": files}, split="train")
    first = by_footer[0]
    print(json.dumps({
        "rows": len(by_footer),
        "keys": list(by_footer["key"]),
        "card_image_feature": type(by_card.features["image"]).__name__,
        "footer_image_feature": type(by_footer.features["image"]).__name__,
        "image_size": list(first["image"].size),
        "text": first["text"][:80],
        "card_blocks_feature": repr(by_card.features.get("blocks")),
        "footer_blocks_feature": repr(by_footer.features.get("blocks")),
        "md": first.get("md"),
        "first_block": (first.get("blocks") or [None])[0],
    }))


if __name__ == "__main__":
    main(sys.argv[1])
