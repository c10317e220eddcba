package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nnpf.bitstream.carriage.NnpfNalUnits;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.rbsp.Rbsp;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;

/**
 * The SEI reader on any RBSP, and the NNPF SEI recognition and message reading on SEI NAL units of
 * each codec whose payload is the (escaped) input.
 */
class SeiFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readsAnySeiPayload(byte[] data) {
    Expect.rejectionOnly(() -> {
      for (SeiMessage m : SeiRbsp.read(Rbsp.of(data, "fuzz"))) {
        m.payload();
      }
    });
    for (NalCodec codec : NalCodec.values()) {
      byte[] header = NalUnit.create(codec, codec.prefixSeiType(), 0, 1, 0, new byte[] {(byte) 0x80}).toByteArray();
      byte[] nal = new byte[codec.headerBytes() + data.length];
      System.arraycopy(header, 0, nal, 0, codec.headerBytes());
      System.arraycopy(data, 0, nal, codec.headerBytes(), data.length);
      Expect.rejectionOnly(() -> NnpfNalUnits.parse(NalUnit.parse(codec, nal, 0, nal.length, 1, 0, 0)));
    }
  }
}
