#!/usr/bin/env python3
"""Write a large DOCX for the speed check: a sample form whose diagnostic table rows
are repeated until word/document.xml reaches the wanted size.

usage: make_large_docx.py SOURCE.docx OUT.docx [MEGABYTES]
"""
import re, sys, zipfile

src, out = sys.argv[1], sys.argv[2]
target = int(float(sys.argv[3]) * 1024 * 1024) if len(sys.argv) > 3 else 5 * 1024 * 1024
with zipfile.ZipFile(src) as z:
    parts = {n: z.read(n) for n in z.namelist()}
xml = parts["word/document.xml"].decode("utf-8")
# The diagnostic table: the one whose header names "Points forts".
tables = [m for m in re.finditer(r"<w:tbl>.*?</w:tbl>", xml, re.S)]
diag = next(m for m in tables if "Points forts" in m.group(0))
rows = re.findall(r"<w:tr>.*?</w:tr>|<w:tr .*?</w:tr>", diag.group(0), re.S)
filled = rows[1]
n = max(1, (target - len(xml)) // len(filled))
new_table = diag.group(0).replace(filled, filled * n, 1)
xml = xml[: diag.start()] + new_table + xml[diag.end():]
parts["word/document.xml"] = xml.encode("utf-8")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)
print(f"{out}: document.xml {len(xml)/1e6:.1f} MB, {n} copies of a diagnostic row")
