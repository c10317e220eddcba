package org.nnpf.decoder.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.io.PictureFiles;
import org.nnpf.common.io.PictureSink;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.RawOptions;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.metrics.PsnrAccumulator;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.AccumulatorReport;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.picture.Picture;
import org.nnpf.decoder.NnpfDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/decoder}: decodes a stream, post-filters it and checks every picture hash (HM style). */
@Command(
    name = "decoder",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "Decodes an HEVC or AVC elementary stream with FFmpeg, parses the NN post-filter units (SEI",
      "or APS), runs the integer post-filter on every picture the activation applies to, and checks",
      "each output picture against the signalled hash. Prints one line per picture in output order,",
      "with [MD5:...,(OK)] or (***ERROR***) as HM's decoder does.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/decoder -b str.bin -o dec.yuv",
      "  bin/decoder -b str.bin -r original.yuv --threads 2",
      "",
      "Exit status: 0 every picture decoded and every hash matched, 1 a hash mismatch, a malformed",
      "stream, an accumulation outside the declared precision (--check-accumulators) or another",
      "error (no output file written), 2 bad command line."
    })
public final class DecoderCommand implements Callable<Integer> {
  @Option(names = {"-b", "--BitstreamFile"}, required = true, paramLabel = "IN.bin", description = "Input elementary stream (Annex-B).")
  Path bitstream;

  @Option(names = {"-o", "--ReconFile"}, paramLabel = "OUT.yuv", description = "Output pictures (.yuv raw, .y4m).")
  Path output;

  @Option(names = {"-d", "--OutputBitDepth"}, paramLabel = "N", defaultValue = "0", description = "Output bit depth (0: native).")
  int outputBitDepth;

  @Option(names = {"--OutputChromaFormat"}, paramLabel = "420|400", defaultValue = "420", description = "How 4:0:0 (monochrome) pictures are written: 420 with mid-grey chroma planes, as JM and FFmpeg write them (default), or 400, the luma plane only. Other formats are written as decoded.")
  String outputChromaFormat;

  @Option(names = {"--codec"}, paramLabel = "hevc|avc", description = "Base codec (default: detected from the stream).")
  String codec;

  @Option(names = {"--no-postfilter"}, description = "Output the base decoder's pictures (post-filter units are parsed, not applied).")
  boolean noPostfilter;

