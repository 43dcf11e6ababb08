#!/usr/bin/env bash
# Times a batch of 1,000 forms on 2 threads: copies of the four DOCX and PDF samples
# (Corse, Bretagne, Occitanie; 500 DOCX, 500 PDF) in nested folders of a temporary dir.
# Prints the wall time and the peak memory (GNU time's maximum resident set size).
# Targets: under 10 s and under 100 MB.
#
#   scripts/bench_batch.sh [COUNT] [JOBS]      # defaults: 1000 2
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
jobs=${2:-2}

if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release -q
bin=target/release/restitution

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
samples=(corse-w14.docx corse-w14.pdf bretagne-legacy.docx bretagne-legacy.pdf occitanie-legacy.docx occitanie-legacy.pdf)
for ((i = 0; i < count; i++)); do
  src=${samples[i % ${#samples[@]}]}
  dir="$tmp/forms/lot-$((i / 100))"
  mkdir -p "$dir"
  cp "fixtures/samples/$src" "$dir/$(printf '%04d' "$i")-$src"
done

/usr/bin/time -v "$bin" batch "$tmp/forms" --jobs "$jobs" -o /dev/null 2>"$tmp/time.txt" || true
grep -E '^(convertis|à vérifier|pour information|en échec|ignorés) :' "$tmp/time.txt"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time.txt")
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
echo "batch of $count forms, --jobs $jobs: wall $wall, peak RSS $((rss_kb / 1024)) MB ($rss_kb kB)"
