package org.nnpf.encoder.pipeline;

import java.util.List;
import java.util.function.IntConsumer;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.CodedPictureInfo;
import org.nnpf.common.codec.DecodedPicture;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.codec.SliceType;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.picture.Picture;

/**
 * Base coding (docs/encoder.md step 2): the base codec codes the sequence, and its stream is
 * decoded back picture by picture into the pictures every decoder will see.
 */
public final class BaseCodingPass {
  private BaseCodingPass() {}

  /**
   * The base stream, the decoded pictures (output order, in a temporary file), and per picture in
   * output order its coding index, slice type and bits.
   */
  public record Result(EncodedStream stream, List<Picture> decoded, int[] codingIndexOf, SliceType[] sliceOf,
      long[] bitsOf, double seconds) {}

  /** Codes {@code originals} (display order) with {@code base}; {@code progress} gets the pictures coded. */
  public static Result run(EncoderConfig base, List<Picture> originals, IntConsumer progress, Resources owned) {
    long t0 = System.nanoTime();
    EncodedStream es;
    try (BaseEncoder enc = new BaseEncoder(base)) {
      int n = 0;
      for (Picture p : originals) {
        enc.encode(p);
        progress.accept(++n);
      }
      enc.flush();
      es = enc.result();
    }
    PictureStore decodedStore = owned.store("decoded pictures");
    List<Picture> decoded = decodedStore.pictures();
    try (BaseDecoder dec = new BaseDecoder(base.codec(), base.threads(), "base stream")) {
      java.util.function.Consumer<DecodedPicture> sink = d -> decodedStore.add(d.picture());
      byte[] b = es.bytes();
      dec.feed(b, 0, b.length, sink);
      dec.finish(sink);
    }
    if (decoded.size() != originals.size()) {
      throw new NnpfException("the base decoder output " + decoded.size() + " pictures for "
          + originals.size() + " coded");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    // coding order -> display order
    int[] codingIndexOf = new int[originals.size()];
    SliceType[] sliceOf = new SliceType[originals.size()];
    long[] bitsOf = new long[originals.size()];
    for (CodedPictureInfo c : es.pictures()) {
      int d = (int) c.displayIndex();
      codingIndexOf[d] = c.codingIndex();
      sliceOf[d] = c.sliceType();
      bitsOf[d] = c.bits();
    }
    return new Result(es, decoded, codingIndexOf, sliceOf, bitsOf, seconds);
  }
}
