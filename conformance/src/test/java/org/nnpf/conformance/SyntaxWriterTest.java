package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.NnpfUnit;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessageReader;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.UnsupportedNnpfMessage;
import org.nnpf.common.codec.BaseCodec;

/** The independent syntax writer agrees with the project's writer, and its overrides change exactly one element. */
class SyntaxWriterTest {
  @Test
  void writesEveryMessageOfTheSuiteAsTheProjectWriterDoes() {
    int n = 0;
    for (String name : SuiteFiles.streamNames(Dirs.suite())) {
      byte[] stream = SuiteRunner.readAll(SuiteFiles.bitstream(Dirs.suite(), name));
      BaseCodec codec = BaseCodec.detect(stream, stream.length).orElseThrow();
      List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(stream, NalCodec.of(codec));
      for (ExtractedAccessUnit au : aus) {
        for (NnpfUnit u : au.nnpfUnits()) {
          if (u.message() instanceof UnsupportedNnpfMessage) {
            continue;
          }
          assertArrayEquals(NnpfMessageWriter.toBytes(u.message()), new SyntaxWriter().write(u.message()),
              name + " access unit " + au.index() + ": " + u.message());
          n++;
        }
      }
    }
    assertTrue(n > 60, "messages compared: " + n);
  }

  @Test
  void anOverriddenElementIsReportedByTheReaderAtThatElement() {
    byte[] b = new SyntaxWriter().set("nnpf_version_major", 3).write(NnpfActivation.activate(5, true));
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(b));
    assertEquals("nnpf_version_major", e.syntaxElement());
    assertEquals(1, e.byteOffset());
  }

  @Test
  void anOverrideOfAnElementTheMessageDoesNotHaveIsRefused() {
    SyntaxWriter w = new SyntaxWriter().set("nnpfps_id", 3);
    assertThrows(IllegalStateException.class, () -> w.write(NnpfActivation.cancel(1)));
  }

  @Test
  void writesTheExpGolombExamplesOfTheSpecification() {
    // docs/bitstream-syntax.md section 10: persistent activation of 5 and the aux-value activation
    assertArrayEquals(new byte[] {1, 1, 0, 5, 0x40}, new SyntaxWriter().write(NnpfActivation.activate(5, true)));
    assertArrayEquals(new byte[] {1, 1, 0, 0, 0x20, 0x7D, 0},
        new SyntaxWriter().write(NnpfActivation.activate(0, false, 1000)));
  }

  @Test
  void itsArithmeticEncoderWritesTheProjectsBytes() {
    // the golden vector of docs/bitstream-syntax.md section 10, then random tensors of every kind
    assertArrayEquals(new byte[] {0x4F, (byte) 0xCE, 0x55, (byte) 0xAD, (byte) 0x88, 0x20},
        SyntaxWriter.ArithmeticEncoder.encode(new int[] {0, 1, -1, 0, 0, 3, -7, 0, 2, 40}));
    java.util.Random rnd = new java.util.Random(12);
    for (int t = 0; t < 3000; t++) {
      int n = rnd.nextInt(4) == 0 ? rnd.nextInt(1000) : rnd.nextInt(30);
      int[] v = new int[n];
      int mode = rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        v[i] = mode == 0 ? (rnd.nextInt(3) == 0 ? rnd.nextInt(3) - 1 : 0) : mode == 1 ? rnd.nextInt()
            : mode == 2 ? (rnd.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE) : (int) (rnd.nextGaussian() * 20);
      }
      assertArrayEquals(org.nnpf.bitstream.nnpf.TensorArithmeticCode.encode(v), SyntaxWriter.ArithmeticEncoder.encode(v),
          "tensor " + t);
    }
  }
}
