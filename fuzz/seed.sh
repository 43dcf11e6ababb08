#!/bin/sh
# Seed the fuzz corpora with the fixtures: fuzz/corpus/<target>/ (git-ignored).
# docx_reader gets the DOCX files, pdf_reader the PDFs, convert both.
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/docx_reader fuzz/corpus/pdf_reader fuzz/corpus/convert
find fixtures -type f \( -name '*.docx' -o -name '*.pdf' -o -name '*.bin' \) | sort | while read -r f; do
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
