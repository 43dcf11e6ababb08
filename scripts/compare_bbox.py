#!/usr/bin/env python3
"""Compare `cargo run --example pdf_glyphs -- FILE` words with `pdftotext -bbox FILE -`.

    python3 scripts/compare_bbox.py FILE.pdf [--show]

Matches words of equal text page by page (in order, within a small look-ahead) and
prints, per page, how many of poppler's words were found and the box deviations.
"""
import re, subprocess, sys, html

f = sys.argv[1]
show = "--show" in sys.argv
pop = subprocess.run(["pdftotext", "-bbox", f, "-"], capture_output=True, text=True).stdout
pages = []
for page in re.findall(r"<page (.*?)</page>", pop, re.S):
    ws = [(html.unescape(t).replace("\uf0b7", "•").replace("\uf0d8", "▶"), tuple(map(float, (a, b, c, d)))) for a, b, c, d, t in
          re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)]
    pages.append(ws)
mine_out = subprocess.run(["cargo", "run", "-q", "--example", "pdf_glyphs", "--", f], capture_output=True, text=True).stdout
mine = []
for line in mine_out.splitlines():
    if line.startswith("== page"):
        mine.append([])
    m = re.match(r"  word \[([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\] (.*)$", line)
    if m:
        mine[-1].append((m.group(5), tuple(float(m.group(i)) for i in range(1, 5))))
tot = found = 0
worst = 0.0
for pn, (pw, mw) in enumerate(zip(pages, mine), 1):
    used = set()
    devs = []
    missing = []
    for t, b in pw:
        best = None
        for k, (t2, b2) in enumerate(mw):
            if k in used or t2 != t:
                continue
            d = max(abs(x - y) for x, y in zip(b, b2))
            if best is None or d < best[0]:
                best = (d, k)
        tot += 1
        if best and best[0] < 20:
            used.add(best[1]); found += 1; devs.append(best[0])
            if best[0] > 0.5 and show:
                print(f"  p{pn} dev {best[0]:.2f} {t!r} poppler {b} mine {mw[best[1]][1]}")
        else:
            missing.append(t)
    mx = max(devs) if devs else 0
    worst = max(worst, mx)
    print(f"page {pn}: {len(devs)}/{len(pw)} words matched, max dev {mx:.3f}, >0.5pt: {sum(d > 0.5 for d in devs)}")
    if missing and show:
        print("   missing:", missing[:30])
print(f"TOTAL {found}/{tot} matched, worst {worst:.3f}")
