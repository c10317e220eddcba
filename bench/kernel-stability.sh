#!/usr/bin/env bash
# Run-to-run stability of the integer kernel (docs/performance.md, "A kernel that stays fast"):
# N fresh JVMs decode the same short stream, and N fresh JVMs encode the same short sequence;
# prints each run's time and the min / median / max and max / median of each series.
#   decoder: bin/decoder on a 9-picture 640x320 stream (post-filter on every picture); the figure
#            is the decoder's own "post-filtering" time (its Time: line) and the wall time;
#   encoder: bin/encoder --no-overfit on 5 pictures of 352x288 (HEVC, ultrafast base); the figure
#            is the wall time and the encoder's adaptation + inference time (its Times: line).
# Runs alternate decoder / encoder so that both see the same machine load; `uptime` is printed
# before and after. Extra JVM options (e.g. -Dnnpf.kernelWarmUp=false) go in NNPF_JAVA_OPTS.
# Usage: bench/kernel-stability.sh [N] [decoder|encoder|both]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-20}"; what="${2:-both}"
out="${NNPF_BENCH_DIR:-$root/out/kernel-stability}"
mkdir -p "$out"
dec_in="$out/gen_640x320_9f.yuv"; dec_bin="$out/gen_640x320_9f.bin"
enc_in="$out/gen_352x288_5f.yuv"
[[ -f "$dec_in" ]] || "$root/bin/generate" -o "$dec_in" --size 640x320 -f 9 --quiet
[[ -f "$dec_bin" ]] || "$root/bin/encoder" -i "$dec_in" -b "$dec_bin" -q 32 --no-overfit --filter-all \
    --preset ultrafast --quiet
[[ -f "$enc_in" ]] || "$root/bin/generate" -o "$enc_in" --size 352x288 -f 5 --quiet
# Build once (the launchers build when sources changed) so that no run pays for it.
"$root/bin/decoder" --help >/dev/null

now() { date +%s.%N; }
dec_pf=(); dec_wall=(); enc_wall=(); enc_ai=()
echo "start: $(uptime)"
for ((i = 1; i <= n; i++)); do
  if [[ "$what" != encoder ]]; then
    t0=$(now)
    line=$("$root/bin/decoder" -b "$dec_bin" -o "$out/dec.yuv" --threads 1 2>&1 | grep '^Time:')
    t1=$(now)
    pf=$(sed -E 's/.* ([0-9.]+) s post-filtering.*/\1/' <<<"$line")
    w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    dec_pf+=("$pf"); dec_wall+=("$w")
    echo "decoder run $i: post-filtering $pf s, wall $w s"
  fi
  if [[ "$what" != decoder ]]; then
    t0=$(now)
    line=$("$root/bin/encoder" -i "$enc_in" -b "$out/enc.bin" -q 32 --no-overfit --preset ultrafast 2>&1 \
        | grep '^Times:')
    t1=$(now)
    ai=$(sed -E 's/.*adaptation ([0-9.]+) s, inference ([0-9.]+) s.*/\1 \2/' <<<"$line" \
        | awk '{ printf "%.2f", $1 + $2 }')
    w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    enc_ai+=("$ai"); enc_wall+=("$w")
    echo "encoder run $i: adaptation + inference $ai s, wall $w s"
  fi
done
echo "end: $(uptime)"
stats() {
  local name="$1"; shift
  printf '%s\n' "$@" | sort -g | awk -v name="$name" '
    { v[NR] = $1 }
    END {
      if (NR == 0) exit
      med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%-36s n=%d min %.2f median %.2f max %.2f s, max/median %.2f\n", name, NR, v[1], med, v[NR], v[NR] / med
    }'
}
if [[ "$what" != encoder ]]; then
  stats "decoder post-filtering (9 pictures)" "${dec_pf[@]}"
  stats "decoder wall" "${dec_wall[@]}"
fi
if [[ "$what" != decoder ]]; then
  stats "encoder adaptation + inference" "${enc_ai[@]}"
  stats "encoder wall" "${enc_wall[@]}"
fi