  @Option(names = {"--threads"}, paramLabel = "N", defaultValue = "1", description = "Inference threads (the output does not depend on it; default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = {"--patch"}, paramLabel = "WxH", defaultValue = "128x64", description = "Inference patch size (the output does not depend on it).")
  String patch;

  @Option(names = {"--kernel"}, paramLabel = "vector|scalar", defaultValue = "vector", description = "Inference kernel (the output does not depend on it).")
  String kernel;

  @Option(names = {"--check-accumulators"}, description = "Run inference in checking mode: report accumulations outside the declared precision and exit 1 if there are any (the output itself does not change).")
  boolean checkAccumulators;

  @Option(names = {"-r", "--reference"}, paramLabel = "REF.yuv", description = "Original sequence: print PSNR per picture and a summary.")
  Path reference;

  @Option(names = {"--model"}, paramLabel = "FILE", description = "Additional base model file the stream may refer to (repeatable).")
  java.util.List<Path> models = new java.util.ArrayList<>();

  @Mixin CliSupport.StandardOptions std;

  private PrintWriter out;
  private PrintWriter err;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command in-process; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    DecoderCommand cmd = new DecoderCommand();
    cmd.out = out;
    cmd.err = err;
    return CliSupport.run(cmd, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    boolean quiet = std.quiet();
    if (threads < 1 || threads > InferenceOptions.MAX_THREADS) {
      throw new NnpfException("--threads: " + threads + " is not in 1.." + InferenceOptions.MAX_THREADS);
    }
    if (outputBitDepth != 0 && (outputBitDepth < 8 || outputBitDepth > 16)) {
      throw new NnpfException("-d: output bit depth " + outputBitDepth + " is not 0 or 8..16");
    }
    if (!patch.matches("(?i)[1-9][0-9]*x[1-9][0-9]*")) {
      throw new NnpfException("--patch: '" + patch + "' is not WxH");
    }
    byte[] stream;
    try {
      stream = Files.readAllBytes(bitstream);
    } catch (NoSuchFileException e) {
      throw new NnpfException(bitstream + ": bitstream file not found (-b)");
    }
    if (output != null && Files.exists(output) && Files.isSameFile(output, bitstream)) {
      throw new NnpfException(output + ": the output file is the input bitstream (-b)");
    }
    if (output != null && reference != null && Files.exists(output) && Files.exists(reference)
        && Files.isSameFile(output, reference)) {
      throw new NnpfException(output + ": the output file is the reference (-r)");
    }
    boolean monochromeAs420 = switch (outputChromaFormat) {
      case "420" -> true;
      case "400" -> false;
      default -> throw new NnpfException("--OutputChromaFormat: '" + outputChromaFormat + "' is not 420 or 400");
    };
    BaseCodec bc = codec != null ? BaseCodec.parse(codec)
        : BaseCodec.detect(stream, stream.length).orElseThrow(() -> new NnpfException(
            bitstream + ": cannot tell whether this is an HEVC or AVC stream; give --codec"));
    ModelStore store = ModelStore.builtIn();
    for (Path m : models) {
      store.add(m);
    }
    String[] wh = patch.toLowerCase(Locale.ROOT).split("x");
    InferenceOptions.Kernel k = switch (kernel.toLowerCase(Locale.ROOT)) {
      case "vector" -> InferenceOptions.Kernel.VECTOR;
      case "scalar" -> InferenceOptions.Kernel.SCALAR;
      default -> throw new NnpfException("--kernel: '" + kernel + "' is not vector or scalar");
    };
    InferenceOptions inf = InferenceOptions.defaults().withThreads(threads)
        .withPatch(Integer.parseInt(wh[0]), Integer.parseInt(wh[1])).withKernel(k).withChecking(checkAccumulators);
    NnpfDecoder.Options opts = new NnpfDecoder.Options(1, inf, !noPostfilter);
    if (!noPostfilter && k == InferenceOptions.Kernel.VECTOR) {
      // C2 compiles the vector kernel while the base decoder loads (docs/performance.md)
      IntegerInference.warmUpInBackground();
    }

    PictureSource ref = null;
    final PictureSink[] sinkHolder = new PictureSink[1];
    PsnrAccumulator acc = new PsnrAccumulator();
    int[] counts = new int[3]; // pictures, filtered, hash mismatches
    int[] checked = new int[1];
    long[] accViolations = new long[1];
    long t0 = System.nanoTime();
    try (NnpfDecoder dec = new NnpfDecoder(bc, store, opts, bitstream.toString())) {
      if (reference != null) {
        ref = PictureFiles.open(reference, RawOptions.NONE);
      }
      final PictureSource refSource = ref;
      dec.onNotice(n -> {
        err.println("decoder: warning: " + bitstream + ": " + n);
        err.flush();
      });
      dec.decode(stream, p -> {
        try {
          Picture pic = monochromeAs420 ? Monochrome.withMidGreyChroma(p.output()) : p.output();
          if (output != null) {
            if (sinkHolder[0] == null) {
              SequenceInfo si = new SequenceInfo(pic.width(), pic.height(), pic.bitDepth(), pic.chromaFormat(), 30, 1, -1);
              sinkHolder[0] = PictureFiles.create(output, si, outputBitDepth);
            }
            sinkHolder[0].write(pic);
          }
          counts[0]++;
          if (p.filtered()) {
            counts[1]++;
          }
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "POC %4d AU %4d ( %c-SLICE ) %s",
              p.outputIndex(), p.accessUnitIndex(), p.sliceType() == null ? '?' : p.sliceType().name().charAt(0),
              p.filtered() ? (noPostfilter ? "[PF %d not applied]" : "[PF %d]").formatted(p.filterId()) : "[no PF]"));
          if (p.hashCheck().isPresent()) {
            NnpfDecoder.HashCheck h = p.hashCheck().get();
            checked[0]++;
            if (h.ok()) {
              line.append(" [").append(h.type()).append(':').append(h.actual()).append(",(OK)]");
            } else {
              counts[2]++;
              line.append(" [").append(h.type()).append(":").append(h.actual()).append(",(***ERROR***)] expected ")
                  .append(h.expected());
            }
          }
          if (p.accumulators().isPresent()) {
            AccumulatorReport a = p.accumulators().get();
            if (a.conforming()) {
              line.append(" [ACC:OK]");
            } else {
              accViolations[0] += a.totalViolations();
              for (int l = 0; l < a.layerCount(); l++) {
                if (a.violations(l) > 0) {
                  line.append(String.format(Locale.ROOT, " [ACC layer %d: %d of %d accumulations outside %d bits, %d used,(***ERROR***)]",
                      l, a.violations(l), a.accumulations(l), a.declaredBits(l), a.bitsUsed(l)));
                }
              }
            }
          }
          if (refSource != null) {
            Picture r = refSource.next();
            if (r == null) {
              throw new NnpfException(reference + ": the reference has fewer pictures than the stream ("
                  + p.outputIndex() + ")");
            }
            if (!r.sameFormat(pic)) {
              throw new NnpfException(reference + ": reference picture " + p.outputIndex() + " is " + r
                  + ", the decoded picture " + pic);
            }
            PicturePsnr q = PicturePsnr.of(r, pic);
            acc.add(q);
            line.append(String.format(Locale.ROOT, " [Y %8.4f dB", q.psnr(0)));
            if (pic.planeCount() > 1) {
              line.append(String.format(Locale.ROOT, "  U %8.4f dB  V %8.4f dB", q.psnr(1), q.psnr(2)));
            }
            line.append(']');
          }
          if (!quiet) {
            out.println(line);
            out.flush();
          }
        } catch (IOException e) {
          throw new NnpfException(e.getMessage(), e);
        }
      });
      double secs = (System.nanoTime() - t0) / 1e9;
      if (!quiet) {
        out.printf(Locale.ROOT, "%n%d pictures decoded (%d post-filtered), %d hashes checked, %d mismatches%n",
            counts[0], counts[1], checked[0], counts[2]);
        if (acc.count() > 0) {
          out.printf(Locale.ROOT, "Average PSNR: Y %.4f dB", acc.averagePsnr(0));
          if (acc.planeCount() > 1) {
            out.printf(Locale.ROOT, "  U %.4f dB  V %.4f dB  YUV %.4f dB", acc.averagePsnr(1), acc.averagePsnr(2), acc.yuvPsnr());
          }
          out.println();
        }
        out.printf(Locale.ROOT, "Time: %.2f s in all, %.2f s post-filtering (%.2f pictures/s)%n", secs,
            dec.filterNanos() / 1e9, counts[1] == 0 ? 0.0 : counts[1] / (dec.filterNanos() / 1e9));
        out.flush();
      }
      if (counts[2] > 0) {
        throw new NnpfException(bitstream + ": " + counts[2] + " of " + checked[0]
            + " post-filtered pictures do not match their hash (***ERROR***); no output written");
      }
      if (accViolations[0] > 0) {
        throw new NnpfException(bitstream + ": " + accViolations[0]
            + " accumulations lie outside the accumulator precision the parameter set declares"
            + " (qps_accumulator_precision_idc; checking mode, docs/integer-inference.md section 5):"
            + " the stream does not conform; no output written");
      }
      if (sinkHolder[0] != null) {
        sinkHolder[0].commit();
      }
    } finally {
      if (sinkHolder[0] != null) {
        sinkHolder[0].close();
      }
      if (ref != null) {
        ref.close();
      }
    }
    return 0;
  }
}
