package org.nnpf.evaluation.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for {@code bin/encoder} in tests: a bash script taking the encoder's options that
 * writes a bitstream, a plausible report and a CSV beside it (bits halve every 6 QP; PSNR falls 0.4 dB per QP; the
 * post-filter adds 3000 bits and 0.3 dB, none with {@code --no-postfilter}). By sequence name:
 * {@code *broken*} fails with exit status 1, {@code *noreport*} exits 0 without a report,
 * {@code *wrongqp*} reports QP + 1, {@code *slow*} leaves temporary files beside the bitstream and
 * the report, then sleeps 60 s. Every call appends
 * {@code NAME QP POSTFILTER} to {@link #calls()}; the number of encoders running when each starts
 * is appended to {@link #concurrency()}.
 */
final class FakeEncoder {
  final Path script;
  final Path state;

  private FakeEncoder(Path script, Path state) {
    this.script = script;
    this.state = state;
  }

  /** Writes the script in {@code dir}; each call sleeps {@code sleepSeconds} (a decimal). */
  static FakeEncoder create(Path dir, String sleepSeconds) {
    try {
      Path state = Files.createDirectories(dir.resolve("fake-state"));
      Path script = dir.resolve("fake-encoder");
      String s = """
          #!/usr/bin/env bash
          set -u
          STATE='%s'
          in=; bin=; qp=; codec=hevc; config=ra; report=; pf=1; recon=
          while [ $# -gt 0 ]; do
            case "$1" in
              -i) in=$2; shift 2;;
              -b) bin=$2; shift 2;;
              -q) qp=$2; shift 2;;
              --codec) codec=$2; shift 2;;
              --config) config=$2; shift 2;;
              --report) report=$2; shift 2;;
              -o) recon=$2; shift 2;;
              -f|--threads|-wdt|-hgt|-fr|--InputBitDepth) shift 2;;
              --no-postfilter) pf=0; shift;;
              --no-overfit) shift;;
              --help) echo "Usage: encoder -i IN -b OUT.bin -q QP ..."; exit 0;;
              *) echo "encoder: Unknown option: '$1'" >&2; exit 2;;
            esac
          done
          name=$(basename "$in"); seq=${name%%.*}
          echo "$seq $qp $pf" >> "$STATE/calls"
          echo "encoding $in at QP $qp"
          case "$seq" in *broken*) echo "encoder: error: $in: 176x144 4:2:0 does not divide the file size" >&2; exit 1;; esac
          delay=%s
          case "$seq" in *slow*) delay=60; touch "$(dirname "$bin")/.$(basename "$bin").5eed.tmp" "$report.tmp";; esac
          mkdir -p "$STATE/running"; touch "$STATE/running/$$"
          ls "$STATE/running" | wc -l | tr -d ' ' >> "$STATE/concurrency"
          sleep "$delay"
          rm -f "$STATE/running/$$"
          printf 'BITSTREAM' > "$bin"
          if [ -n "$recon" ]; then printf 'YUV' > "$recon"; fi
          case "$seq" in *noreport*) exit 0;; esac
          rqp=$qp
          case "$seq" in *wrongqp*) rqp=$((qp + 1));; esac
          awk -v seq="$seq" -v codec="$codec" -v st="$config" -v qp="$rqp" -v pf="$pf" 'BEGIN {
            base = int(2000000 / 2 ^ ((qp - 22) / 6)); pfb = pf ? 3000 : 0; y = 50 - 0.4 * qp;
            printf "{\\"format\\": \\"nnpf-encoder-report\\", \\"version\\": 1, \\"sequence\\": \\"%%s\\", ", seq;
            printf "\\"codec\\": \\"%%s\\", \\"structure\\": \\"%%s\\", \\"qp\\": %%d, \\"frames\\": 10, \\"fps\\": 30, ", codec, st, qp;
            printf "\\"bits\\": {\\"total\\": %%d, \\"base\\": %%d, \\"post_filter\\": %%d}, ", base + pfb, base, pfb;
            printf "\\"psnr\\": {\\"base\\": {\\"y\\": %%.4f, \\"u\\": %%.4f, \\"v\\": %%.4f, \\"yuv\\": %%.4f}, ", y, y + 4, y + 4.5, y + 1;
            if (pf) printf "\\"post_filtered\\": {\\"y\\": %%.4f, \\"u\\": %%.4f, \\"v\\": %%.4f, \\"yuv\\": %%.4f}}, ", y + 0.3, y + 4.6, y + 5.2, y + 1.4;
            else printf "\\"post_filtered\\": null}, ";
            printf "\\"times\\": {\\"base_encoding_s\\": 1.5, \\"overfitting_s\\": 0, \\"quantization_s\\": 0, \\"inference_s\\": 0}}\\n";
          }' > "$report.tmp" && echo "sequence,qp" > "${report%%.json}.csv" && mv "$report.tmp" "$report"
          echo "done"
          """.formatted(state, sleepSeconds);
      Files.writeString(script, s);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FakeEncoder(script, state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per encoder call: {@code SEQUENCE QP POSTFILTER(0|1)}. */
  List<String> calls() throws IOException {
    Path f = state.resolve("calls");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  /** The number of fake encoders running when each started (after the failing ones exit). */
  List<Integer> concurrency() throws IOException {
    Path f = state.resolve("concurrency");
    return Files.exists(f) ? Files.readAllLines(f).stream().map(String::strip).map(Integer::parseInt).toList() : List.of();
  }
}
