package org.nnpf.encoder.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.io.AtomicOutput;
import org.nnpf.common.io.PictureFiles;
import org.nnpf.common.io.PictureSink;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.io.RawOptions;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.metrics.PsnrAccumulator;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.cli.CfgOptions;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.cli.Progress;
import org.nnpf.encoder.overfit.OverfitConfig;
import org.nnpf.encoder.pipeline.HeapCheck;
import org.nnpf.encoder.pipeline.NnpfEncoder;
import org.nnpf.encoder.quant.Strategy;
import org.nnpf.encoder.report.EncoderReport;
import org.nnpf.encoder.report.EncoderReportCsv;
import org.nnpf.encoder.report.EncoderReportJson;
import org.nnpf.encoder.report.HmSummaryWriter;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.SliceKind;
import org.nnpf.encoder.report.Summary;
import org.nnpf.encoder.report.SummaryRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.nnpf.encoder.refine.RefinementTool;
import picocli.CommandLine.Option;

/** {@code bin/encoder}: base coding, post-filter adaptation and signalling (HM-style options). */
@Command(
    name = "encoder",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "Codes a sequence with the base codec (HEVC via libx265 by default, or AVC via libx264),",
      "adapts the integer NN post-filter to it (overfitted multipliers, quantization parameters",
      "and bit allocation from the sequence's own statistics) and writes a standard elementary",
      "stream with the post-filter units in SEI or APS NAL units. Prints one line per picture and",
      "HM-style SUMMARY tables for the base output and the post-filtered output.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/encoder -i foreman_qcif_176x144_10f.yuv -b str.bin -q 37 -o rec.yuv --report r.json",
      "  bin/encoder -c my.cfg -q 32 --codec avc --config ldb --carriage aps",
      "",
      "Exit status: 0 done, 1 bad input or failure (no output file written), 2 bad command line."
    })
public final class EncoderCommand implements Callable<Integer> {
  @Mixin CfgOptions cfgFiles;

  @Mixin CliSupport.StandardOptions std;

  @Option(names = {"-i", "--InputFile"}, required = true, paramLabel = "IN", description = "Input: raw .yuv (geometry from options or a name like name_352x288_30f.yuv), .y4m, or any file FFmpeg opens.")
  Path input;

  @Option(names = {"-b", "--BitstreamFile"}, required = true, paramLabel = "OUT.bin", description = "Output elementary stream (Annex-B).")
  Path bitstream;

  @Option(names = {"-o", "--ReconFile"}, paramLabel = "RECON.yuv", description = "Write the pictures the decoder will output (post-filtered), .yuv or .y4m.")
  Path recon;

  @Option(names = {"-q", "--QP"}, required = true, paramLabel = "QP", description = "Base codec QP, 0..51.")
  int qp;

  @Option(names = {"-wdt", "--SourceWidth"}, paramLabel = "W", description = "Raw input width.")
  int width;

  @Option(names = {"-hgt", "--SourceHeight"}, paramLabel = "H", description = "Raw input height.")
  int height;

  @Option(names = {"-fr", "--FrameRate"}, paramLabel = "FPS", description = "Frame rate (raw input; default from the name, else 30).")
  int frameRate;

  @Option(names = {"-f", "--FramesToBeEncoded"}, paramLabel = "N", description = "Frames to code (default all).")
  long frames = -1;

  @Option(names = {"-fs", "--FrameSkip"}, paramLabel = "N", description = "Frames to skip at the start.")
  long frameSkip;

  @Option(names = {"--InputBitDepth"}, paramLabel = "N", description = "Raw input bit depth (default from the name, else 8).")
  int inputBitDepth;

  @Option(names = {"--InputChromaFormat"}, paramLabel = "420", description = "Raw input chroma format (400, 420, 422, 444; default 420).")
  String inputChromaFormat;

  @Option(names = {"--codec"}, paramLabel = "hevc|avc", defaultValue = "hevc", description = "Base codec (default ${DEFAULT-VALUE}).")
  String codec;

  @Option(names = {"--config"}, paramLabel = "ra|ldb|ai", defaultValue = "ra", description = "Coding structure: random access, low delay, all intra (default ${DEFAULT-VALUE}).")
  String structure;

