package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfMessageReader;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.UnsupportedNnpfMessage;
import org.nnpf.conformance.SyntaxWriter;

/**
 * The NNPF message reader on any bytes. A message it accepts must write back (project writer and
 * the conformance module's independent writer agreeing) to bytes that read back as the same
 * message; a version 1.0 message must write back to exactly the input.
 */
class NnpfMessageFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readsAnyMessageAndWritesItBack(byte[] data) {
    Expect.rejectionOnly(() -> {
      NnpfMessage m = NnpfMessageReader.read(data);
      if (m instanceof UnsupportedNnpfMessage) {
        return;
      }
      byte[] written = NnpfMessageWriter.toBytes(m);
      if (!Arrays.equals(written, new SyntaxWriter().write(m))) {
        throw new AssertionError("the two writers disagree on " + m);
      }
      NnpfMessage again = NnpfMessageReader.read(written);
      if (!again.equals(m)) {
        throw new AssertionError("read -> write -> read changed the message: " + m + " / " + again);
      }
      if (data.length >= 3 && data[2] == 0 && !Arrays.equals(written, data)) {
        throw new AssertionError("a version 1.0 message does not write back to its bytes: " + m);
      }
    });
  }
}
