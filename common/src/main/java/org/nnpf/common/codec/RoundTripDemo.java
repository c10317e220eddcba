package org.nnpf.common.codec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nnpf.common.NnpfException;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.metrics.PsnrAccumulator;
import org.nnpf.common.picture.ChromaFormat;

/**
 * Base-codec round trip on generated content: encodes {@link SyntheticSource} pictures at a fixed
 * QP, decodes the stream, checks the picture count and prints per-picture bits and PSNR and an
 * HM-style summary with rows a, i, p, b ({@link PsnrAccumulator}: bitrate = bits * fps / 1000 /
 * frames; per-plane PSNR with peak 255 << (bitDepth - 8), 999.99 for identical planes, averaged
 * over pictures; YUV-PSNR from the mean MSEs weighted 4:1:1 for 4:2:0).
 *
 * <p>Usage: {@code RoundTripDemo [--codec hevc|avc] [--qp 32] [--structure ra|ldb|ai]
 * [--preset medium] [--threads 1] [--frames 17] [--size 352x288] [--bitdepth 8]
 * [--chroma 420] [--fps 30] [--intra-period 0] [--seed 1] [--output file.265]}. Exit code 0 on success,
 * 1 on a user error (message on stderr).
 */
public final class RoundTripDemo {
  private RoundTripDemo() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the demo; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Map<String, String> opt = parse(args);
      if (opt.containsKey("help")) {
        out.println(usage());
        return 0;
      }
      String[] size = opt.getOrDefault("size", "352x288").toLowerCase(Locale.ROOT).split("x");
      if (size.length != 2) {
        throw new NnpfException("--size '" + opt.get("size") + "' is not WIDTHxHEIGHT");
      }
      int frames = intOpt(opt, "frames", 17);
      if (frames < 1) {
        throw new NnpfException("--frames " + frames + " is not positive");
      }
      EncoderConfig cfg =
          EncoderConfig.builder()
              .codec(BaseCodec.parse(opt.getOrDefault("codec", "hevc")))
              .qp(intOpt(opt, "qp", 32))
              .structure(CodingStructure.parse(opt.getOrDefault("structure", "ra")))
              .preset(opt.getOrDefault("preset", "medium"))
              .threads(intOpt(opt, "threads", 1))
              .size(parseInt("size", size[0]), parseInt("size", size[1]))
              .bitDepth(intOpt(opt, "bitdepth", 8))
              .chromaFormat(ChromaFormat.parse(opt.getOrDefault("chroma", "420")))
              .frameRate(intOpt(opt, "fps", 30))
              .intraPeriod(intOpt(opt, "intra-period", 0))
              .build();
      long seed = opt.containsKey("seed") ? parseInt("seed", opt.get("seed")) : 1;
      roundTrip(cfg, frames, seed, opt.containsKey("output") ? Path.of(opt.get("output")) : null, out);
      return 0;
    } catch (NnpfException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static void roundTrip(EncoderConfig cfg, int frames, long seed, Path output, PrintStream out) {
    SyntheticSource content = new SyntheticSource(cfg.sequenceInfo().withFrameCount(frames), seed);
    out.printf(Locale.ROOT, "nnpf base-codec round trip: %s%n", cfg);
    out.printf(Locale.ROOT, "input: %d synthetic pictures (seed %d)%n", frames, seed);
    long t0 = System.nanoTime();
    EncodedStream stream;
    try (BaseEncoder enc = new BaseEncoder(cfg)) {
      for (int i = 0; i < frames; i++) {
        enc.encode(content.frame(i));
      }
      enc.flush();
      stream = enc.result();
    }
    long t1 = System.nanoTime();
    PicturePsnr[] psnr = new PicturePsnr[frames];
    int[] decoded = {0};
    BaseDecoder.decode(
        stream.bytes(), cfg.codec(), 1, "encoded stream",
        d -> {
          int i = d.outputIndex();
          if (i >= frames) {
            throw new NnpfException("the decoder output more pictures than the " + frames + " encoded");
          }
          psnr[i] = PicturePsnr.of(content.frame(i), d.picture());
          decoded[0]++;
        });
    long t2 = System.nanoTime();
    if (decoded[0] != frames) {
      throw new NnpfException("decoded " + decoded[0] + " pictures, encoded " + frames);
    }
    for (CodedPictureInfo p : stream.pictures()) {
      PicturePsnr q = psnr[(int) p.displayIndex()];
      out.printf(
          Locale.ROOT,
          "POC %4d ( %s-SLICE, QP %d ) %10d bits [Y %7.4f dB    U %7.4f dB    V %7.4f dB]%n",
          p.displayIndex(), p.sliceType(), cfg.qp(), p.bits(), q.psnr(0), chroma(q, 1), chroma(q, 2));
    }
    out.println();
    out.println("SUMMARY --------------------------------------------------------");
    summary(out, 'a', stream.pictures(), psnr, cfg.fps());
    Map<SliceType, List<CodedPictureInfo>> byType = new EnumMap<>(SliceType.class);
    for (CodedPictureInfo p : stream.pictures()) {
      byType.computeIfAbsent(p.sliceType(), k -> new ArrayList<>()).add(p);
    }
    for (SliceType t : SliceType.values()) {
      List<CodedPictureInfo> pics = byType.getOrDefault(t, List.of());
      if (!pics.isEmpty()) {
        out.println();
        out.println(t + " Slices--------------------------------------------------------");
        summary(out, Character.toLowerCase(t.name().charAt(0)), pics, psnr, cfg.fps());
      }
    }
    out.println();
    out.printf(Locale.ROOT, "decoded %d of %d pictures: OK%n", decoded[0], frames);
    out.printf(Locale.ROOT, "encode %.3f s (%.1f frames/s), decode %.3f s (%.1f frames/s)%n",
        (t1 - t0) / 1e9, frames / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, frames / ((t2 - t1) / 1e9));
    if (output != null) {
      stream.writeTo(output);
      out.printf(Locale.ROOT, "wrote %d bytes to %s%n", stream.size(), output);
    }
  }

  private static double chroma(PicturePsnr q, int c) {
    return c < q.planeCount() ? q.psnr(c) : 0;
  }

  private static void summary(
      PrintStream out, char kind, List<CodedPictureInfo> pics, PicturePsnr[] psnr, double fps) {
    out.println("\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR ");
    long bits = 0;
    PsnrAccumulator acc = new PsnrAccumulator();
    for (CodedPictureInfo p : pics) {
      bits += p.bits();
      acc.add(psnr[(int) p.displayIndex()]);
    }
    int n = pics.size();
    boolean color = acc.planeCount() == 3;
    out.printf(
        Locale.ROOT,
        "\t %8d    %c %12.4f  %8.4f  %8.4f  %8.4f  %8.4f%n",
        n, kind, bits * fps / 1000.0 / n, acc.averagePsnr(0), color ? acc.averagePsnr(1) : 0,
        color ? acc.averagePsnr(2) : 0, acc.yuvPsnr());
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        m.put("help", "");
        continue;
      }
      if (!a.startsWith("--")) {
        throw new NnpfException("unexpected argument '" + a + "'\n" + usage());
      }
      String key = a.substring(2);
      if (!List.of("codec", "qp", "structure", "preset", "threads", "frames", "size", "bitdepth", "chroma",
          "fps", "intra-period", "seed", "output").contains(key)) {
        throw new NnpfException("unknown option " + a + "\n" + usage());
      }
      if (i + 1 >= args.length) {
        throw new NnpfException("option " + a + " needs a value");
      }
      m.put(key, args[++i]);
    }
    return m;
  }

  private static int intOpt(Map<String, String> m, String key, int def) {
    return m.containsKey(key) ? parseInt(key, m.get(key)) : def;
  }

  private static int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new NnpfException("--" + key + " '" + v + "' is not an integer");
    }
  }

  static String usage() {
    return "usage: RoundTripDemo [--codec hevc|avc] [--qp 32] [--structure ra|ldb|ai] [--preset medium]\n"
        + "                     [--threads 1] [--frames 17] [--size 352x288] [--bitdepth 8] [--chroma 420]\n"
        + "                     [--fps 30] [--intra-period 0] [--seed 1] [--output file.265]";
  }
}
