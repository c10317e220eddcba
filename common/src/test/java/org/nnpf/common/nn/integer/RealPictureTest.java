package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.integer.InferenceOptions.Kernel;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Scalar, vector and reference paths on the first frame of real sequences from ../shared/data
 * (skipped when the folder is absent, e.g. on a fresh clone).
 */
class RealPictureTest {
  private static Path data() {
    return Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/data/eval");
  }

  private static Picture firstFrame(String name, int w, int h, int bitDepth) throws IOException {
    Path f = data().resolve(name);
    assumeTrue(Files.isRegularFile(f), "no " + f);
    Picture p = new Picture(w, h, bitDepth, ChromaFormat.CF420);
    int bytes = bitDepth > 8 ? 2 : 1;
    try (InputStream in = Files.newInputStream(f)) {
      for (int c = 0; c < 3; c++) {
        short[] s = p.plane(c).samples();
        byte[] b = in.readNBytes(s.length * bytes);
        assertEquals(s.length * bytes, b.length, "short file " + f);
        for (int i = 0; i < s.length; i++) {
          s[i] = (short) (bytes == 1 ? b[i] & 0xFF : (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8);
        }
      }
    }
    return p;
  }

  private static void check(Picture in, int qp) {
    Model m = ModelFactory.polyphasePostFilter(8, 4, 17);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), qp, in);
    Picture ref = IntegerReference.run(net, in, qp).output();
    for (Kernel k : Kernel.values()) {
      try (IntegerInference inf = new IntegerInference(net,
          InferenceOptions.defaults().withKernel(k).withThreads(2).withPatch(37, 23))) {
        assertEquals(ref, inf.apply(in, qp), k + " on " + in);
      }
    }
  }

  @Test
  void foremanFirstFrame8BitMatchesTheReference() throws IOException {
    check(firstFrame("foreman_qcif_176x144_10f.yuv", 176, 144, 8), 37);
  }

  @Test
  void sparksFirstFrame10BitMatchesTheReference() throws IOException {
    check(firstFrame("sparks_480x270_5f_yuv420p10le.yuv", 480, 270, 10), 27);
  }
}
