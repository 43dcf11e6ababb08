#!/usr/bin/env bash
# Times a batch of 1,000 forms on 2 threads: copies of the four DOCX and PDF samples
# (Corse, Bretagne, Occitanie; 500 DOCX, 500 PDF) in nested folders of a temporary dir.
# Prints the wall time and the peak memory (GNU time's maximum resident set size).
# Targets: under 10 s and under 100 MB.
# Then times the same batch writing a workbook and a SQLite database too (--xlsx,
# --sqlite) and prints what they add to the batch time. Target: under 20 %.
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

# run NAME ARGS...: one timed batch; prints its summary and sets $wall_s.
run() {
  local name=$1
  shift
  /usr/bin/time -v "$bin" batch "$tmp/forms" --jobs "$jobs" "$@" 2>"$tmp/time-$name.txt" || true
  grep -E '^(convertis|à vérifier|pour information|en échec|ignorés) :' "$tmp/time-$name.txt"
  local wall rss_kb
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time-$name.txt")
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time-$name.txt")
  wall_s=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  echo "batch of $count forms, --jobs $jobs, $name: wall $wall, peak RSS $((rss_kb / 1024)) MB ($rss_kb kB)"
}

run "JSON Lines" -o /dev/null
base=$wall_s
run "with --xlsx --sqlite" -o /dev/null --xlsx "$tmp/lot.xlsx" --sqlite "$tmp/lot.sqlite"
echo "--xlsx and --sqlite add $(awk -v a="$base" -v b="$wall_s" 'BEGIN { printf "%.1f", (b - a) * 100 / a }') % to the batch time"
