package org.nnpf.training.data;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Builds the (original, reconstruction, QP) pairs of base-model training by coding the still
 * images of a training folder with the base codec:
 *
 * <ul>
 *   <li><b>all-intra</b>: each image (centre-cropped to at most {@code maxWidth x maxHeight}) coded
 *       as one intra picture at {@code intraQps} QPs, stratified over 22..42 (QP k of n drawn
 *       uniformly from {@code [22 + 21k/n, 22 + 21(k+1)/n)});
 *   <li><b>inter</b>: a synthetic pan over the image (a {@code panWidth x panHeight} window moving
 *       by a random whole-sample velocity of at most 4 samples per picture, {@code panFrames}
 *       pictures), coded with random access, and with low delay on every second image, each at one
 *       random QP in 22..42. The originals are pristine and the reconstructions carry real inter
 *       coding artifacts (skipped blocks, bi-prediction, QP cascading).
 * </ul>
 *
 * <p>Video clips (any file FFmpeg reads, in {@code videoDir}, sorted): the first {@code clipFrames}
 * pictures (converted to 8-bit 4:2:0, centre-cropped to {@code panWidth*5/3 x panHeight*3/2}),
 * coded with random access and with low delay, each at one random QP in 22..42. The clips are
 * already compressed: they bring real motion to the inter-coding artifacts, not pristine
 * originals; all go to the training set.
 *
 * <p>Images whose sorted index i satisfies {@code i % validationEvery == validationEvery - 1} go to
 * the validation set instead of the training set. Everything is drawn from generators seeded with
 * {@code (seed, image index)}, so a dataset is reproducible. Refuses any folder with a path
 * component named {@code eval}.
 */
public final class DatasetBuilder {
  /** The lowest QP of the dataset of the first base models ({@link Options#minQp} chooses). */
  public static final int MIN_QP = 22;
  public static final int MAX_QP = 42;

  /** Options; {@link #describe()} is stored with a cached dataset. */
  public record Options(
      long seed,
      int intraQps,
      int panFrames,
      int panWidth,
      int panHeight,
      int maxWidth,
      int maxHeight,
      int validationEvery,
      String preset,
      int clipFrames,
      int minQp,
      boolean avc) {
    public Options {
      Preconditions.checkArgument(minQp >= 0 && minQp < MAX_QP, "minQp %s", minQp);
      Preconditions.checkArgument(intraQps >= 0 && panFrames >= 0, "counts must not be negative");
      Preconditions.checkArgument(panWidth % 2 == 0 && panHeight % 2 == 0 && maxWidth % 2 == 0 && maxHeight % 2 == 0, "sizes must be even");
      Preconditions.checkArgument(validationEvery >= 2, "validationEvery %s", validationEvery);
    }

    /** The dataset of the first base models: HEVC only, QPs 22..42. */
    public Options(long seed, int intraQps, int panFrames, int panWidth, int panHeight, int maxWidth, int maxHeight,
        int validationEvery, String preset, int clipFrames) {
      this(seed, intraQps, panFrames, panWidth, panHeight, maxWidth, maxHeight, validationEvery, preset, clipFrames,
          MIN_QP, false);
    }

    public static Options defaults(long seed) {
      return new Options(seed, 2, 9, 384, 256, 1024, 768, 10, "medium", 17);
    }

    /** Version 2 (base model v2): QPs 17..42, low-delay pans and clips coded with x264 (AVC). */
    public static Options v2(long seed, int intraQps, String preset, int clipFrames) {
      return new Options(seed, intraQps, 9, 384, 256, 1024, 768, 10, preset, clipFrames, 17, true);
    }

    public String describe() {
      String d = String.format(Locale.ROOT,
          "HEVC preset %s; all-intra %d QPs per image in %d..%d; pans of %d pictures %dx%d (RA all, LDB every 2nd image); images cropped to %dx%d; validation every %dth image; clips: first %d pictures, RA and LDB; seed %d",
          preset, intraQps, minQp, MAX_QP, panFrames, panWidth, panHeight, maxWidth, maxHeight, validationEvery, clipFrames, seed);
      return avc ? d + "; low delay coded with x264 (AVC, same preset) instead of x265" : d;
    }

    /** The codec of low-delay coding. */
    BaseCodec lowDelayCodec() {
      return avc ? BaseCodec.AVC : BaseCodec.HEVC;
    }
  }

  /** The two sets. */
  public record Dataset(List<CodedPair> training, List<CodedPair> validation) {}

  private DatasetBuilder() {}

