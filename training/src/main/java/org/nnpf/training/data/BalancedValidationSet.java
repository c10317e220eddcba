package org.nnpf.training.data;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.codec.MediaSource;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * The balanced validation set of base-model training (docs/method-implementation.md 3.2): every
 * held-out source coded at <em>every</em> validation QP, so that the buckets of one QP and of
 * another hold the same content and differ only in the coding.
 *
 * <p>Sources: the held-out images of the training dataset (sorted index {@code i} with {@code i %
 * 10 == 9}, as {@link DatasetBuilder}), each coded all-intra (x265), and as a pan of 9 pictures
 * (the pans of {@link DatasetBuilder}) with random access (x265) and low delay (x264, as dataset
 * version 2); and a held-out segment of each training clip: 9 pictures starting {@link
 * #CLIP_GAP} pictures after the first {@code clipFrames} that training uses (same scene, pictures
 * never trained on), coded with random access and low delay. The first picture of an inter coding
 * is intra-coded and left out.
 *
 * <p>Each pair's label is {@code SOURCE|KIND|t} with KIND {@code ai}, {@code ra} or {@code ldb} and
 * t the picture index in its coding; its QP is the coding's base QP.
 */
public final class BalancedValidationSet {
  /** Pictures between the last training picture of a clip and its held-out segment. */
  public static final int CLIP_GAP = 8;
  /** Pictures of a pan or clip segment. */
  public static final int PICTURES = 9;

  /** One coded picture of the set. */
  public record Item(String source, String kind, int picture, CodedPair pair) {
    public boolean intra() {
      return kind.equals("ai");
    }
  }

  private BalancedValidationSet() {}

  /** The items of cached or new pairs (labels parsed). */
  public static List<Item> items(List<CodedPair> pairs) {
    List<Item> out = new ArrayList<>();
    for (CodedPair p : pairs) {
      String[] f = p.label().split("\\|");
      if (f.length != 3) {
        throw new NnpfException("balanced validation pair label '" + p.label() + "' is not SOURCE|KIND|t");
      }
      out.add(new Item(f[0], f[1], Integer.parseInt(f[2]), p));
    }
    return out;
  }

  /** Codes the set; {@code videoDir} may be null (no clips). */
  public static List<CodedPair> build(Path imageDir, Path videoDir, int[] qps, long seed, String preset, int clipFrames,
      PrintStream log) {
    DatasetBuilder.refuseEvaluationData(imageDir);
    if (videoDir != null) {
      DatasetBuilder.refuseEvaluationData(videoDir);
    }
    Preconditions.checkArgument(qps.length > 0, "no QP");
    DatasetBuilder.Options o = DatasetBuilder.Options.v2(seed, 2, preset, clipFrames);
    List<Path> files = TrainingImages.list(imageDir);
    List<CodedPair> out = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      if (i % o.validationEvery() != o.validationEvery() - 1) {
        continue;
      }
      Path f = files.get(i);
      String name = imageDir.relativize(f).toString().replace('|', '_');
      Picture img = DatasetBuilder.centreCrop(TrainingImages.load(f), o.maxWidth(), o.maxHeight());
      List<Picture> pan = img.width() >= o.panWidth() && img.height() >= o.panHeight()
          ? DatasetBuilder.pan(img, o.panWidth(), o.panHeight(), PICTURES, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i))
          : null;
      for (int qp : qps) {
        out.add(new CodedPair(name + "|ai|0", img,
            DatasetBuilder.code(List.of(img), CodingStructure.ALL_INTRA, qp, preset, name).get(0), qp));
        if (pan != null) {
          addInter(out, name, pan, qp, preset, o.lowDelayCodec());
        }
      }
      log.printf(Locale.ROOT, "validation set: image %s %dx%d%s (%.0f s)%n", name, img.width(), img.height(),
          pan == null ? " (too small for a pan)" : "", (System.nanoTime() - t0) / 1e9);
    }
    if (videoDir != null) {
      for (Path clip : clips(videoDir)) {
        List<Picture> seg = segment(clip, clipFrames, o);
        String name = videoDir.getFileName() + "/" + clip.getFileName();
        if (seg == null) {
          log.println("validation set: clip " + name + " has no held-out segment (too short); left out");
          continue;
        }
        for (int qp : qps) {
          addInter(out, name.replace('|', '_'), seg, qp, preset, o.lowDelayCodec());
        }
        log.printf(Locale.ROOT, "validation set: clip %s %dx%d (%.0f s)%n", name, seg.get(0).width(), seg.get(0).height(),
            (System.nanoTime() - t0) / 1e9);
      }
    }
    if (out.isEmpty()) {
      throw new NnpfException("no held-out image under " + imageDir + " (every 10th image is held out)");
    }
    return out;
  }

  private static void addInter(List<CodedPair> out, String name, List<Picture> pics, int qp, String preset,
      BaseCodec lowDelay) {
    List<Picture> ra = DatasetBuilder.code(pics, CodingStructure.RANDOM_ACCESS, qp, preset, name);
    List<Picture> ld = DatasetBuilder.code(pics, CodingStructure.LOW_DELAY_B, qp, preset, name, lowDelay);
    for (int t = 1; t < pics.size(); t++) {
      out.add(new CodedPair(name + "|ra|" + t, pics.get(t), ra.get(t), qp));
      out.add(new CodedPair(name + "|ldb|" + t, pics.get(t), ld.get(t), qp));
    }
  }

  private static List<Path> clips(Path videoDir) {
    try (java.util.stream.Stream<Path> st = Files.list(videoDir)) {
      return st.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw new NnpfException("cannot list " + videoDir + ": " + e.getMessage(), e);
    }
  }

  /** The held-out segment of a clip, cropped as the dataset crops clips, or null if it is too short. */
  static List<Picture> segment(Path clip, int clipFrames, DatasetBuilder.Options o) {
    int cw = o.panWidth() * 5 / 3 & ~1;
    int ch = o.panHeight() * 3 / 2 & ~1;
    int first = clipFrames + CLIP_GAP;
    List<Picture> seg = new ArrayList<>();
    try (MediaSource m = MediaSource.open(clip, 8, ChromaFormat.CF420, 1)) {
      Picture p;
      int n = 0;
      while (seg.size() < PICTURES && (p = m.next()) != null) {
        if (n++ >= first) {
          seg.add(DatasetBuilder.centreCrop(DatasetBuilder.evenSize(p), cw, ch));
        }
      }
    }
    return seg.size() < PICTURES ? null : seg;
  }
}
