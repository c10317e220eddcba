package org.nnpf.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.refine.RefinementTool;

/** The refinement stage's fit over the sequence does not depend on the thread count. */
class RefinementPassTest {
  private static List<Picture> synthetic(int n, long seed) {
    SequenceInfo info = new SequenceInfo(72, 40, 8, ChromaFormat.CF420, 30, 1, n);
    List<Picture> l = new ArrayList<>();
    try (SyntheticSource src = new SyntheticSource(info, seed)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        l.add(p);
      }
    }
    return l;
  }

  /** A crude "decoded" picture: the original with every sample rounded to a multiple of 8. */
  private static Picture coarse(Picture p) {
    Picture q = p.copy();
    for (int c = 0; c < q.planeCount(); c++) {
      short[] s = q.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) (s[i] & ~7);
      }
    }
    return q;
  }

  @Test
  void theStandAloneRefinementIsTheSameOnOneTwoAndThreeThreads() {
    List<Picture> orig = synthetic(5, 7);
    List<Picture> dec = orig.stream().map(RefinementPassTest::coarse).toList();
    Form[] forms = new Form[3];
    String[] logs = new String[3];
    for (int t = 1; t <= 3; t++) {
      StringBuilder log = new StringBuilder();
      try (Resources owner = new Resources()) {
        Optional<Form> f = RefinementPass.refinedForm("alone", null, 0, orig, dec, null, 50.0,
            EnumSet.allOf(RefinementTool.class), log, owner, t);
        assertTrue(f.isPresent(), "the FIR pays on a quantized picture");
        Form form = f.get();
        forms[t - 1] = new Form(form.label(), null, form.refinement(), form.gain(), List.copyOf(form.filtered()));
        logs[t - 1] = log.toString();
      }
    }
    for (int t = 1; t < 3; t++) {
      assertEquals(logs[0], logs[t], (t + 1) + " threads");
      assertArrayEquals(NnpfMessageWriter.toBytes(forms[0].refinement()), NnpfMessageWriter.toBytes(forms[t].refinement()));
      assertArrayEquals(forms[0].gain(), forms[t].gain(), (t + 1) + " threads");
      assertEquals(forms[0].filtered(), forms[t].filtered(), (t + 1) + " threads");
    }
  }
}
