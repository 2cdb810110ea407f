"""Writes N web pages made of the corpus e-book's paragraphs (4 per page, a heading, a background colour
that varies), for bench/web/run.sh. usage: make_pages.py CORPUS_CHAPTER OUT_DIR N"""
import random
import re
import sys

chapter, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(chapter, encoding="utf-8").read()
paras = [re.sub("<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", text, re.S)][:60]
rnd = random.Random(1)
for i in range(n):
    body = "".join("<p>%s</p>" % paras[(i + j) % len(paras)] for j in range(4))
    colour = rnd.randint(0xD0D0D0, 0xFFFFFF)
    with open("%s/p%04d.html" % (out, i), "w", encoding="utf-8") as f:
        f.write('<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:"DejaVu Sans";margin:40px;'
                'background:#%06x} h1{color:#222}</style></head><body><h1>Page %d</h1>%s</body></html>' % (colour, i, body))
