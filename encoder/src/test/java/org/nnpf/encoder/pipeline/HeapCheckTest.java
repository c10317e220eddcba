package org.nnpf.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;

class HeapCheckTest {
  private static final Model MODEL = ModelStore.builtIn().defaultModel().model();

  @Test
  void theFloatPassGrowsWithThePictureNotWithAnythingElse() {
    long hd = HeapCheck.floatPassBytes(MODEL, 1920, 1080);
    long uhd = HeapCheck.floatPassBytes(MODEL, 3840, 2160);
    assertEquals(4.0, uhd / (double) hd, 0.01, "four times the samples, four times the activations");
    // the built-in network: 44 channels at half resolution, several tensors a layer
    assertTrue(hd > 44L * 960 * 540 * 4 * 6, hd + " bytes");
  }

  @Test
  void aPictureTooLargeForTheHeapIsRefusedNamingTheSizeAndTheOption() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 1, 2L << 30));
    assertTrue(e.getMessage().startsWith("uhd.yuv: pictures of 3840x2160 need at least "), e.getMessage());
    assertTrue(e.getMessage().contains("the maximum heap is 2048 MiB: run with NNPF_JAVA_OPTS=-Xmx"), e.getMessage());
    long need = HeapCheck.floatPassBytes(MODEL, 3840, 2160);
    assertDoesNotThrow(() -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 1, need + 1));
    assertThrows(NnpfException.class, () -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 2, need + 1),
        "one workspace per thread");
  }
}
