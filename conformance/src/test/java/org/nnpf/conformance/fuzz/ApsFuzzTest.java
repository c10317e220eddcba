package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nnpf.bitstream.carriage.NnpfNalUnits;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;

/**
 * NNPF APS recognition and parsing: a NAL unit of each codec's default APS type whose payload is
 * the signature "NNPF" followed by the input (escaped bytes as they would be in the stream).
 */
class ApsFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parsesAnyApsPayload(byte[] data) {
    for (NalCodec codec : NalCodec.values()) {
      byte[] header = NalUnit.create(codec, codec.defaultApsType(), 0, 1, codec == NalCodec.AVC ? 3 : 0,
          new byte[] {(byte) 0x80}).toByteArray();
      int h = codec.headerBytes();
      byte[] nal = new byte[h + 4 + data.length];
      System.arraycopy(header, 0, nal, 0, h);
      nal[h] = 'N';
      nal[h + 1] = 'N';
      nal[h + 2] = 'P';
      nal[h + 3] = 'F';
      System.arraycopy(data, 0, nal, h + 4, data.length);
      Expect.rejectionOnly(() -> NnpfNalUnits.parse(NalUnit.parse(codec, nal, 0, nal.length, 1, 0, 0)));
    }
  }
}
