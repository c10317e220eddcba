package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;

/**
 * The model file reader (an in-band model is any byte string whose SHA-256 the parameter set
 * carries) on any bytes; a file it accepts is canonical: the model writes back to the same bytes.
 */
class ModelFileFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readsAnyModelFileCanonically(byte[] data) {
    Expect.rejectionOnly(() -> {
      Model m = ModelFile.fromBytes(data, "fuzz");
      if (!Arrays.equals(ModelFile.toBytes(m), data)) {
        throw new AssertionError("an accepted model file is not canonical: " + m);
      }
    });
  }
}
