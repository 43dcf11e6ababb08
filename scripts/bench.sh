#!/usr/bin/env bash
# Times, in one run on the same files, our conversion against the tools a user would
# reach for instead: pdftotext -layout (text only), pdfplumber's table extraction
# (Python), pandoc -t json (DOCX to an AST). Whole processes, median of repeated runs
# (hyperfine), then the ratios. Installs the tools when missing.
#
#   scripts/bench.sh            # the Corse sample (8-page PDF, its DOCX) and a 5 MB DOCX
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need pdftotext || ! need pandoc; then
  apt-get update -qq && apt-get install -y -qq hyperfine poppler-utils pandoc >/dev/null
fi
python3 -c "import pdfplumber" 2>/dev/null || pip install -q pdfplumber

cargo build --release -q
bin=target/release/restitution
pdf=fixtures/samples/corse-w14.pdf
docx=fixtures/samples/corse-w14.docx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/make_large_docx.py "$docx" "$tmp/large.docx" 5 >/dev/null
cat >"$tmp/plumber.py" <<'PY'
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
PY

median() { # command name → median seconds, from hyperfine's JSON export
  hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-json "$tmp/$1.json" "$2" >/dev/null 2>&1
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$tmp/$1.json"
}

ours_pdf=$(median ours_pdf "$bin convert $pdf -o $tmp/a.json")
pdftotext=$(median pdftotext "pdftotext -layout $pdf $tmp/a.txt")
RUNS=5 plumber=$(median plumber "python3 $tmp/plumber.py $pdf")
ours_docx=$(median ours_docx "$bin convert $docx -o $tmp/b.json")
pandoc=$(median pandoc "pandoc -t json $docx -o $tmp/b.pandoc.json")
ours_large=$(median ours_large "$bin convert $tmp/large.docx -o $tmp/c.json")

python3 - "$ours_pdf" "$pdftotext" "$plumber" "$ours_docx" "$pandoc" "$ours_large" <<'PY'
import sys
ours_pdf, pdftotext, plumber, ours_docx, pandoc, ours_large = map(float, sys.argv[1:])
ms = lambda s: f"{s*1000:.1f} ms"
print(f"PDF (8 pages)   restitution convert {ms(ours_pdf)} | pdftotext -layout {ms(pdftotext)} ({pdftotext/ours_pdf:.2f}x ours) | pdfplumber tables {ms(plumber)} ({plumber/ours_pdf:.0f}x ours)")
print(f"DOCX            restitution convert {ms(ours_docx)} | pandoc -t json {ms(pandoc)} ({pandoc/ours_docx:.1f}x ours)")
print(f"DOCX, 5 MB XML  restitution convert {ms(ours_large)}")
PY
