package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.nnpf.bitstream.nal.AccessUnitSplitter;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;

/** The Annex-B NAL unit splitter and the access unit splitter on any bytes, for each codec. */
class NalUnitFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void splitsAnyBytesIntoNalUnitsAndAccessUnits(byte[] data) {
    for (NalCodec codec : NalCodec.values()) {
      Expect.rejectionOnly(() -> {
        List<NalUnit> units = NalUnitStream.split(data, codec);
        // a stream that splits writes back byte for byte
        byte[] back = AnnexBWriter.toByteArray(units);
        if (!java.util.Arrays.equals(back, data)) {
          throw new AssertionError(codec + ": the split units do not write back to the input");
        }
        AccessUnitSplitter.group(units, codec);
        for (NalUnit u : units) {
          Expect.rejectionOnly(u::payloadRbsp);
        }
      });
    }
  }
}