  /** Throws if {@code dir} has a path component named "eval" (never train on evaluation data). */
  public static void refuseEvaluationData(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    for (Path part : abs) {
      if (part.toString().equalsIgnoreCase("eval")) {
        throw new NnpfException("refusing to train on " + dir + ": it lies in an 'eval' folder (evaluation data must never be trained on)");
      }
    }
  }

  public static Dataset build(Path imageDir, Path videoDir, Options o, PrintStream log) {
    refuseEvaluationData(imageDir);
    if (videoDir != null) {
      refuseEvaluationData(videoDir);
    }
    List<Path> files = TrainingImages.list(imageDir);
    if (files.isEmpty()) {
      throw new NnpfException("no training image (png, jpg, *_WxH_yuv444p.yuv) under " + imageDir);
    }
    List<CodedPair> train = new ArrayList<>();
    List<CodedPair> val = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      boolean isVal = i % o.validationEvery() == o.validationEvery() - 1;
      List<CodedPair> dst = isVal ? val : train;
      SplittableRandom r = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + i);
      Picture img = centreCrop(TrainingImages.load(f), o.maxWidth(), o.maxHeight());
      String name = imageDir.relativize(f).toString();
      for (int k = 0; k < o.intraQps(); k++) {
        int lo = o.minQp() + (MAX_QP - o.minQp() + 1) * k / o.intraQps();
        int hi = o.minQp() + (MAX_QP - o.minQp() + 1) * (k + 1) / o.intraQps();
        int qp = lo + r.nextInt(Math.max(1, hi - lo));
        List<Picture> rec = code(List.of(img), CodingStructure.ALL_INTRA, qp, o.preset(), name);
        dst.add(new CodedPair(name + " ai", img, rec.get(0), qp));
      }
      if (o.panFrames() > 1 && img.width() >= o.panWidth() && img.height() >= o.panHeight()) {
        List<Picture> pan = pan(img, o.panWidth(), o.panHeight(), o.panFrames(), r);
        int qpRa = o.minQp() + r.nextInt(MAX_QP - o.minQp() + 1);
        addAll(dst, name + " pan ra", pan, code(pan, CodingStructure.RANDOM_ACCESS, qpRa, o.preset(), name), qpRa);
        int qpLd = o.minQp() + r.nextInt(MAX_QP - o.minQp() + 1);
        if (i % 2 == 0) {
          addAll(dst, name + " pan ldb", pan,
              code(pan, CodingStructure.LOW_DELAY_B, qpLd, o.preset(), name, o.lowDelayCodec()), qpLd);
        }
      }
      log.printf(Locale.ROOT, "dataset: %d/%d %s %dx%d%s (%.0f s)%n", i + 1, files.size(), name, img.width(), img.height(),
          isVal ? " [validation]" : "", (System.nanoTime() - t0) / 1e9);
      log.flush();
    }
    if (videoDir != null && o.clipFrames() > 1) {
      addClips(videoDir, o, train, log, t0);
    }
    return new Dataset(train, val);
  }

  private static void addClips(Path videoDir, Options o, List<CodedPair> train, PrintStream log, long t0) {
    List<Path> clips;
    try (java.util.stream.Stream<Path> st = java.nio.file.Files.list(videoDir)) {
      clips = st.filter(java.nio.file.Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw new NnpfException("cannot list " + videoDir + ": " + e.getMessage(), e);
    }
    int cw = o.panWidth() * 5 / 3 & ~1;
    int ch = o.panHeight() * 3 / 2 & ~1;
    for (int i = 0; i < clips.size(); i++) {
      Path f = clips.get(i);
      SplittableRandom r = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + 100_000 + i);
      List<Picture> frames = new ArrayList<>();
      try (org.nnpf.common.codec.MediaSource m = org.nnpf.common.codec.MediaSource.open(f, 8, ChromaFormat.CF420, 1)) {
        Picture p;
        while (frames.size() < o.clipFrames() && (p = m.next()) != null) {
          frames.add(centreCrop(evenSize(p), cw, ch));
        }
      }
      if (frames.size() < 2) {
        continue;
      }
      String name = videoDir.getFileName() + "/" + f.getFileName();
      int qpRa = o.minQp() + r.nextInt(MAX_QP - o.minQp() + 1);
      addAll(train, name + " ra", frames, code(frames, CodingStructure.RANDOM_ACCESS, qpRa, o.preset(), name), qpRa);
      int qpLd = o.minQp() + r.nextInt(MAX_QP - o.minQp() + 1);
      addAll(train, name + " ldb", frames,
          code(frames, CodingStructure.LOW_DELAY_B, qpLd, o.preset(), name, o.lowDelayCodec()), qpLd);
      log.printf(Locale.ROOT, "dataset: clip %d/%d %s %d pictures %dx%d (%.0f s)%n", i + 1, clips.size(), name, frames.size(),
          frames.get(0).width(), frames.get(0).height(), (System.nanoTime() - t0) / 1e9);
      log.flush();
    }
  }

  /** {@code p} cropped to even width and height. */
  static Picture evenSize(Picture p) {
    int w = p.width() & ~1;
    int h = p.height() & ~1;
    return w == p.width() && h == p.height() ? p : crop(p, 0, 0, w, h);
  }

  private static void addAll(List<CodedPair> dst, String label, List<Picture> orig, List<Picture> rec, int qp) {
    for (int t = 0; t < orig.size(); t++) {
      dst.add(new CodedPair(label + " #" + t, orig.get(t), rec.get(t), qp));
    }
  }

  /** Codes {@code pics} with HEVC and returns the decoded pictures in display order. */
  public static List<Picture> code(List<Picture> pics, CodingStructure s, int qp, String preset, String what) {
    return code(pics, s, qp, preset, what, BaseCodec.HEVC);
  }

  /** Codes {@code pics} with {@code codec} and returns the decoded pictures in display order. */
  public static List<Picture> code(List<Picture> pics, CodingStructure s, int qp, String preset, String what,
      BaseCodec codec) {
    Picture p0 = pics.get(0);
    EncoderConfig cfg = EncoderConfig.builder()
        .codec(codec)
        .size(p0.width(), p0.height())
        .bitDepth(p0.bitDepth())
        .chromaFormat(p0.chromaFormat())
        .qp(qp)
        .structure(s)
        .preset(preset)
        .threads(1)
        .build();
    EncodedStream es = BaseEncoder.encode(cfg, pics);
    List<Picture> rec = BaseDecoder.decodeAll(es.bytes(), codec, 1);
    if (rec.size() != pics.size()) {
      throw new NnpfException(what + ": " + pics.size() + " pictures coded, " + rec.size() + " decoded");
    }
    return rec;
  }

  /** The centre {@code min(w, maxW) x min(h, maxH)} part of {@code p} (even offsets). */
  public static Picture centreCrop(Picture p, int maxW, int maxH) {
    int w = Math.min(p.width(), maxW) & ~1;
    int h = Math.min(p.height(), maxH) & ~1;
    if (w == p.width() && h == p.height()) {
      return p;
    }
    return crop(p, ((p.width() - w) / 2) & ~1, ((p.height() - h) / 2) & ~1, w, h);
  }

  /** The {@code w x h} window of a 4:2:0 picture at luma (x0, y0), all even. */
  public static Picture crop(Picture p, int x0, int y0, int w, int h) {
    Preconditions.checkArgument(p.chromaFormat() == ChromaFormat.CF420, "crop of %s", p);
    Picture c = new Picture(w, h, p.bitDepth(), ChromaFormat.CF420);
    for (int k = 0; k < 3; k++) {
      int sh = k == 0 ? 0 : 1;
      short[] src = p.plane(k).samples();
      short[] dst = c.plane(k).samples();
      int sw = p.plane(k).width();
      int dw = c.plane(k).width();
      for (int y = 0; y < c.plane(k).height(); y++) {
        System.arraycopy(src, ((y0 >> sh) + y) * sw + (x0 >> sh), dst, y * dw, dw);
      }
    }
    return c;
  }

  /** A pan of {@code n} windows over {@code img} with a random even velocity. */
  static List<Picture> pan(Picture img, int w, int h, int n, SplittableRandom r) {
    int spanX = img.width() - w;
    int spanY = img.height() - h;
    int maxVx = Math.min(4, spanX / Math.max(1, n - 1)) & ~1;
    int maxVy = Math.min(4, spanY / Math.max(1, n - 1)) & ~1;
    int vx = maxVx == 0 ? 0 : 2 * (r.nextInt(maxVx + 1) - maxVx / 2);
    int vy = maxVy == 0 ? 0 : 2 * (r.nextInt(maxVy + 1) - maxVy / 2);
    vx = Math.max(-maxVx, Math.min(maxVx, vx));
    vy = Math.max(-maxVy, Math.min(maxVy, vy));
    int x0 = vx >= 0 ? 0 : -vx * (n - 1);
    int y0 = vy >= 0 ? 0 : -vy * (n - 1);
    int fx = spanX - Math.abs(vx) * (n - 1);
    int fy = spanY - Math.abs(vy) * (n - 1);
    x0 += fx > 0 ? r.nextInt(fx / 2 + 1) * 2 : 0;
    y0 += fy > 0 ? r.nextInt(fy / 2 + 1) * 2 : 0;
    List<Picture> out = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      out.add(crop(img, x0 + vx * t, y0 + vy * t, w, h));
    }
    return out;
  }
}
