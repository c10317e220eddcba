package org.nnpf.common.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Encode and decode speed of the base codec, printed as a Markdown table for {@code
 * docs/performance.md}. Pictures are generated (or read from {@code --input}) into memory first,
 * so only the codec is timed: encoding from the first picture handed over to the end of the
 * flush (encoder opening included), decoding of the whole stream from memory; each is repeated
 * ({@value #ENCODE_RUNS} and {@value #DECODE_RUNS} times) and the fastest run counts, so that
 * other processes on a shared machine disturb the figures less. One warm-up round runs first.
 *
 * <p>Usage: {@code CodecBenchmark [--qp 32] [--sizes 352x288,1280x720] [--codecs hevc,avc]
 * [--presets medium,veryfast] [--threads 1,2] [--frames 32] [--bitdepth 8] [--input FILE]}.
 * With {@code --input} the file's first {@code --frames} pictures (converted to 4:2:0) replace
 * the generated content and {@code --sizes} is ignored.
 */
public final class CodecBenchmark {
  /** Encodes per measurement; the fastest counts (the machine may be shared). */
  static final int ENCODE_RUNS = 3;

  /** Decodes per measurement; the fastest counts. */
  static final int DECODE_RUNS = 5;

  private CodecBenchmark() {}

  public static void main(String[] args) throws IOException {
    String sizes = "352x288,1280x720";
    String codecs = "hevc,avc";
    String presets = "medium,veryfast";
    String threads = "1,2";
    int qp = 32;
    int frames = 32;
    int bitDepth = 8;
    Path input = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes" -> sizes = args[i + 1];
        case "--codecs" -> codecs = args[i + 1];
        case "--presets" -> presets = args[i + 1];
        case "--threads" -> threads = args[i + 1];
        case "--qp" -> qp = Integer.parseInt(args[i + 1]);
        case "--frames" -> frames = Integer.parseInt(args[i + 1]);
        case "--bitdepth" -> bitDepth = Integer.parseInt(args[i + 1]);
        case "--input" -> input = Path.of(args[i + 1]);
        default -> throw new NnpfException("unknown option " + args[i]);
      }
    }
    List<Integer> threadCounts = new ArrayList<>();
    for (String t : threads.split(",")) {
      threadCounts.add(Integer.parseInt(t.trim()));
    }
    List<List<Picture>> contents = new ArrayList<>();
    if (input != null) {
      contents.add(read(input, frames, bitDepth));
    } else {
      for (String s : sizes.split(",")) {
        String[] wh = s.trim().split("x");
        MovingPattern mp = new MovingPattern(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), bitDepth, ChromaFormat.CF420);
        List<Picture> pics = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
          pics.add(mp.picture(t));
        }
        contents.add(pics);
      }
    }
    warmUp();
    System.out.printf(Locale.ROOT, "QP %d, random access, %d-bit 4:2:0, %d frames, content: %s%n%n", qp, bitDepth, frames,
        input != null ? input.getFileName() : "generated moving pattern");
    StringBuilder head = new StringBuilder("| codec | size | preset |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    for (int t : threadCounts) {
      head.append(" encode fps, ").append(t).append(" thr |");
      rule.append("---:|");
    }
    for (int t : threadCounts) {
      head.append(" decode fps, ").append(t).append(" thr |");
      rule.append("---:|");
    }
    head.append(" kbit/s | Y-PSNR |");
    rule.append("---:|---:|");
    System.out.println(head);
    System.out.println(rule);
    for (String c : codecs.split(",")) {
      BaseCodec codec = BaseCodec.parse(c);
      for (List<Picture> pics : contents) {
        for (String preset : presets.split(",")) {
          Picture first = pics.get(0);
          EncoderConfig base =
              EncoderConfig.builder().codec(codec).qp(qp).preset(preset.trim())
                  .size(first.width(), first.height()).bitDepth(bitDepth).build();
          StringBuilder row = new StringBuilder();
          row.append(String.format(Locale.ROOT, "| %s | %dx%d | %s |", codec, first.width(), first.height(), preset.trim()));
          EncodedStream stream = null;
          for (int t : threadCounts) {
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < ENCODE_RUNS; rep++) {
              long t0 = System.nanoTime();
              stream = BaseEncoder.encode(base.toBuilder().threads(t).build(), pics);
              best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            row.append(String.format(Locale.ROOT, " %.1f |", pics.size() / best));
          }
          byte[] bytes = stream.bytes();
          List<Picture> decoded = null;
          for (int t : threadCounts) {
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < DECODE_RUNS; rep++) {
              long t0 = System.nanoTime();
              decoded = BaseDecoder.decodeAll(bytes, codec, t);
              best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            row.append(String.format(Locale.ROOT, " %.1f |", pics.size() / best));
          }
          double sse = 0;
          long n = 0;
          for (int i = 0; i < pics.size(); i++) {
            sse += PlanePsnr.sse(pics.get(i).plane(0), decoded.get(i).plane(0));
            n += (long) first.width() * first.height();
          }
          row.append(String.format(Locale.ROOT, " %.1f | %.2f |", stream.bitrateKbps(), PlanePsnr.psnr(sse, n, bitDepth)));
          System.out.println(row);
        }
      }
    }
  }

  private static List<Picture> read(Path file, int frames, int bitDepth) throws IOException {
    List<Picture> pics = new ArrayList<>();
    try (MediaSource src = MediaSource.open(file, bitDepth, ChromaFormat.CF420, 1)) {
      Picture p;
      while (pics.size() < frames && (p = src.next()) != null) {
        pics.add(p);
      }
    }
    if (pics.isEmpty()) {
      throw new NnpfException(file + ": no picture");
    }
    return pics;
  }

  private static void warmUp() {
    MovingPattern mp = new MovingPattern(128, 96, 8, ChromaFormat.CF420);
    List<Picture> pics = new ArrayList<>();
    for (int t = 0; t < 9; t++) {
      pics.add(mp.picture(t));
    }
    for (BaseCodec codec : List.of(BaseCodec.HEVC, BaseCodec.AVC)) {
      EncodedStream s =
          BaseEncoder.encode(EncoderConfig.builder().codec(codec).preset("ultrafast").size(128, 96).build(), pics);
      BaseDecoder.decodeAll(s.bytes(), codec, 1);
    }
  }
}
