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

# run NAME ARGS...: one timed batch; prints its summary and sets $wall_s and $cpu_s.
run() {
  local name=$1
  shift
  /usr/bin/time -v "$bin" batch "$tmp/forms" --jobs "$jobs" "$@" 2>"$tmp/time-$name.txt" || true
  grep -E '^(convertis|à vérifier|pour information|en échec|ignorés) :' "$tmp/time-$name.txt"
  local wall rss_kb
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time-$name.txt")
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time-$name.txt")
  wall_s=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  cpu_s=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tmp/time-$name.txt")
  echo "batch of $count forms, --jobs $jobs, $name: wall $wall, CPU ${cpu_s} s, peak RSS $((rss_kb / 1024)) MB ($rss_kb kB)"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 100 / a }'; }

# The machine may be shared: alternate the two batches RUNS times and compare medians.
runs=${RUNS:-3}
: >"$tmp/plain" && : >"$tmp/tables"
for ((r = 0; r < runs; r++)); do
  run "JSON Lines" -o /dev/null
  echo "$wall_s $cpu_s" >>"$tmp/plain"
  rm -f "$tmp/lot.xlsx" "$tmp/lot.sqlite"
  run "with --xlsx --sqlite" -o /dev/null --xlsx "$tmp/lot.xlsx" --sqlite "$tmp/lot.sqlite"
  echo "$wall_s $cpu_s" >>"$tmp/tables"
done
wall_plain=$(cut -d' ' -f1 "$tmp/plain" | median)
wall_tables=$(cut -d' ' -f1 "$tmp/tables" | median)
cpu_plain=$(cut -d' ' -f2 "$tmp/plain" | median)
cpu_tables=$(cut -d' ' -f2 "$tmp/tables" | median)
echo "median of $runs: wall $wall_plain s -> $wall_tables s; CPU $cpu_plain s -> $cpu_tables s"
echo "--xlsx and --sqlite add $(percent "$wall_plain" "$wall_tables") % to the batch time ($(percent "$cpu_plain" "$cpu_tables") % CPU)"
