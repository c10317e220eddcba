#!/usr/bin/env bash
# Peak Java heap and time of bin/encoder against the number of pictures (docs/performance.md,
# "Encoder memory"). Generates W x H content of each length N (bin/generate, deterministic), encodes
# it with the given encoder options, and prints N, the peak heap in use (the largest occupancy
# before a garbage collection in the JVM's GC log, i.e. what the program held at its fullest), the
# heap the JVM reserved, the wall-clock time and the time per picture.
# Usage: bench/encoder-memory.sh WxH "N1 N2 ..." [ENCODER OPTIONS...]
#   e.g. bench/encoder-memory.sh 1920x1080 "16 64" -q 32 --no-overfit
# NNPF_BENCH_BIT_DEPTH=10 generates 10-bit content (default 8).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size="$1"; counts="$2"; shift 2
out="${NNPF_BENCH_DIR:-$root/out/encoder-memory}"
mkdir -p "$out"
printf '%-6s %12s %12s %10s %12s\n' pictures peak_heap_MB reserved_MB seconds s_per_picture
for n in $counts; do
  bits="${NNPF_BENCH_BIT_DEPTH:-8}"
  in="$out/gen_${size}_${n}f_${bits}bit.yuv"
  [[ -f "$in" ]] || "$root/bin/generate" -o "$in" --size "$size" -f "$n" --bit-depth "$bits" --quiet
  log="$out/gc_${size}_${n}f.log"
  rm -f "$log"
  t0=$(date +%s.%N)
  NNPF_JAVA_OPTS="${NNPF_JAVA_OPTS:-} -Xlog:gc:file=$log" "$root/bin/encoder" -i "$in" --InputBitDepth "$bits" -b "$out/s_${n}.bin" --quiet "$@"
  t1=$(date +%s.%N)
  read -r peak reserved < <(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$log" \
      | sed 's/M->[0-9]*M(/ /; s/M)//' | awk '{ if ($1 > p) p = $1; if ($2 > r) r = $2 } END { print p + 0, r + 0 }')
  awk -v n="$n" -v p="$peak" -v r="$reserved" -v a="$t0" -v b="$t1" \
      'BEGIN { printf "%-6d %12d %12d %10.1f %12.2f\n", n, p, r, b - a, (b - a) / n }'
done
