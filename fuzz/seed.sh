#!/bin/sh
# Seed the fuzz corpora with the fixtures: fuzz/corpus/<target>/ (git-ignored).
# docx_reader gets the DOCX files, pdf_reader the PDFs, convert those and the ODT files. fixtures/hostile/ is
# left out: each of those files is built to run near a limit for seconds, which would cut
# the executions per second by orders of magnitude (tests/integration/hostile.rs covers them).
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/docx_reader fuzz/corpus/pdf_reader fuzz/corpus/convert
find fixtures -path fixtures/hostile -prune -o -type f \( -name '*.docx' -o -name '*.odt' -o -name '*.pdf' -o -name '*.bin' \) -print | sort | while read -r f; do
    flat=$(echo "$f" | tr '/' '_')
    case "$f" in
        *.docx) cp "$f" "fuzz/corpus/docx_reader/$flat" ;;
        *.pdf) cp "$f" "fuzz/corpus/pdf_reader/$flat" ;;
        *.bin) cp "$f" "fuzz/corpus/docx_reader/$flat"; cp "$f" "fuzz/corpus/pdf_reader/$flat" ;;
    esac
    cp "$f" "fuzz/corpus/convert/$flat"
done
for t in docx_reader pdf_reader convert; do
    echo "$t: $(ls fuzz/corpus/$t | wc -l) seeds"
done