  @Option(names = {"--preset"}, paramLabel = "NAME", defaultValue = "medium", description = "x265/x264 speed preset (default ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = {"--IntraPeriod"}, paramLabel = "N", defaultValue = "0", description = "Intra period in pictures (0: the structure's default).")
  int intraPeriod;

  @Option(names = {"--interlaced"}, description = "AVC only: code interlaced frames (x264's MBAFF, top field first).")
  boolean interlaced;

  @Option(names = {"--carriage"}, paramLabel = "sei|aps|h274", defaultValue = "sei", description = "Carriage of the post-filter parameter set (default ${DEFAULT-VALUE}); h274: H.274 NNPFC/NNPFA SEI messages with the project's messages as their extension (docs/bitstream-syntax.md section 12).")
  String carriage;

  @Option(names = {"--no-overfit"}, description = "Signal the base model's own multipliers (no per-sequence training).")
  boolean noOverfit;

  @Option(names = {"--no-postfilter"}, description = "Write the base stream only (the anchor of every comparison).")
  boolean noPostfilter;

  @Option(names = {"--threads"}, paramLabel = "N", defaultValue = "1", description = "Threads for coding, overfitting and inference (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = {"--report"}, paramLabel = "REPORT.json", description = "Write the JSON report (and REPORT.csv beside it).")
  Path report;

  @Option(names = {"--model"}, paramLabel = "FILE", description = "Base model file (default: the built-in model).")
  Path model;

  @Option(names = {"--model-in-band"}, description = "Carry the whole model file in the parameter set.")
  boolean modelInBand;

  @Option(names = {"--overfit-iterations"}, paramLabel = "N", defaultValue = "400", description = "Overfitting steps (default ${DEFAULT-VALUE}).")
  int overfitIterations;

  @Option(names = {"--overfit-objective"}, paramLabel = "refined|network", defaultValue = "refined",
      description = "What overfitting minimises: the error after the refinement stage (default) or of the network's own output.")
  String overfitObjective;

  @Option(names = {"--overfit-trial"}, paramLabel = "N", defaultValue = "100",
      description = "Steps after which overfitting stops when its projected gain cannot pay for the multipliers' bits (0: never; default ${DEFAULT-VALUE}).")
  int overfitTrial;

  @Option(names = {"--overfit-biases"}, negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Adapt the biases besides the multipliers and signal them as bias updates (syntax version 1.3; on by default; --no-overfit-biases: multipliers only, a stream of version 1.2 or earlier).")
  boolean overfitBiases;

  @Option(names = {"--overfit-seconds"}, paramLabel = "S", defaultValue = "0", description = "Overfitting time budget in seconds (0: none; output then depends on machine speed).")
  double overfitSeconds;

  @Option(names = {"--strategy"}, paramLabel = "worst|approx|measured", defaultValue = "approx", description = "Accumulator bound strategy for the shifts (default ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = {"--acc-bits"}, paramLabel = "16|24|32", defaultValue = "32", description = "Declared accumulator precision (default ${DEFAULT-VALUE}).")
  int accBits;

  @Option(names = {"--max-int-loss"}, paramLabel = "DB", defaultValue = "0.02", description = "Largest integer-vs-float Y-PSNR loss the bit allocation accepts (default ${DEFAULT-VALUE}).")
  double maxIntLoss;

  @Option(names = {"-dph", "--PostFilterHash"}, paramLabel = "0|1|2|3", defaultValue = "0", description = "Hash of every output picture, for the decoder's check: 0 none, 1 MD5, 2 CRC, 3 checksum (default ${DEFAULT-VALUE}, as HM's SEIDecodedPictureHash: hashes are a conformance tool and cost bits).")
  int hash;

  @Option(names = {"--no-refine"}, description = "No refinement stage after the network (the stream then uses version 1.0 syntax only).")
  boolean noRefine;

  @Option(names = {"--refine-tools"}, paramLabel = "LIST", defaultValue = "weight,fir,classes", description = "Refinement tools the encoder may use: weight (least-squares weight of the network's residual), fir (diamond FIR on the decoded picture), classes (block classes), comma-separated (default ${DEFAULT-VALUE}).")
  String refineTools;

  @Option(names = {"--no-block-maps"}, description = "No per-picture block maps (which blocks keep the filter's output).")
  boolean noBlockMaps;

  @Option(names = {"--filter-all"}, description = "Apply the filter to every picture (default: only to the pictures whose 6:1:1-weighted SSE it lowers; none if it lowers none).")
  boolean filterAll;

  @Option(names = {"--patch"}, paramLabel = "WxH", defaultValue = "128x64", description = "Inference patch size in tensor positions (the output does not depend on it).")
  String patch;

  private PrintWriter out;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command in-process (cfg files expanded); returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    EncoderCommand cmd = new EncoderCommand();
    cmd.out = out;
    return CliSupport.run(cmd, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    boolean quiet = std.quiet();
    checkOptions();
    if (!noPostfilter) {
      // C2 compiles the vector kernel while the input is read and coded (docs/performance.md)
      IntegerInference.warmUpInBackground();
    }
    RawOptions.Builder rb = RawOptions.builder().skip(frameSkip).frames(frames);
    if (width > 0 || height > 0) {
      rb.size(width, height);
    }
    if (inputBitDepth > 0) {
      rb.bitDepth(inputBitDepth);
    }
    if (inputChromaFormat != null) {
      rb.chromaFormat(ChromaFormat.parse(inputChromaFormat));
    }
    if (frameRate > 0) {
      rb.frameRate(frameRate, 1);
    }
    ModelStore.Entry entry = null;
    if (!noPostfilter) {
      ModelStore store = ModelStore.builtIn();
      entry = model != null ? store.add(model) : store.defaultModel();
    }
    // the originals are read once into a temporary file (they are needed again by several passes),
    // so that memory does not grow with the number of pictures
    try (PictureStore originalStore = PictureStore.create("original pictures")) {
      SequenceInfo info;
      try (PictureSource src = PictureFiles.open(input, rb.build())) {
        info = src.info();
        if (entry != null) {
          // before any work: a picture size this heap cannot hold is refused with the option that fixes it
          HeapCheck.check(input.toString(), entry.model(), info.width(), info.height(), threads,
              Runtime.getRuntime().maxMemory());
        }
        for (Picture p = src.next(); p != null; p = src.next()) {
          originalStore.add(p);
        }
      }
      if (originalStore.size() == 0) {
        throw new NnpfException(input + ": no picture to code (check -fs and -f)");
      }
      return encode(originalStore.pictures(), info, entry);
    }
  }

  private int encode(List<Picture> originals, SequenceInfo info, ModelStore.Entry entry) throws IOException {
    boolean quiet = std.quiet();
    BaseCodec bc = BaseCodec.parse(codec);
    EncoderConfig base = EncoderConfig.builder()
        .codec(bc).qp(qp).structure(CodingStructure.parse(structure)).preset(preset).threads(threads)
        .sequence(info).intraPeriod(intraPeriod).interlaced(interlaced)
        .build();
    Carriage car = switch (carriage.toLowerCase(Locale.ROOT)) {
      case "sei" -> Carriage.SEI;
      case "aps" -> Carriage.APS;
      case "h274" -> Carriage.H274;
      default -> throw new NnpfException("--carriage: '" + carriage + "' is not sei, aps or h274");
    };
    String[] wh = patch.toLowerCase(Locale.ROOT).split("x");
    InferenceOptions inf = InferenceOptions.defaults().withThreads(threads)
        .withPatch(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
    if (overfitTrial < 0) {
      throw new NnpfException("--overfit-trial: " + overfitTrial + " is negative (0 disables the trial)");
    }
    OverfitConfig oc = OverfitConfig.defaults().withIterations(overfitIterations).withTimeBudget(overfitSeconds)
        .withThreads(threads).withStrategy(parseStrategy(), accBits);
    oc = new OverfitConfig(oc.iterations(), oc.timeBudgetSeconds(), oc.learningRate(), oc.batch(), oc.tile(),
        overfitBiases, oc.qatFraction(), oc.threads(), oc.seed(), oc.strategy(), oc.accumulatorBits(), maxIntLoss,
        oc.calibrationPictures(), switch (overfitObjective.toLowerCase(Locale.ROOT)) {
          case "refined" -> OverfitConfig.Objective.REFINED;
          case "network" -> OverfitConfig.Objective.NETWORK;
          default -> throw new NnpfException("--overfit-objective: '" + overfitObjective + "' is not refined or network");
        }, overfitTrial);
    NnpfEncoder.Config cfg = new NnpfEncoder.Config(base, !noPostfilter, !noOverfit, car, oc, inf,
        hashType(), entry, modelInBand, 0, !filterAll,
        noRefine ? java.util.EnumSet.noneOf(RefinementTool.class) : RefinementTool.parse(refineTools, "--refine-tools"),
        !noBlockMaps && !filterAll);

    if (!quiet) {
      out.printf("nnpf encoder: %s  %dx%d %s %d-bit, %d frames, %s QP %d %s%s%n", input, info.width(), info.height(),
          info.chromaFormat().shortName(), info.bitDepth(), originals.size(), bc, qp, base.structure().shortName(),
          noPostfilter ? ", no post-filter" : ", post-filter " + entry.model().summary()
              + (noOverfit ? " (not overfitted)" : ""));
      out.flush();
    }
    try (ProgressListener pl = new ProgressListener(quiet);
        NnpfEncoder.Result r = NnpfEncoder.encode(cfg, originals, pl)) {
      pl.close();
      return write(r, originals, info, bc, base);
    }
  }

  /** Writes the outputs of {@code r}: bitstream, reconstruction, reports. */
  private int write(NnpfEncoder.Result r, List<Picture> originals, SequenceInfo info, BaseCodec bc, EncoderConfig base)
      throws IOException {
    boolean quiet = std.quiet();

    // outputs: bitstream, reconstruction, reports: written only once everything succeeded
    AtomicOutput.write(bitstream, r.stream());
    if (recon != null) {
      try (PictureSink sink = PictureFiles.create(recon, info.withFrameCount(originals.size()), 0)) {
        for (Picture p : r.outputs()) {
          sink.write(p);
        }
        sink.commit();
      }
    }
    PsnrAccumulator baseAcc = new PsnrAccumulator();
    PsnrAccumulator pfAcc = new PsnrAccumulator();
    List<Row> rows = new ArrayList<>();
    for (NnpfEncoder.PictureResult p : r.pictures()) {
      Picture original = originals.get(p.outputIndex());
      PicturePsnr b = PicturePsnr.of(original, r.decoded().get(p.outputIndex()));
      PicturePsnr f = PicturePsnr.of(original, r.outputs().get(p.outputIndex()));
      baseAcc.add(b);
      pfAcc.add(f);
      rows.add(new Row(p, b, f));
    }
    if (!quiet) {
      rows.sort(java.util.Comparator.comparingInt(x -> x.p.codingIndex()));
      for (Row row : rows) {
        out.println(pictureLine(row, info));
      }
      out.println();
      out.println("Base codec output:");
      out.print(HmSummaryWriter.format(summary(rows, info, false)));
      if (!noPostfilter) {
        out.println();
        out.println("Post-filtered output (rate includes the post-filter units):");
        out.print(HmSummaryWriter.format(summary(rows, info, true)));
        long on = r.pictures().stream().filter(NnpfEncoder.PictureResult::filtered).count();
        out.printf("%nPost-filter units: %d bits (%.2f %% of the stream); filter applied to %d of %d pictures"
            + " (decision with lambda %.1f)%n",
            r.filterBits(), 100.0 * r.filterBits() / (r.baseBits() + r.filterBits()), on, r.pictures().size(),
            r.lambda());
        out.println("Decision: " + r.decision());
        if (r.overfitReport() != null) {
          out.println();
          out.print(r.overfitReport().format());
        }
      }
      out.printf("%nTimes: base coding %.2f s, adaptation %.2f s, inference %.2f s%n",
          r.baseEncodingSeconds(), r.adaptationSeconds(), r.inferenceSeconds());
      out.flush();
    }
    if (report != null) {
      EncoderReport rep = EncoderReport.builder()
          .sequence(input.getFileName().toString())
          .codec(bc.name().toLowerCase(Locale.ROOT))
          .structure(base.structure().shortName())
          .qp(qp)
          .frames(originals.size())
          .fps(info.fps())
          .bits(EncoderReport.Bits.of(r.baseBits(), r.filterBits()))
          .basePsnr(psnr(baseAcc, info))
          .postFilteredPsnr(noPostfilter ? null : psnr(pfAcc, info))
          .times(new EncoderReport.Times(r.baseEncodingSeconds(),
              r.overfitReport() != null ? r.overfitReport().trainingSeconds() : 0,
              r.adaptationSeconds() - (r.overfitReport() != null ? r.overfitReport().trainingSeconds() : 0),
              r.inferenceSeconds()))
          .build();
      Path csv = siblingCsv(report);
      EncoderReportCsv.write(List.of(rep), csv);
      EncoderReportJson.write(rep, report);
    }
    return 0;
  }

  private record Row(NnpfEncoder.PictureResult p, PicturePsnr base, PicturePsnr filtered) {}

  private String pictureLine(Row row, SequenceInfo info) {
    boolean noPostfilter = this.noPostfilter;
    NnpfEncoder.PictureResult p = row.p();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "POC %4d ( %c-SLICE, QP %2d ) %10d bits [Y %8.4f dB", p.outputIndex(),
        p.sliceType() == null ? '?' : p.sliceType().name().charAt(0), qp, p.baseBits() + p.filterBits(),
        row.base().psnr(0)));
    if (info.chromaFormat().planeCount() > 1) {
      sb.append(String.format(Locale.ROOT, "  U %8.4f dB  V %8.4f dB", row.base().psnr(1), row.base().psnr(2)));
    }
    sb.append(']');
    if (!noPostfilter) {
      sb.append(String.format(Locale.ROOT, " [PF Y %8.4f dB", row.filtered().psnr(0)));
      if (info.chromaFormat().planeCount() > 1) {
        sb.append(String.format(Locale.ROOT, "  U %8.4f dB  V %8.4f dB", row.filtered().psnr(1), row.filtered().psnr(2)));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  private Summary summary(List<Row> rows, SequenceInfo info, boolean filtered) {
    double fps = info.fps();
    List<SummaryRow> out = new ArrayList<>();
    for (SliceKind k : SliceKind.values()) {
      PsnrAccumulator acc = new PsnrAccumulator();
      long bits = 0;
      long n = 0;
      ChromaFormat cf = null;
      for (Row r : rows) {
        char t = r.p().sliceType() == null ? '?' : Character.toLowerCase(r.p().sliceType().name().charAt(0));
        if (k == SliceKind.ALL || t == k.delimiter()) {
          acc.add(filtered ? r.filtered() : r.base());
          bits += r.p().baseBits() + (filtered ? r.p().filterBits() : 0);
          n++;
          cf = info.chromaFormat();
        }
      }
      out.add(n == 0 ? SummaryRow.empty(k) : SummaryRow.of(k, n, bits, fps, psnrOf(acc, cf)));
    }
    return Summary.of(out);
  }

  private static Psnr psnr(PsnrAccumulator acc, SequenceInfo info) {
    return psnrOf(acc, info.chromaFormat());
  }

  private static Psnr psnrOf(PsnrAccumulator acc, ChromaFormat cf) {
    if (cf == ChromaFormat.CF400) {
      return Psnr.lumaOnly(acc.averagePsnr(0));
    }
    return new Psnr(acc.averagePsnr(0), acc.averagePsnr(1), acc.averagePsnr(2), acc.yuvPsnr());
  }

  private static Path siblingCsv(Path json) {
    String n = json.getFileName().toString();
    String base = n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    return json.resolveSibling(base + ".csv");
  }

  private Strategy parseStrategy() {
    return switch (strategy.toLowerCase(Locale.ROOT)) {
      case "worst", "worst_case", "worst-case" -> Strategy.WORST_CASE;
      case "approx", "approximate" -> Strategy.APPROXIMATE;
      case "measured" -> Strategy.MEASURED;
      default -> throw new NnpfException("--strategy: '" + strategy + "' is not worst, approx or measured");
    };
  }

  private PictureHashType hashType() {
    return switch (hash) {
      case 0 -> null;
      case 1 -> PictureHashType.MD5;
      case 2 -> PictureHashType.CRC;
      case 3 -> PictureHashType.CHECKSUM;
      default -> throw new NnpfException("-dph: " + hash + " is not 0 (none), 1 (MD5), 2 (CRC) or 3 (checksum)");
    };
  }

  private void checkOptions() throws IOException {
    if (qp < 0 || qp > 51) {
      throw new NnpfException("-q: QP " + qp + " is not in 0..51");
    }
    if (threads < 1 || threads > 64) {
      throw new NnpfException("--threads: " + threads + " is not in 1..64");
    }
    if (accBits != 16 && accBits != 24 && accBits != 32) {
      throw new NnpfException("--acc-bits: " + accBits + " is not 16, 24 or 32");
    }
    if (!patch.matches("(?i)[1-9][0-9]*x[1-9][0-9]*")) {
      throw new NnpfException("--patch: '" + patch + "' is not WxH");
    }
    if (!Files.isRegularFile(input)) {
      throw new NnpfException(input + ": input file not found (-i)");
    }
    for (Path p : new Path[] {bitstream, recon, report}) {
      if (p != null && Files.exists(input) && Files.exists(p) && Files.isSameFile(p, input)) {
        throw new NnpfException(p + ": an output path is the input file (-i)");
      }
    }
    if (recon != null && recon.toAbsolutePath().normalize().equals(bitstream.toAbsolutePath().normalize())) {
      throw new NnpfException(recon + ": -o and -b name the same file");
    }
    if (noPostfilter && noOverfit) {
      throw new NnpfException("--no-overfit has no effect with --no-postfilter; give one of them");
    }
  }

  /** Progress bars for the long steps (only on an interactive terminal, never with --quiet). */
  private static final class ProgressListener implements NnpfEncoder.Listener, AutoCloseable {
    private final boolean quiet;
    private Progress current;

    ProgressListener(boolean quiet) {
      this.quiet = quiet;
    }

    @Override
    public IntConsumer step(String step, int total) {
      close();
      current = Progress.start(step, total, "pictures", quiet);
      Progress p = current;
      return n -> p.advance(n - p.done());
    }

    @Override
    public void close() {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }
}
