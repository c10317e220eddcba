#!/usr/bin/env bash
# Decoder post-filter throughput at several resolutions (docs/results.md).
# Generates content, encodes it with the filter on every picture (--filter-all, --no-overfit),
# then decodes each stream 3 times in one JVM (org.nnpf.decoder.DecoderThroughput; the first two
# runs warm the JIT up) and prints pictures per second of the post-filter and of the whole decoder.
# Usage: bench/decoder-throughput.sh [THREADS] [FRAMES]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-1}"; frames="${2:-4}"
out="${NNPF_BENCH_DIR:-$root/out/decoder-throughput}"
mkdir -p "$out"
streams=()
for size in 352x288 1280x720 1920x1080; do
  in="$out/gen_${size}_${frames}f.yuv"
  [[ -f "$in" ]] || "$root/bin/generate" -o "$in" --size "$size" -f "$frames" --quiet
  bin="$out/gen_${size}_${frames}f.bin"
  [[ -f "$bin" ]] || "$root/bin/encoder" -i "$in" -b "$bin" -q 32 --no-overfit --filter-all --preset ultrafast \
      --threads 2 --quiet
  streams+=("$bin")
done
"$root/bin/nnpf-launch" decoder org.nnpf.decoder.DecoderThroughput "$threads" 3 "${streams[@]}"
