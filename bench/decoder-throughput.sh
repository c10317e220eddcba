#!/usr/bin/env bash
# Decoder post-filter throughput at several resolutions (docs/results.md).
# Generates content, encodes it with the filter on every picture (--filter-all, --no-overfit),
# then decodes each stream with bin/decoder and prints its post-filtering time.
# Usage: bench/decoder-throughput.sh [THREADS] [FRAMES]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-1}"; frames="${2:-3}"
out="${NNPF_BENCH_DIR:-$root/out/decoder-throughput}"
mkdir -p "$out"
for size in 352x288 1280x720 1920x1080; do
  in="$out/gen_${size}_${frames}f.yuv"
  [[ -f "$in" ]] || "$root/bin/generate" -o "$in" --size "$size" -f "$frames" --quiet
  bin="$out/gen_${size}.bin"
  [[ -f "$bin" ]] || "$root/bin/encoder" -i "$in" -b "$bin" -q 32 --no-overfit --filter-all --preset ultrafast \
      --threads 2 --quiet
  line=$("$root/bin/decoder" -b "$bin" --threads "$threads" | grep '^Time:')
  echo "$size threads=$threads: $line"
done
