#!/usr/bin/env python3
"""A flame graph (SVG) from a JFR recording's execution samples, with nothing but the JDK's `jfr` tool.

usage: flame.py RECORDING.jfr OUT.svg [TITLE]

Each sample's stack (Java and native-method samples of every thread) is folded root first; a frame's width is the
share of samples it is on the stack of, so what is wide is where the CPU went. Hover a frame for its name, samples
and share.
"""
import html
import re
import subprocess
import sys
from collections import defaultdict


def stacks(recording):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                           "--stack-depth", "200", recording], check=True, capture_output=True, text=True).stdout
    for event in re.split(r"jdk\.(?:ExecutionSample|NativeMethodSample) \{", text)[1:]:
        frames = re.findall(r"^\s+([\w.$<>/\[\]]+)\(", event, re.M)
        if frames:
            yield list(reversed(frames))


def tree(all_stacks):
    root = {"name": "all", "n": 0, "kids": {}}
    for frames in all_stacks:
        root["n"] += 1
        node = root
        for f in frames:
            node = node["kids"].setdefault(f, {"name": f, "n": 0, "kids": {}})
            node["n"] += 1
    return root


def colour(name):
    if name.startswith("org.pairforge"):
        return "#e8743b"
    if name.startswith(("org.apache.pdfbox", "org.apache.fontbox")):
        return "#f2b447"
    if name.startswith(("org.xhtmlrenderer", "com.lowagie")):
        return "#d9c84a"
    if name.startswith(("sun.java2d", "java.awt")):
        return "#9fc25a"
    if name.startswith(("java.util.zip", "sun.security")):
        return "#5aa9c2"
    return "#c9c9c9"


def svg(root, title, width=1600, row=16):
    total = root["n"]
    rects = []

    def depth(node):
        return 1 + max((depth(k) for k in node["kids"].values()), default=0)

    levels = depth(root)
    height = levels * row + 40

    def walk(node, x, level):
        w = node["n"] / total * width
        if w < 4.0:  # under a quarter of a percent: noise, and it keeps the file small
            return
        y = height - (level + 1) * row - 10
        short = node["name"].rsplit(".", 2)
        label = ".".join(short[-2:]) if len(short) > 1 else node["name"]
        tip = f"{node['name']} — {node['n']} samples, {100 * node['n'] / total:.1f}%"
        chars = int(w / 6.5)
        text = html.escape(label if len(label) <= chars else label[:max(0, chars - 1)] + "…") if chars > 2 else ""
        rects.append(f'<g><title>{html.escape(tip)}</title><rect x="{x:.1f}" y="{y}" width="{max(w - 0.3, 0.1):.1f}" '
                     f'height="{row - 1}" fill="{colour(node["name"])}"/><text x="{x + 2:.1f}" y="{y + row - 4}">{text}</text></g>')
        cx = x
        for kid in sorted(node["kids"].values(), key=lambda k: -k["n"]):
            walk(kid, cx, level + 1)
            cx += kid["n"] / total * width

    walk(root, 0, 0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" '
            f'font-size="11"><rect width="100%" height="100%" fill="white"/>'
            f'<text x="4" y="16" font-size="14">{html.escape(title)} ({total} samples)</text>' + "".join(rects) + "</svg>")


def main():
    recording, out = sys.argv[1], sys.argv[2]
    title = sys.argv[3] if len(sys.argv) > 3 else recording
    with open(out, "w") as f:
        f.write(svg(tree(stacks(recording)), title))


if __name__ == "__main__":
    main()
