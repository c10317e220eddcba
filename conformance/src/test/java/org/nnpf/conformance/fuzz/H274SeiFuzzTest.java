package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274SeiSyntax;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.rbsp.BitReader;

/**
 * The H.274 NNPFC (210) and NNPFA (211) payload reader on any bytes (the first byte chooses the
 * payload type, the rest is the payload): it accepts, ignores (reserved values) or rejects with a
 * {@code BitstreamException}; an accepted message of a form the writer writes reads back equal.
 */
class H274SeiFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readsAnyNnpfcOrNnpfaPayload(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int type = (data[0] & 1) == 0 ? H274Characteristics.PAYLOAD_TYPE : H274Activation.PAYLOAD_TYPE;
    byte[] payload = java.util.Arrays.copyOfRange(data, 1, data.length);
    NnpfMessage[] m = new NnpfMessage[1];
    Expect.rejectionOnly(() -> m[0] = H274SeiSyntax.read(type, BitReader.of(payload, "fuzz"), null));
    if (m[0] instanceof H274Characteristics || m[0] instanceof H274Activation) {
      byte[] written;
      try {
        written = H274SeiSyntax.write(m[0]);
      } catch (IllegalArgumentException e) {
        return; // a form the writer does not write (other purposes, several inputs, colour description…)
      }
      NnpfMessage back = H274SeiSyntax.read(type, BitReader.of(written, "fuzz write-back"), null);
      if (!back.equals(m[0])) {
        throw new AssertionError("read back differs: " + m[0] + " vs " + back);
      }
    }
  }
}
